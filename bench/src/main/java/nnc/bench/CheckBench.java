package nnc.bench;

import java.util.Arrays;
import nnc.check.CheckResult;
import nnc.check.Checker;
import nnc.syntax.SourceFile;

/**
 * Plain benchmark of the front end: parse + check of a generated 200-layer model in a warm JVM.
 * Run: {@code java --add-modules=jdk.incubator.vector -cp dist/target/nnc.jar:bench/target/classes nnc.bench.CheckBench}.
 * Prints the median and the mean time per parse+check after a warm-up; not a test (timings are not asserted).
 */
public final class CheckBench {
    private CheckBench() {}

    /** A model of {@code layers} layers: dense/batchnorm/activation/dropout blocks, then a softmax head. */
    public static String generate(int layers) {
        StringBuilder b = new StringBuilder("// generated: ").append(layers).append(" layers\nmodel Big {\n    input x: [64]\n");
        String[] cycle = {"dense(64)", "batchnorm", "relu", "dropout(0.1)"};
        for (int i = 0; i < layers - 1; i++) b.append("    ").append(cycle[i % cycle.length]).append('\n');
        b.append("    dense(10, softmax)\n}\n");
        return b.toString();
    }

    public static void main(String[] args) {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        SourceFile src = new SourceFile("big.nn", generate(layers));
        CheckResult first = Checker.check(src);
        if (!first.ok()) throw new IllegalStateException("generated model does not check: " + first.diagnostics());
        int count = first.program().models().get(0).layers().size();
        long end = System.nanoTime() + 20_000_000_000L;
        for (int i = 0; i < 200 && System.nanoTime() < end; i++) Checker.check(src);
        int n = 100;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            CheckResult r = Checker.check(src);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (!r.ok()) throw new IllegalStateException();
        }
        Arrays.sort(ms);
        double mean = Arrays.stream(ms).average().orElse(0);
        System.out.printf("parse+check of a %d-layer model (%d instances, %,d params): median %.2f ms, mean %.2f ms, min %.2f ms (%d runs after warm-up)%n",
                layers, count, first.program().models().get(0).totalParams(), ms[n / 2], mean, ms[0], n);
    }
}
