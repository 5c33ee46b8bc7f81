package nnc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measures (does not assert) how long a warm server takes from a change of a 200-layer file to
 * the diagnostics it publishes, the debounce included, and the analysis alone. The figures are
 * printed for the report; the assertions only check that each published result is right.
 */
class DiagnosticsLatencyTest {
    static final int LAYERS = 200;

    /** A model of {@code LAYERS} layers; {@code broken} makes the last dense layer's input a wrong rank. */
    static String bigModel(int width, boolean broken) {
        StringBuilder b = new StringBuilder("// generated: ").append(LAYERS).append(" layers\nmodel Big {\n");
        b.append("    input x: [").append(width).append("]\n");
        for (int i = 0; i < LAYERS - 1; i++) {
            switch (i % 4) {
                case 0 -> b.append("    dense(").append(width).append(", relu)\n");
                case 1 -> b.append("    dropout(0.1)\n");
                case 2 -> b.append("    dense(").append(width).append(", activation = tanh, use_bias = false)\n");
                default -> b.append("    batchnorm\n");
            }
        }
        b.append(broken ? "    conv2d(8, 3)\n" : "    dense(10, softmax)\n");
        return b.append("}\n").toString();
    }

    @Test
    void measureDiagnosticsLatencyOfA200LayerFile() throws Exception {
        String uri = "file:///tmp/big.nn";
        List<Double> endToEnd = new ArrayList<>();
        try (InProcessClient client = new InProcessClient()) {
            client.open(uri, bigModel(32, false));
            assertEquals(0, client.diagnostics(uri, 1).getDiagnostics().size());
            int version = 1;
            for (int round = 0; round < 80; round++) {
                boolean broken = round % 2 == 1;
                String text = bigModel(16 + round % 7, broken);
                long t0 = System.nanoTime();
                client.change(uri, ++version, text);
                int count = client.diagnostics(uri, version).getDiagnostics().size();
                long t1 = System.nanoTime();
                assertEquals(broken ? 1 : 0, count, "round " + round);
                if (round >= 30) endToEnd.add((t1 - t0) / 1e6); // the first 30 rounds warm the JIT
            }
        }
        List<Double> analysisOnly = new ArrayList<>();
        List<Double> analysisCpu = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Analyzer analyzer = new Analyzer();
        for (int round = 0; round < 80; round++) {
            String text = bigModel(16 + round % 7, round % 2 == 1);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Analysis a = analyzer.analyze("file:///tmp/big.nn", text, round);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            if (round >= 30) analysisCpu.add((c1 - c0) / 1e6);
            assertEquals(round % 2 == 1 ? 1 : 0, a.diagnostics().size(), "round " + round);
            if (round % 2 == 0) assertEquals(LAYERS, a.layers().size(), "every layer has a shape");
            if (round >= 30) analysisOnly.add((t1 - t0) / 1e6);
        }
        // On a shared, loaded machine wall-clock times include waiting for a core; the CPU time
        // of the analysing thread shows the work itself.
        System.out.printf("Diagnostics latency, %d-layer file, warm server: change -> publish (debounce %d ms included):"
                + " min %.1f ms, median %.1f ms, p90 %.1f ms; analysis alone (parse + check): wall median %.1f ms,"
                + " CPU median %.1f ms, CPU p90 %.1f ms%n",
                LAYERS, NncTextDocumentService.DEFAULT_DEBOUNCE_MS, pct(endToEnd, 0), pct(endToEnd, 50),
                pct(endToEnd, 90), pct(analysisOnly, 50), pct(analysisCpu, 50), pct(analysisCpu, 90));
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        // p = 0 gives the minimum
        return sorted.get(Math.max(0, i));
    }
}
