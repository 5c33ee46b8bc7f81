package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Randomised comparison of {@link Gemm} (the vector path) and {@link GemmScalar} against an
 * independent double-precision reference, on odd sizes, every transpose combination, alpha and
 * beta variants, offsets and padded leading dimensions, epilogues and thread counts.
 */
class GemmTest {
    private static final int[] ODD = {1, 3, 7, 17, 33, 65, 257};
    private static final Epilogue[] ACTS = Epilogue.values();

    /** One randomly laid-out problem: operands with random offsets and padded leading dims. */
    private static final class Problem {
        final boolean ta, tb;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, biasOff;
        final float alpha, beta;
        final float[] a, b, c0, bias;
        final Epilogue act;

        Problem(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k,
                float alpha, float beta, boolean withBias, Epilogue act) {
            this.ta = ta; this.tb = tb; this.m = m; this.n = n; this.k = k;
            this.alpha = alpha; this.beta = beta; this.act = act;
            int aRows = ta ? k : m, aCols = ta ? m : k;
            int bRows = tb ? n : k, bCols = tb ? k : n;
            lda = aCols + r.nextInt(3); ldb = bCols + r.nextInt(3); ldc = n + r.nextInt(3);
            aOff = r.nextInt(5); bOff = r.nextInt(5); cOff = r.nextInt(5); biasOff = r.nextInt(3);
            a = random(r, aOff + Math.max(0, aRows - 1) * lda + aCols + r.nextInt(2));
            b = random(r, bOff + Math.max(0, bRows - 1) * ldb + bCols + r.nextInt(2));
            c0 = random(r, cOff + Math.max(0, m - 1) * ldc + n + 1);
            bias = withBias ? random(r, biasOff + n) : null;
        }

        float[] run(int threads) {
            float[] c = c0.clone();
            Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    bias, biasOff, act, threads);
            return c;
        }

