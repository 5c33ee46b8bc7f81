package nnc.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import nnc.runtime.kernels.LaneSum;

/**
 * Products with fewer output columns than a vector has lanes (a classifier's output layer:
 * 30 x 256 times 256 x 3), computed as dot products along k. The row loop of
 * {@link SmallGemm} vectorises along the output columns, so with three columns it ran three
 * scalar FMA chains per row, each bound by the FMA latency: 25 us for 30 x 3 x 256 here,
 * half as long as the 30 x 256 x 256 product before it. Along k the same work is a handful of
 * vector FMAs per output and one lane sum.
 *
 * <p>C[i, j] = sum over p of A[i, p] * Bt[j, p], with A's rows and Bt's rows contiguous (Bt is
 * B transposed: the caller passes B itself for an A B^T product, or a transposed copy). Each
 * output sums its lanes by a fixed tree of rotations and adds ({@link LaneSum}), then adds the
 * scalar tail of k in order, so the result does not depend on the blocking, on the thread that
 * runs it, or on whether the JIT has compiled the code yet.
 */
final class NarrowGemm {
    private NarrowGemm() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Writes C[i, j] for i < m, j < n (no epilogue: the caller applies it per row). */
    static void dots(int m, int n, int k, float[] a, int aOff, int lda, float[] bt, int btOff, int ldbt,
                     float[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int j = 0;
            for (; j + 4 <= n; j += 4) twoByFour(i, j, k, a, aOff, lda, bt, btOff, ldbt, c, cOff, ldc);
            for (; j < n; j++) {
                c[cOff + i * ldc + j] = dot(k, a, aOff + i * lda, bt, btOff + j * ldbt);
                c[cOff + (i + 1) * ldc + j] = dot(k, a, aOff + (i + 1) * lda, bt, btOff + j * ldbt);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = dot(k, a, aOff + i * lda, bt, btOff + j * ldbt);
        }
    }

    /** Two rows of A against four rows of Bt: eight independent FMA chains share six loads. */
    private static void twoByFour(int i, int j, int k, float[] a, int aOff, int lda, float[] bt, int btOff, int ldbt,
                                  float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int a0 = aOff + i * lda, a1 = a0 + lda;
        int b0 = btOff + j * ldbt, b1 = b0 + ldbt, b2 = b1 + ldbt, b3 = b2 + ldbt;
        FloatVector x0 = FloatVector.zero(s), x1 = FloatVector.zero(s), x2 = FloatVector.zero(s), x3 = FloatVector.zero(s);
        FloatVector y0 = FloatVector.zero(s), y1 = FloatVector.zero(s), y2 = FloatVector.zero(s), y3 = FloatVector.zero(s);
        int p = 0;
        for (; p + lanes <= k; p += lanes) {
            FloatVector u = FloatVector.fromArray(s, a, a0 + p);
            FloatVector w = FloatVector.fromArray(s, a, a1 + p);
            FloatVector v0 = FloatVector.fromArray(s, bt, b0 + p);
            x0 = u.fma(v0, x0);
            y0 = w.fma(v0, y0);
            FloatVector v1 = FloatVector.fromArray(s, bt, b1 + p);
            x1 = u.fma(v1, x1);
            y1 = w.fma(v1, y1);
            FloatVector v2 = FloatVector.fromArray(s, bt, b2 + p);
            x2 = u.fma(v2, x2);
            y2 = w.fma(v2, y2);
            FloatVector v3 = FloatVector.fromArray(s, bt, b3 + p);
            x3 = u.fma(v3, x3);
            y3 = w.fma(v3, y3);
        }
        int r0 = cOff + i * ldc + j, r1 = r0 + ldc;
        c[r0] = tail(p, k, a, a0, bt, b0, LaneSum.of(x0));
        c[r0 + 1] = tail(p, k, a, a0, bt, b1, LaneSum.of(x1));
        c[r0 + 2] = tail(p, k, a, a0, bt, b2, LaneSum.of(x2));
        c[r0 + 3] = tail(p, k, a, a0, bt, b3, LaneSum.of(x3));
        c[r1] = tail(p, k, a, a1, bt, b0, LaneSum.of(y0));
        c[r1 + 1] = tail(p, k, a, a1, bt, b1, LaneSum.of(y1));
        c[r1 + 2] = tail(p, k, a, a1, bt, b2, LaneSum.of(y2));
        c[r1 + 3] = tail(p, k, a, a1, bt, b3, LaneSum.of(y3));
    }

    /**
     * One row of A against a B whose rows are contiguous ({@code ldb == n}), without the
     * transposed copy of B that {@link #dots} reads: a one-sample prediction's output layer
     * (1 x 3 x 256) spent 0.6 us of its 0.62 making that copy.
     *
     * <p>A block of {@code lanes} rows of B is {@code n} consecutive vectors, row-major. Lane
     * {@code m} of vector {@code v} holds row {@code r = (v * lanes + m) / n}, column
     * {@code j = (v * lanes + m) % n} of the block; the matching values of A, {@code a[p + r]},
     * come from one load of {@code lanes} values of A and a fixed shuffle per vector (built
     * once per n). Slot {@code v}'s accumulator then sums, lane by lane and block by block in
     * order, the same products as lane {@code r} of {@link #dot}'s accumulator for column
     * {@code j}; gathering those lanes back per column (through {@code scratch}) and adding
     * them by {@link LaneSum}, then the tail rows in order, gives {@link #dot}'s bits.
     *
     * @param scratch at least {@code (n + 1) * lanes} floats
     */
    static void rowContiguous(int n, int k, float[] a, int ar, float[] b, int bOff, float[] c, int cr, float[] scratch) {
        VectorSpecies<Float> s = S;
        int lanes = s.length(), block = lanes * n, full = k / lanes * lanes;
        VectorShuffle<Float>[] sh = expansions(n);
        for (int v = 0; v < n; v++) {
            VectorShuffle<Float> e = sh[v];
            FloatVector x = FloatVector.zero(s);
            for (int p = 0, q = bOff + v * lanes; p < full; p += lanes, q += block) {
                x = FloatVector.fromArray(s, a, ar + p).rearrange(e).fma(FloatVector.fromArray(s, b, q), x);
            }
            x.intoArray(scratch, v * lanes);
        }
        int col = block;   // one column's lanes, gathered after the n slots
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < lanes; r++) scratch[col + r] = scratch[r * n + j];
            float acc = LaneSum.of(FloatVector.fromArray(s, scratch, col));
            for (int p = full; p < k; p++) acc = Math.fma(a[ar + p], b[bOff + p * n + j], acc);
            c[cr + j] = acc;
        }
    }

    /** EXPANSIONS[n][v]: lane m of slot v takes A's value for row (v * lanes + m) / n of the block. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[][] EXPANSIONS = new VectorShuffle[S.length()][];

    private static VectorShuffle<Float>[] expansions(int n) {
        VectorShuffle<Float>[] e = EXPANSIONS[n];
        if (e == null) {   // benign race: every thread builds the same contents
            int lanes = S.length();
            @SuppressWarnings("unchecked")
            VectorShuffle<Float>[] t = new VectorShuffle[n];
            for (int v = 0; v < n; v++) {
                int[] idx = new int[lanes];
                for (int m = 0; m < lanes; m++) idx[m] = (v * lanes + m) / n;
                t[v] = VectorShuffle.fromArray(S, idx, 0);
            }
            EXPANSIONS[n] = t;
            e = t;
        }
        return e;
    }

    /** One output: the same lane order as {@link #twoByFour}, so a column's bits do not depend on its block. */
    private static float dot(int k, float[] a, int ar, float[] bt, int br) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        FloatVector x = FloatVector.zero(s);
        int p = 0;
        for (; p + lanes <= k; p += lanes) x = FloatVector.fromArray(s, a, ar + p).fma(FloatVector.fromArray(s, bt, br + p), x);
        return tail(p, k, a, ar, bt, br, LaneSum.of(x));
    }

    private static float tail(int p, int k, float[] a, int ar, float[] bt, int br, float acc) {
        for (; p < k; p++) acc = Math.fma(a[ar + p], bt[br + p], acc);
        return acc;
    }
}
