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
 * The {@code bench/run conv} suite: LeNet-5's two convolutions at batch 64, forward plus
 * backward, and an LSTM layer, each as GFLOP/s and as a ratio to the GEMM throughput measured
 * in the same run on a square problem of comparable size. A plain timing loop (median of
 * repeated runs after warm-up) so the suite runs in seconds; the JMH class
 * {@link ConvBenchmark} covers the same cases with {@code -prof gc}.
 *
 * <p>FLOPs counted: 2 per multiply-add of the forward pass, the kernel gradient, and the input
 * gradient where computed (LeNet's first layer is the network's first layer, so it skips the
 * input gradient, as a compiled model does).
 */
public final class ConvBench {
    private ConvBench() {}

    public static void main(String[] args) {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        int reps = smoke ? 5 : 30;
        warmNanos = smoke ? 200_000_000L : 2_000_000_000L;
        int batch = 64;
        // GEMM is measured before and after the other cases and the better figure kept, so a
        // burst of load from other processes does not flatter the ratios.
        double gemm = gemmGflops(256, reps);
        double[] res = null;
        // Two passes over all cases: on a loaded machine C2 may still be compiling the large
        // kernels during the first; only the second is reported.
        for (int pass = 0; pass < 2; pass++) {
            caseNo = 0;
            res = new double[] {
            conv(ConvGeometry.conv2d(batch, 32, 32, 1, 5, 5, 6, 1, 1, ConvGeometry.Padding.VALID), false, reps),
            conv(ConvGeometry.conv2d(batch, 14, 14, 6, 5, 5, 16, 1, 1, ConvGeometry.Padding.VALID), true, reps),
            lstm(new RnnShape(batch, 32, 32, 128), reps)};
        }
        gemm = Math.max(gemm, gemmGflops(256, reps));
        // Medians, and best-of-run figures (less sensitive to other processes on a shared machine).
        System.out.printf("gemm m=256 n=256 k=256 threads=%d gflops=%.1f best_gflops=%.1f%n", KernelConfig.threads(), gemm, gemmBest);
        String[] names = {"conv2d layer=lenet1 batch=" + batch + " pass=fwd+bwd(no dIn)",
            "conv2d layer=lenet2 batch=" + batch + " pass=fwd+bwd",
            "lstm batch=" + batch + " time=32 input=32 units=128 pass=fwd+bwd"};
        for (int c = 0; c < 3; c++) {
            String times = c < 2 ? String.format("fwd_ms=%.3f bwd_ms=%.3f", res[c] / 1e6, lastBwd[c] / 1e6)
                    : String.format("ms=%.3f", res[c] / 1e6);
            System.out.printf("%s %s gflops=%.1f gemm_gflops=%.1f ratio=%.2f best_gflops=%.1f best_ratio=%.2f%n",
                    names[c], times, lastGflops[c], gemm, lastGflops[c] / gemm, bestGflops[c], bestGflops[c] / gemmBest);
        }
    }

    /** Each case first runs for this long, so that C2 has compiled the Vector API code. */
    static long warmNanos;

    static void warm(Runnable body) {
        long end = System.nanoTime() + warmNanos;
        while (System.nanoTime() < end) body.run();
    }

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
        gemmBest = Math.max(gemmBest, 2.0 * n * n * n / min(t));
        return 2.0 * n * n * n / median(t);
    }

    private static final double[] lastBwd = new double[3], lastGflops = new double[3], bestGflops = new double[3];
    private static double gemmBest;
    private static int caseNo;

    /** Returns the median forward time (ns); records backward time and GFLOP/s. */
    static double conv(ConvGeometry g, boolean inputGradient, int reps) {
        Random r = new Random(2);
        float[] in = rand(r, g.inputSize()), k = rand(r, g.kernelSize()), bias = rand(r, g.cout());
        float[] out = new float[g.outputSize()], dOut = rand(r, g.outputSize());
        float[] dIn = inputGradient ? new float[g.inputSize()] : null, dk = new float[g.kernelSize()], db = new float[g.cout()];
        float[] work = new float[Conv2d.workspaceSize(g)];
        double[] fwd = new double[reps], bwd = new double[reps];
        warm(() -> {
            Conv2d.forward(g, in, 0, k, 0, bias, 0, Epilogue.RELU, out, 0, work);
            Conv2d.backward(g, in, 0, k, 0, dOut, 0, dIn, 0, dk, 0, db, 0, false, work);
        });
        for (int i = 0; i < reps + 20; i++) {
            long s = System.nanoTime();
            Conv2d.forward(g, in, 0, k, 0, bias, 0, Epilogue.RELU, out, 0, work);
            long m = System.nanoTime();
            Conv2d.backward(g, in, 0, k, 0, dOut, 0, dIn, 0, dk, 0, db, 0, false, work);
            long e = System.nanoTime();
            if (i >= 20) { fwd[i - 20] = m - s; bwd[i - 20] = e - m; }
        }
        double f = g.flops(), tf = median(fwd), tb = median(bwd);
        double total = f * (inputGradient ? 3 : 2);
        double[] both = new double[reps];
        for (int i = 0; i < reps; i++) both[i] = fwd[i] + bwd[i];
        bestGflops[caseNo] = total / min(both);
        lastBwd[caseNo] = tb;
        lastGflops[caseNo++] = total / (tf + tb);
        return tf;
    }

    /** Returns the median forward+backward time (ns); records GFLOP/s. */
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
        double flops = 2.0 * s.rows() * n * (s.input() + u) * 3;
        bestGflops[caseNo] = flops / min(t);
        lastGflops[caseNo++] = flops / median(t);
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
