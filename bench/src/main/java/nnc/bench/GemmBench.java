package nnc.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nnc.runtime.kernels.Epilogue;
import nnc.runtime.kernels.Gemm;

/**
 * Throughput of {@link Gemm} on the shapes of {@link GemmCases}, one line per shape and thread
 * count. With {@code --python PY --numpy-script FILE}, numpy's SGEMM is timed on the same shape
 * in the same run, its rounds interleaved with ours (the machine may be shared), and the line
 * carries both medians and their ratio. The JMH benchmark {@link GemmJmh} is the careful one;
 * this harness answers in seconds.
 *
 * <p>Usage: {@code GemmBench [--list] [--smoke] [--rounds N] [--threads 1,2] [--python PY
 * --numpy-script FILE]}.
 */
public final class GemmBench {
    private GemmBench() {}

    public static void main(String[] args) throws IOException {
        boolean smoke = false;
        boolean list = false;
        int rounds = 5;
        int[] threads = {1, 2};
        String python = null;
        Path script = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--list" -> list = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--python" -> python = args[++i];
                case "--numpy-script" -> script = Path.of(args[++i]);
                default -> {
                    System.err.println("GemmBench: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (System.getProperty("nnc.threads") == null) {
            // Size the shared worker pool for the largest thread count measured.
            System.setProperty("nnc.threads", Integer.toString(Arrays.stream(threads).max().orElse(1)));
        }
        List<GemmCases.Shape> shapes = GemmCases.all(smoke);
        if (list) {
            shapes.forEach(s -> System.out.println(s.key()));
            return;
        }
        double roundSeconds = smoke ? 0.02 : 0.1;
        warmUp(smoke, threads[threads.length - 1]);
        for (int t : threads) {
            try (NumpyReference np = python == null ? null : new NumpyReference(python, script, t)) {
                for (GemmCases.Shape s : shapes) {
                    Case c = new Case(s, t);
                    c.warm(smoke ? 0.05 : 0.2);
                    double[] ours = new double[rounds];
                    double[] theirs = new double[rounds];
                    for (int q = 0; q < rounds; q++) {
                        ours[q] = c.round(roundSeconds);
                        if (np != null) {
                            theirs[q] = np.round(s.key(), roundSeconds);
                        }
                    }
                    double g = median(ours);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "gemm %s threads=%d gflops=%.1f", s.key(), t, g));
                    if (np != null) {
                        double r = median(theirs);
                        line.append(String.format(Locale.ROOT, " numpy_gflops=%.1f ratio=%.2f", r, g / r));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    /** The Vector API is slow until C2 has compiled the kernels: run every path first. */
    private static void warmUp(boolean smoke, int threads) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                new Case(new GemmCases.Shape("warm-up", 96, 200, 96, ta, tb), threads).warm(smoke ? 0.15 : 0.4);
                new Case(new GemmCases.Shape("warm-up", 200, 6, 50, ta, tb), 1).warm(smoke ? 0.1 : 0.2);
            }
        }
    }

    /** One shape at one thread count, with its operands. */
    private static final class Case {
        final GemmCases.Shape s;
        final int threads, lda, ldb;
        final float[] a, b, c;
        double perCall;

        Case(GemmCases.Shape s, int threads) {
            this.s = s;
            this.threads = threads;
            SplittableRandom r = new SplittableRandom(1);
            lda = s.ta() ? s.m() : s.k();
            ldb = s.tb() ? s.k() : s.n();
            a = random(r, s.m() * s.k());
            b = random(r, s.k() * s.n());
            c = new float[s.m() * s.n()];
        }

        void call() {
            Gemm.sgemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb,
                    0f, c, 0, s.n(), null, 0, Epilogue.IDENTITY, threads);
        }

        void warm(double seconds) {
            long t0 = System.nanoTime();
            long reps = 0;
            while (reps < 10 || System.nanoTime() - t0 < seconds * 1e9) {
                call();
                reps++;
            }
            perCall = (System.nanoTime() - t0) / 1e9 / reps;
        }

        /** GFLOP/s of one timed round of about {@code seconds}. */
        double round(double seconds) {
            long n = Math.max(1, (long) (seconds / perCall));
            long st = System.nanoTime();
            for (long i = 0; i < n; i++) {
                call();
            }
            return s.flops() * n / ((System.nanoTime() - st) / 1e9) / 1e9;
        }
    }

    static double median(double[] x) {
        double[] y = x.clone();
        Arrays.sort(y);
        return y.length % 2 == 1 ? y[y.length / 2] : (y[y.length / 2 - 1] + y[y.length / 2]) / 2;
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