        float[] runScalar() {
            float[] c = c0.clone();
            GemmScalar.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    bias, biasOff, act);
            return c;
        }

        /** Checks {@code got} against a double reference; untouched padding must be unchanged. */
        void verify(float[] got, String what) {
            double tolScale = Math.max(1e-5, 1.2e-7 * k);
            boolean[] inC = new boolean[got.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, mag = 0;
                    for (int p = 0; p < k; p++) {
                        double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += av * bv;
                        mag += Math.abs(av * bv);
                    }
                    int ci = cOff + i * ldc + j;
                    inC[ci] = true;
                    double v = alpha * s;
                    mag = Math.abs(alpha) * mag;
                    if (beta != 0f) {
                        v += beta * (double) c0[ci];
                        mag += Math.abs(beta * c0[ci]);
                    }
                    if (bias != null) {
                        v += bias[biasOff + j];
                        mag += Math.abs(bias[biasOff + j]);
                    }
                    double want = act.apply((float) v);
                    double tol = tolScale * Math.max(1.0, mag);
                    if (!(Math.abs(got[ci] - want) <= tol)) {
                        fail(what + " " + this + ": C[" + i + "][" + j + "] = " + got[ci]
                                + ", want " + want + " (tol " + tol + ")");
                    }
                }
            }
            for (int x = 0; x < got.length; x++) {
                if (!inC[x] && Float.floatToRawIntBits(got[x]) != Float.floatToRawIntBits(c0[x])) {
                    fail(what + " " + this + ": wrote outside C at index " + x);
                }
            }
        }

        @Override
        public String toString() {
            return "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " bias=" + (bias != null) + " act=" + act
                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void oddSizesAllTransposesMatchReference() {
        SplittableRandom r = new SplittableRandom(42);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int trial = 0; trial < 14; trial++) {
                    int m = ODD[r.nextInt(ODD.length)];
                    int n = ODD[r.nextInt(ODD.length)];
                    int k = ODD[r.nextInt(ODD.length)];
                    float alpha = trial % 3 == 0 ? 1f : (float) (r.nextDouble() * 3 - 1.5);
                    float beta = switch (trial % 4) { case 0 -> 0f; case 1 -> 1f; default -> (float) (r.nextDouble() - 0.5); };
                    Epilogue act = ACTS[trial % ACTS.length];
                    Problem p = new Problem(r, ta, tb, m, n, k, alpha, beta, trial % 2 == 1, act);
                    p.verify(p.runScalar(), "scalar");
                    for (int threads : new int[] {1, 2, 3}) {
                        p.verify(p.run(threads), "vector threads=" + threads);
                    }
                }
            }
        }
    }

    @Test
    void everySmallShapeAndTranspose() {
        // Exhaustive over small sizes around the register tile edges (vector length 8 or 16).
        SplittableRandom r = new SplittableRandom(7);
        int[] sizes = {1, 2, 5, 11, 13, 15, 16, 17, 24, 31, 32, 33, 47, 49};
        for (int m : sizes) {
            for (int n : sizes) {
                boolean ta = r.nextBoolean(), tb = r.nextBoolean();
                int k = sizes[r.nextInt(sizes.length)];
                Problem p = new Problem(r, ta, tb, m, n, k, 1f, r.nextBoolean() ? 0f : 1f,
                        r.nextBoolean(), ACTS[r.nextInt(ACTS.length)]);
                p.verify(p.run(1), "vector threads=1");
                p.verify(p.run(2), "vector threads=2");
            }
        }
    }

    @Test
    void trainingShapes() {
        SplittableRandom r = new SplittableRandom(3);
        int[][] shapes = {{30, 4, 256}, {30, 256, 256}, {64, 256, 256}, {2304, 25, 6}, {25, 6, 2304},
                {300, 200, 100}, {129, 130, 131}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Problem p = new Problem(r, ta, tb, s[0], s[1], s[2], 1f, 0f, true, Epilogue.RELU);
                    p.verify(p.run(1), "threads=1");
                    p.verify(p.run(4), "threads=4");
                }
            }
        }
    }

    @Test
    void narrowOutputsFromTransposedA() {
        // Weight-gradient shapes (X^T dY with few outputs) take the C^T formulation; ragged
        // tiles read past the last row or column in place when the array allows it.
        SplittableRandom r = new SplittableRandom(13);
        int[][] shapes = {{25, 6, 2304}, {25, 6, 300}, {17, 16, 33}, {40, 3, 7}, {9, 1, 65}, {33, 7, 257}};
        for (int[] s : shapes) {
            for (boolean tb : new boolean[] {false, true}) {
                for (float beta : new float[] {0f, 1f, -0.5f}) {
                    Problem p = new Problem(r, true, tb, s[0], s[1], s[2], 0.9f, beta, false, Epilogue.IDENTITY);
                    p.verify(p.run(1), "threads=1");
                    p.verify(p.run(2), "threads=2");
                    assertArrayEquals(p.run(2), p.run(2), "repeatable " + p);
                }
            }
        }
    }

    @Test
    void plainProductStoredFromRegisters() {
        // alpha 1, beta 0, no epilogue: full-height tiles skip the general write-back. Every
        // tile width (6x4, 8x2, 16x1), ragged columns and rows, each transpose, tiny and long k.
        SplittableRandom r = new SplittableRandom(31);
        int[] ns = {5, 16, 17, 25, 32, 33, 63, 64, 100};
        int[] ms = {6, 8, 13, 16, 50, 97};
        int[] ks = {1, 6, 25, 300, 600};
        for (int n : ns) {
            for (int trial = 0; trial < 4; trial++) {
                int m = ms[r.nextInt(ms.length)];
                int k = ks[r.nextInt(ks.length)];
                Problem p = new Problem(r, r.nextBoolean(), r.nextBoolean(), m, n, k, 1f, 0f, false,
                        Epilogue.IDENTITY);
                float[] one = p.run(1);
                p.verify(one, "threads=1");
                assertArrayEquals(one, p.run(2), "threads=2 " + p);
            }
        }
    }

    @Test
    void dotProductFormOnOddSizes() {
        // A B^T with few columns takes GemmDot: every n up to its limit, ragged row blocks and
        // k tails (k below, at and above whole vectors), beta, bias and activations, and the
        // same bits for any thread count (rows are split in blocks of 4, each computed alone).
        SplittableRandom r = new SplittableRandom(29);
        int[] ks = {16, 17, 31, 32, 47, 100, 256, 257};
        int[] ms = {1, 3, 4, 5, 30, 33, 130};
        for (int n = 1; n <= 9; n++) {
            for (int trial = 0; trial < 6; trial++) {
                int m = ms[r.nextInt(ms.length)];
                int k = ks[r.nextInt(ks.length)];
                float beta = switch (trial % 3) { case 0 -> 0f; case 1 -> 1f; default -> -0.7f; };
                Problem p = new Problem(r, false, true, m, n, k, trial % 2 == 0 ? 1f : 1.3f, beta,
                        trial % 2 == 1, ACTS[trial % ACTS.length]);
                float[] one = p.run(1);
                p.verify(one, "threads=1");
                assertArrayEquals(one, p.run(2), "threads=2 " + p);
                assertArrayEquals(one, p.run(3), "threads=3 " + p);
                assertArrayEquals(one, p.run(1), "repeatable " + p);
            }
        }
        // Large enough to be split across threads.
        Problem big = new Problem(r, false, true, 2001, 4, 300, 1f, 0.5f, true, Epilogue.TANH);
        float[] one = big.run(1);
        big.verify(one, "threads=1");
        assertArrayEquals(one, big.run(2), "threads=2");
        assertArrayEquals(one, big.run(3), "threads=3");
    }

    @Test
    void bitIdenticalForSameThreadCount() {
        SplittableRandom r = new SplittableRandom(11);
        for (int threads : new int[] {1, 2, 3}) {
            Problem p = new Problem(r, false, true, 257, 190, 333, 0.7f, 0.3f, true, Epilogue.TANH);
            float[] first = p.run(threads);
            for (int rep = 0; rep < 4; rep++) {
                assertArrayEquals(first, p.run(threads), "threads=" + threads + " run " + rep);
            }
        }
    }

    @Test
    void sameBitsForAnyThreadCount() {
        // The split is along C only, so the thread count must not change a single bit.
        SplittableRandom r = new SplittableRandom(23);
        int[][] shapes = {{257, 190, 333}, {30, 256, 256}, {128, 128, 300}, {2304, 25, 6}, {25, 6, 2304}, {64, 40, 64}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Problem p = new Problem(r, ta, tb, s[0], s[1], s[2], 1f, 0.5f, false, Epilogue.IDENTITY);
                    float[] one = p.run(1);
                    assertArrayEquals(one, p.run(2), "threads=2 " + p);
                    assertArrayEquals(one, p.run(3), "threads=3 " + p);
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        float[] a = {1, 2, 3, 4};
        float[] b = {1, 0, 0, 1};
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
    }

    @Test
    void kZeroScalesC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c);
    }

    @Test
    void rejectsOutOfBoundsBeforeWriting() {
        float[] c = new float[4];
        assertThrows(IndexOutOfBoundsException.class, () ->
                Gemm.sgemm(false, false, 2, 2, 3, 1f, new float[5], 0, 3, new float[6], 0, 2, 0f, c, 0, 2));
        assertThrows(IllegalArgumentException.class, () ->
                Gemm.sgemm(false, false, 2, 2, 2, 1f, new float[4], 0, 1, new float[4], 0, 2, 0f, c, 0, 2));
        assertArrayEquals(new float[4], c);
    }

    @Test
    void epilogueGradients() {
        SplittableRandom r = new SplittableRandom(5);
        int m = 7, n = 19, ld = 21;
        float[] x = random(r, m * ld);
        for (Epilogue act : ACTS) {
            float[] y = new float[m * ld];
            for (int i = 0; i < y.length; i++) {
                y[i] = act.apply(x[i]);
            }
            float[] dy = random(r, m * ld);
            float[] got = dy.clone();
            EpilogueGrad.activationBackward(act, m, n, y, 0, ld, got, 0, ld);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < ld; j++) {
                    int q = i * ld + j;
                    if (j >= n) {
                        assertEquals(dy[q], got[q], "padding untouched");
                        continue;
                    }
                    // Independent reference: central finite difference of the activation.
                    double h = 1e-3;
                    double d = (act.apply((float) (x[q] + h)) - act.apply((float) (x[q] - h))) / (2 * h);
                    if (act == Epilogue.RELU && Math.abs(x[q]) < 2 * h) {
                        continue;
                    }
                    assertEquals(dy[q] * d, got[q], 2e-3, act + " at " + i + "," + j);
                }
            }
        }
        float[] dy = random(r, m * ld);
        float[] db = {9, 9, 9, 9};
        EpilogueGrad.biasGradient(m, 3, dy, 1, ld, db, 1, false);
        assertEquals(9f, db[0]);
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += dy[1 + i * ld + j];
            }
            assertEquals(s, db[1 + j], 1e-5);
        }
        EpilogueGrad.biasGradient(m, 3, dy, 1, ld, db, 1, true);
        assertTrue(Math.abs(db[1] - 2 * (db[1] / 2)) < 1e-6);
    }

    @Test
    void epilogueGradientsVectorMatchesScalarTwin() {
        SplittableRandom r = new SplittableRandom(17);
        for (int n : new int[] {1, 3, 7, 17, 33, 65, 257}) {
            int m = 1 + r.nextInt(9), ld = n + r.nextInt(3), off = r.nextInt(4);
            float[] y = random(r, off + m * ld);
            for (int i = 0; i < y.length; i++) {
                y[i] = y[i] > 0.8f ? 0f : y[i]; // exact zeros: relu's boundary
            }
            float[] dy = random(r, off + m * ld);
            for (Epilogue act : ACTS) {
                float[] v = dy.clone(), s = dy.clone();
                EpilogueGrad.activationBackward(act, m, n, y, off, ld, v, off, ld);
                EpilogueGrad.activationBackwardScalar(act, m, n, y, off, ld, s, off, ld);
                assertArrayEquals(s, v, act + " n=" + n);
            }
            float[] dbV = random(r, n + 2), dbS = dbV.clone();
            EpilogueGrad.biasGradient(m, n, dy, off, ld, dbV, 1, true);
            EpilogueGrad.biasGradientScalar(m, n, dy, off, ld, dbS, 1, true);
            assertArrayEquals(dbS, dbV, "bias n=" + n);
        }
    }

    @Test
    void workerPoolRunsEveryTaskOnceAndRethrows() {
        try (WorkerPool pool = new WorkerPool(2)) {
            for (int rep = 0; rep < 200; rep++) {
                int tasks = 1 + rep % 9;
                int[] hits = new int[tasks];
                pool.parallelFor(tasks, t -> hits[t]++);
                for (int t = 0; t < tasks; t++) {
                    assertEquals(1, hits[t], "task " + t);
                }
            }
            // Nested use runs inline instead of deadlocking.
            int[] total = new int[1];
            pool.parallelFor(3, t -> pool.parallelFor(4, u -> {
                synchronized (total) {
                    total[0]++;
                }
            }));
            assertEquals(12, total[0]);
            assertThrows(IllegalStateException.class, () -> pool.parallelFor(5, t -> {
                if (t == 3) {
                    throw new IllegalStateException("boom");
                }
            }));
        }
    }
}
