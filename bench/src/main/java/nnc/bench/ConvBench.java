package nnc.bench;

import java.util.Arrays;
import java.util.Random;
import nnc.runtime.kernels.Activation;
import nnc.runtime.kernels.Conv2d;
import nnc.runtime.kernels.ConvGeometry;
import nnc.runtime.kernels.Epilogue;
import nnc.runtime.kernels.Gemm;
import nnc.runtime.kernels.KernelConfig;
import nnc.runtime.kernels.Lstm;
import nnc.runtime.kernels.RnnShape;

/**
 * The {@code bench/run conv} suite: LeNet-5's two convolutions at batch 64 (the geometry of
 * samples/lenet5_fashion.nn), forward plus backward, and an LSTM layer, each as GFLOP/s and as
 * a ratio to the GEMM throughput measured in the same run. A plain timing loop (median of
 * repeated runs after warm-up) so the suite runs in seconds; the JMH class {@link ConvJmh}
 * covers the same cases with {@code -prof gc}.
 *
 * <p>GEMM throughput: the better median of square single-precision GEMMs at
 * {@code m = n = k = 256} and {@code 512}, measured before and after the other cases (the
 * better figure kept, so a burst of load from other processes does not flatter the ratios),
 * on the same number of threads as the convolutions.
 *
 * <p>FLOPs counted per pass: {@code 2 * batch * outH * outW * cout * kh * kw * cin}, the same
 * for the forward pass, the kernel gradient and the input gradient (the bias gradient and the
 * ReLU are not counted). Each pass is timed on its own, interleaved in the same loop, and
 * reported as a median; the totals are the sum of the per-pass medians. LeNet's first layer is
 * the network's first layer, so a compiled model skips its input gradient: it is reported as
 * "fwd+bwd(no dIn)" (two passes) and, for the three-pass figure, with the input gradient too.
 * The line {@code layer=lenet1+lenet2 pass=needed(...)} is what a training step of the network
 * runs for both layers: the FLOPs of layer 1's two passes and layer 2's three over the sum of
 * their median times.
 */
public final class ConvBench {
    private ConvBench() {}

    public static void main(String[] args) {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        int reps = smoke ? 5 : 40;
        warmNanos = smoke ? 200_000_000L : 2_000_000_000L;
        int batch = 64;
        double gemm = Math.max(gemmGflops(256, reps), gemmGflops(512, reps / 4 + 1));
        ConvGeometry l1 = ConvGeometry.conv2d(batch, 28, 28, 1, 5, 5, 6, 1, 1, ConvGeometry.Padding.SAME);
        ConvGeometry l2 = ConvGeometry.conv2d(batch, 14, 14, 6, 5, 5, 16, 1, 1, ConvGeometry.Padding.VALID);
        double[][] c1 = null, c2 = null;
        double lstm = 0;
        // Two passes over all cases: on a loaded machine C2 may still be compiling the large
        // kernels during the first; only the second is reported.
        // --only NAME (lenet1, lenet2, lstm) runs one case, for quicker A/B comparisons.
        int oi = Arrays.asList(args).indexOf("--only");
        String only = oi >= 0 && oi + 1 < args.length ? args[oi + 1] : null;
        for (int pass = 0; pass < 2; pass++) {
            if (only == null || only.equals("lenet1")) c1 = conv(l1, reps);
            if (only == null || only.equals("lenet2")) c2 = conv(l2, reps);
            if (only == null || only.equals("lstm")) lstm = lstm(new RnnShape(batch, 32, 32, 128), reps);
        }
        gemm = Math.max(gemm, Math.max(gemmGflops(256, reps), gemmGflops(512, reps / 4 + 1)));
        System.out.printf("gemm m=n=k=256|512 threads=%d gflops=%.1f (256: %.1f, 512: %.1f)%n",
                KernelConfig.threads(), gemm, gemmBySize[0], gemmBySize[1]);
        if (c1 != null) report("lenet1", l1, c1, gemm);
        if (c2 != null) report("lenet2", l2, c2, gemm);
        if (c1 != null && c2 != null) {
            // What one training step of the network runs: layer 1 needs no input gradient.
            double ms = c1[0][0] + c1[0][1] + c2[0][0] + c2[0][1] + c2[0][2], f = 2 * l1.flops() + 3 * l2.flops();
            System.out.printf("conv2d layer=lenet1+lenet2 batch=%d pass=needed(lenet1 fwd+dK, lenet2 fwd+dK+dIn) ms=%.3f gflops=%.1f gemm_gflops=%.1f ratio=%.2f%n",
                    batch, ms / 1e6, f / ms, gemm, f / ms / gemm);
        }
        if (lstm > 0) System.out.printf("lstm batch=%d time=32 input=32 units=128 pass=fwd+bwd ms=%.3f gflops=%.1f gemm_gflops=%.1f ratio=%.2f%n",
                batch, lstm / 1e6, lstmFlops / lstm, gemm, lstmFlops / lstm / gemm);
    }

