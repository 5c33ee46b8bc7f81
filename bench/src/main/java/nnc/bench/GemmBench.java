package nnc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * <p>Usage: {@code GemmBench [--list] [--smoke] [--rounds N] [--threads 1,2] [--only KEYS] [--python PY
 * --numpy-script FILE]}.
 */
public final class GemmBench {
    private GemmBench() {}

    public static void main(String[] args) throws IOException {
        boolean smoke = false;
        boolean list = false;
        int rounds = 7;
        int[] threads = {1, 2};
        String python = null;
        Path script = null;
        // Semicolon-separated key prefixes, e.g. "m=256 n=256 k=256;m=30 n=4": measure those only.
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--list" -> list = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--python" -> python = args[++i];
                case "--numpy-script" -> script = Path.of(args[++i]);
                case "--only" -> only = args[++i];
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
        if (only != null) {
            List<String> prefixes = List.of(only.split(";"));
            shapes = shapes.stream().filter(s -> prefixes.stream().anyMatch(p -> s.key().startsWith(p.trim()))).toList();
        }
        if (list) {
            shapes.forEach(s -> System.out.println(s.key()));
            return;
        }
        double roundSeconds = smoke ? 0.02 : 0.05;
        warmUp(smoke, threads[threads.length - 1]);
        for (int t : threads) {
            try (NumpyReference np = python == null ? null : new NumpyReference(python, script, t)) {
                for (GemmCases.Shape s : shapes) {
                    Case c = new Case(s, t);
                    c.warm(smoke ? 0.05 : 1.0);
                    double[] ours = new double[rounds], oursCpu = new double[rounds];
                    double[] theirs = new double[rounds], theirsCpu = new double[rounds];
                    for (int q = 0; q < rounds; q++) {
                        double[] o = c.round(roundSeconds);
                        ours[q] = o[0];
                        oursCpu[q] = o[1];
                        if (np != null) {
                            double[] r = np.round(s.key(), roundSeconds);
                            if (t > 1) {
                                np.awaitIdle(1.0);
                            }
                            theirs[q] = r[0];
                            theirsCpu[q] = r[1];
                            if (Boolean.getBoolean("bench.debug")) {
                                System.err.println("numpy round " + r[0] + " " + r[1] + " ours " + o[0] + " " + o[1]);
                            }
                        }
                    }
                    double g = median(ours);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "gemm %s threads=%d gflops=%.1f", s.key(), t, g));
                    if (t == 1) {
                        // By CPU time of the computing thread: steadier than the wall clock when
                        // neighbours take the core now and then.
                        line.append(String.format(Locale.ROOT, " cpu_gflops=%.1f", median(oursCpu)));
                    }
                    if (np != null) {
                        double r = median(theirs);
                        line.append(String.format(Locale.ROOT, " numpy_gflops=%.1f ratio=%.2f", r, g / r));
                        // On a shared machine the wall clock mostly measures the neighbours; with one
                        // thread, CPU time of the computing thread is a steadier yardstick.
                        if (t == 1) {
                            line.append(String.format(Locale.ROOT, " cpu_ratio=%.2f", median(oursCpu) / median(theirsCpu)));
                        }
                        // Best rounds: the nearest either side gets to an idle machine.
                        line.append(String.format(Locale.ROOT, " best_ratio=%.2f", max(ours) / max(theirs)));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    /**
     * The Vector API runs 100x slower until C2 has compiled a kernel, and each register tile
     * (packed and in-place) is its own method: run shapes that reach every one of them.
     */
    private static void warmUp(boolean smoke, int threads) {
        int[][] shapes = {{96, 200, 96}, {99, 50, 96}, {203, 25, 50}, {203, 6, 50}, {25, 6, 500}};
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] sh : shapes) {
                    new Case(new GemmCases.Shape("warm-up", sh[0], sh[1], sh[2], ta, tb), threads)
                            .warm(smoke ? 0.08 : 0.3);
                }
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

        /**
         * Runs the shape until its speed has settled: at least {@code seconds}, then until two
         * consecutive windows agree within 10% (a new shape can deoptimize a kernel, and C2 may
         * need seconds on a busy machine to recompile it), at most {@code 8 * seconds}.
         */
        void warm(double seconds) {
            long t0 = System.nanoTime();
            double prev = -1;
            while (true) {
                long st = System.nanoTime();
                long reps = 0;
                while (reps < 3 || System.nanoTime() - st < seconds * 0.25e9) {
                    call();
                    reps++;
                }
                perCall = (System.nanoTime() - st) / 1e9 / reps;
                double elapsed = (System.nanoTime() - t0) / 1e9;
                boolean settled = prev > 0 && Math.abs(perCall - prev) <= 0.1 * Math.max(perCall, prev);
                if ((elapsed >= seconds && settled) || elapsed >= 8 * seconds) {
                    return;
                }
                prev = perCall;
            }
        }

        /**
         * One timed round of about {@code seconds}: GFLOP/s by wall clock and by this thread's
         * CPU time (the whole work with one thread; a lower bound of the time otherwise).
         */
        double[] round(double seconds) {
            long n = Math.max(1, (long) (seconds / perCall));
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpu = mx.getCurrentThreadCpuTime();
            long st = System.nanoTime();
            for (long i = 0; i < n; i++) {
                call();
            }
            double wall = (System.nanoTime() - st) / 1e9;
            double cpuSec = Math.max(1e-9, (mx.getCurrentThreadCpuTime() - cpu) / 1e9);
            return new double[] {s.flops() * n / wall / 1e9, s.flops() * n / cpuSec / 1e9};
        }
    }

    static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
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
