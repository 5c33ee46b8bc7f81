package nnc.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import nnc.runtime.compiled.SmallGemm;
import nnc.runtime.kernels.Epilogue;

/**
 * Time per call of {@link SmallGemm} (the GEMM entry point of generated model code) on the
 * products of one training step of samples/iris.nn (batch 30, 4-256-256-256-3) and of a
 * one-sample prediction: forward {@code X W}, kernel gradient {@code X^T dY}, input gradient
 * {@code dY W^T}. Each case is called in a loop long enough for C2 to have compiled it, then
 * timed in rounds; the line gives the median microseconds per call and GFLOP/s.
 *
 * <p>Usage: {@code SmallGemmBench [--smoke] [--rounds N] [--only NAME]}.
 */
public final class SmallGemmBench {
    private SmallGemmBench() {}

    /** name, transA, transB, m, n, k (C is m x n). */
    record Case(String name, boolean ta, boolean tb, int m, int n, int k) {
        long macs() {
            return (long) m * n * k;
        }
    }

    static final Case[] CASES = {
        new Case("fwd-30x256x256", false, false, 30, 256, 256),
        new Case("fwd-30x256x4", false, false, 30, 256, 4),
        new Case("fwd-30x3x256", false, false, 30, 3, 256),
        new Case("dW-256x256x30", true, false, 256, 256, 30),
        new Case("dW-256x3x30", true, false, 256, 3, 30),
        new Case("dX-30x256x256", false, true, 30, 256, 256),
        new Case("dX-30x256x3", false, true, 30, 256, 3),
        new Case("predict-1x256x256", false, false, 1, 256, 256),
    };

    public static void main(String[] args) {
        boolean smoke = false;
        int rounds = 9;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (smoke) rounds = 2;
        SplittableRandom rnd = new SplittableRandom(7);
        for (Case c : CASES) {
            if (only != null && !c.name().startsWith(only)) continue;
            int aRows = c.ta() ? c.k() : c.m(), aCols = c.ta() ? c.m() : c.k();
            int bRows = c.tb() ? c.n() : c.k(), bCols = c.tb() ? c.k() : c.n();
            float[] a = fill(rnd, aRows * aCols), b = fill(rnd, bRows * bCols), cc = new float[c.m() * c.n()];
            float[] bias = fill(rnd, c.n());
            Epilogue act = c.name().startsWith("fwd") || c.name().startsWith("predict") ? Epilogue.RELU : null;
            // calls per timed round: about 2 ms of work at 100 GFLOP/s
            int calls = (int) Math.max(10, 2e-3 * 100e9 / (2.0 * c.macs()));
            if (smoke) calls = Math.min(calls, 50);
            int warm = smoke ? 200 : 20_000;
            float sink = 0;
            for (int i = 0; i < warm; i++) {
                call(c, a, b, cc, bias, act);
                sink += cc[i % cc.length];
            }
            double[] us = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) call(c, a, b, cc, bias, act);
                us[r] = (System.nanoTime() - t0) / 1e3 / calls;
                sink += cc[r % cc.length];
            }
            Arrays.sort(us);
            double med = us[rounds / 2];
            System.out.println(String.format(Locale.ROOT, "small-gemm %s us=%.2f gflops=%.1f%s", c.name(), med,
                    2.0 * c.macs() / (med * 1e3), sink == 1.2345f ? " " : ""));
        }
    }

    private static void call(Case c, float[] a, float[] b, float[] cc, float[] bias, Epilogue act) {
        int lda = c.ta() ? c.m() : c.k(), ldb = c.tb() ? c.k() : c.n();
        SmallGemm.sgemm(c.ta(), c.tb(), c.m(), c.n(), c.k(), 1f, a, 0, lda, b, 0, ldb, 0f, cc, 0, c.n(),
                act == null ? null : bias, 0, act);
    }

    private static float[] fill(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
