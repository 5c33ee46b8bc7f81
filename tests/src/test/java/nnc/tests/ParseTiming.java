package nnc.tests;

import nnc.cli.Frontend;
import nnc.cli.FrontendResult;
import nnc.syntax.ParseResult;
import nnc.syntax.SourceFile;
import nnc.syntax.SourceParser;

/**
 * A plain benchmark (not a test): parses, and parses + checks, a generated model of 200
 * layers in a warm JVM and prints the median and minimum times. Run it with
 * {@code mvn -q -pl tests -am test-compile} and then
 * {@code java -cp "tests/target/test-classes:compiler/target/classes:..." nnc.tests.ParseTiming}
 * (see docs/syntax.md).
 */
public final class ParseTiming {
    private ParseTiming() {}

    static String model(int layers) {
        StringBuilder b = new StringBuilder("// generated: ").append(layers).append(" layers\nmodel Deep {\n    input x: [64]\n");
        for (int i = 0; i < layers; i++) {
            b.append(switch (i % 4) {
                case 0 -> "    dense(64, relu)\n";
                case 1 -> "    dropout(rate = 0.1)\n";
                case 2 -> "    dense(units = 64, activation = tanh, use_bias = true) as hidden_" + i + "\n";
                default -> "    batchnorm(momentum = 0.99, epsilon = 0.001)\n";
            });
        }
        return b.append("    dense(10, softmax)\n}\n").toString();
    }

    public static void main(String[] args) {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        SourceFile source = new SourceFile("deep.nn", model(layers));
        ParseResult first = SourceParser.parse(source);
        if (!first.ok()) throw new IllegalStateException("generated model does not parse: " + first.diagnostics());
        FrontendResult checked = Frontend.run(source);
        if (!checked.ok()) throw new IllegalStateException("generated model does not check: " + checked.diagnostics());
        System.out.printf("%d layers, %d lines, %d characters%n", layers, source.lineCount(), source.text().length());
        for (int round = 1; round <= 2; round++) {
            report("parse", () -> SourceParser.parse(source));
            report("parse + check", () -> Frontend.run(source));
        }
    }

    private static void report(String what, Runnable r) {
        for (int i = 0; i < 500; i++) r.run();          // warm-up: JIT
        int n = 200;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = System.nanoTime() - s;
        }
        java.util.Arrays.sort(t);
        System.out.printf("%-14s median %.2f ms, min %.2f ms, p90 %.2f ms (%d runs after 500 warm-up)%n",
                what, t[n / 2] / 1e6, t[0] / 1e6, t[n * 9 / 10] / 1e6, n);
    }
}