    private static void report(String name, ConvGeometry g, double[][] t, double gemm) {
        double f = g.flops();
        String[] passes = {"fwd", "dK+db", "dIn"};
        for (int p = 0; p < 3; p++) {
            System.out.printf("conv2d layer=%s batch=%d pass=%s ms=%.3f gflops=%.1f gemm_gflops=%.1f ratio=%.2f%n",
                    name, g.batch(), passes[p], t[0][p] / 1e6, f / t[0][p], gemm, f / t[0][p] / gemm);
        }
        double two = t[0][0] + t[0][1], three = two + t[0][2];
        System.out.printf("conv2d layer=%s batch=%d pass=fwd+bwd(no dIn) ms=%.3f gflops=%.1f gemm_gflops=%.1f ratio=%.2f%n",
                name, g.batch(), two / 1e6, 2 * f / two, gemm, 2 * f / two / gemm);
        System.out.printf("conv2d layer=%s batch=%d pass=fwd+bwd ms=%.3f gflops=%.1f gemm_gflops=%.1f ratio=%.2f%n",
                name, g.batch(), three / 1e6, 3 * f / three, gemm, 3 * f / three / gemm);
    }

    /** Each case first runs for this long, so that C2 has compiled the Vector API code. */
    static long warmNanos;

    static void warm(Runnable body) {
        long end = System.nanoTime() + warmNanos;
        while (System.nanoTime() < end) body.run();
    }

    private static final double[] gemmBySize = new double[2];

    static double gemmGflops(int n, int reps) {
        Random r = new Random(1);
        float[] a = rand(r, n * n), b = rand(r, n * n), c = new float[n * n];
        double[] t = new double[reps];
        warm(() -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            t[i] = System.nanoTime() - s;
        }
        double g = 2.0 * n * n * n / median(t);
        int i = n == 256 ? 0 : 1;
        gemmBySize[i] = Math.max(gemmBySize[i], g);
        return g;
    }

    /** Median times (ns) of {forward, kernel + bias gradient, input gradient}, as {@code [0][pass]}. */
    static double[][] conv(ConvGeometry g, int reps) {
        Random r = new Random(2);
        float[] in = rand(r, g.inputSize()), k = rand(r, g.kernelSize()), bias = rand(r, g.cout());
        float[] out = new float[g.outputSize()], dOut = rand(r, g.outputSize());
        float[] dIn = new float[g.inputSize()], dk = new float[g.kernelSize()], db = new float[g.cout()];
        float[] work = new float[Conv2d.workspaceSize(g)];
        double[][] t = new double[3][reps];
        Runnable[] body = {
            () -> Conv2d.forward(g, in, 0, k, 0, bias, 0, Epilogue.RELU, out, 0, work),
            () -> Conv2d.backward(g, in, 0, k, 0, dOut, 0, null, 0, dk, 0, db, 0, false, work),
            () -> Conv2d.backward(g, in, 0, k, 0, dOut, 0, dIn, 0, null, 0, null, 0, false, work)};
        warm(() -> { for (Runnable b : body) b.run(); });
        for (int i = 0; i < reps + 10; i++) {
            for (int p = 0; p < 3; p++) {
                long s = System.nanoTime();
                body[p].run();
                long e = System.nanoTime();
                if (i >= 10) t[p][i - 10] = e - s;
            }
        }
        return new double[][] {{median(t[0]), median(t[1]), median(t[2])}};
    }

    private static double lstmFlops;

    /** Returns the median forward+backward time (ns). */
    static double lstm(RnnShape s, int reps) {
        Random r = new Random(3);
        int u = s.units(), n = 4 * u;
        float[] x = rand(r, s.rows() * s.input()), w = rand(r, s.input() * n), uk = rand(r, u * n), b = rand(r, n);
        float[] gates = new float[s.rows() * n], cells = new float[s.rows() * u], h = new float[s.rows() * u];
        float[] dH = rand(r, s.rows() * u), dx = new float[x.length], dw = new float[w.length], du = new float[uk.length], db = new float[n];
        float[] work = new float[Lstm.backwardWorkspaceSize(s)];
        double[] t = new double[reps];
        warm(() -> {
            Lstm.forward(s, Activation.TANH, Activation.SIGMOID, x, 0, w, 0, uk, 0, b, 0, gates, 0, cells, 0, h, 0);
            Lstm.backward(s, Activation.TANH, Activation.SIGMOID, x, 0, w, 0, uk, 0, gates, 0, cells, 0, h, 0, dH, 0,
                    dx, 0, dw, 0, du, 0, db, 0, false, work);
        });
        for (int i = 0; i < reps + 10; i++) {
            long st = System.nanoTime();
            Lstm.forward(s, Activation.TANH, Activation.SIGMOID, x, 0, w, 0, uk, 0, b, 0, gates, 0, cells, 0, h, 0);
            Lstm.backward(s, Activation.TANH, Activation.SIGMOID, x, 0, w, 0, uk, 0, gates, 0, cells, 0, h, 0, dH, 0,
                    dx, 0, dw, 0, du, 0, db, 0, false, work);
            if (i >= 10) t[i - 10] = System.nanoTime() - st;
        }
        // GEMM FLOPs: forward x W and h U; backward dX, dW, dU, and dh carry (dZ U^T).
        lstmFlops = 2.0 * s.rows() * n * (s.input() + u) * 3;
        return median(t);
    }

    static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    static double min(double[] t) {
        double m = Double.MAX_VALUE;
        for (double v : t) m = Math.min(m, v);
        return m;
    }

    static double median(double[] t) {
        double[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
