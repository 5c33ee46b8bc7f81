package nnc.runtime.kernels;

import static nnc.runtime.kernels.GemmKernels.L;
import static nnc.runtime.kernels.GemmKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * The dot-product form of {@code C = A B^T} ({@code op(A) = A}, {@code op(B) = B^T}), for C with
 * few columns, as in the input gradient {@code dX = dY W^T} of a layer with few inputs: each
 * element of C is the dot product of a row of A and a row of B, both contiguous, so nothing is
 * packed or transposed. (The blocked path would transpose B into a 16-lane panel of which only
 * n lanes are used: at n = 4, three quarters of every FMA wasted, and the transpose cost as
 * much as the multiply.)
 *
 * <p>A 4 x 4 block of C keeps 16 vector accumulators along k; at the end the 16 are summed
 * across their lanes together, by a fixed tree of swaps and adds (see {@link #block}), never by
 * {@code reduceLanes}, whose order the Vector API leaves open (interpreted and compiled code
 * could differ in the last bit). The arithmetic of an element depends on k and L only, so the
 * result is the same bits for any thread count and any split.
 */
final class GemmDot {
    /** Columns of C up to which the dot-product form is used (tuning property). */
    static final int MAX_N = Integer.getInteger("nnc.gemm.dotN", 8);
    /** The lane-summing tree is written for 4, 8 and 16 lanes; other widths take the blocked path. */
    private static final boolean SUPPORTED = L == 4 || L == 8 || L == 16;
    /** Levels of the tree: log2 L, at most 4 (16 accumulators into one vector). */
    private static final int LEVELS = Integer.numberOfTrailingZeros(L);
    private static final VectorShuffle<Float> SW1 = swap(L >> 1), SW2 = swap(L >> 2),
            SW3 = swap(L >> 3), SW4 = swap(L >> 4);
    private static final VectorMask<Float> HI1 = bit(L >> 1), HI2 = bit(L >> 2),
            HI3 = bit(L >> 3), HI4 = bit(L >> 4);
    /** Where the sum of accumulator q (row q / 4, column q % 4) lands in the reduced vectors. */
    private static final int[] POS = positions();

    private GemmDot() {}

    /** Whether {@link GemmDriver} should take this form for the shape. */
    static boolean applies(boolean ta, boolean tb, int n, int k) {
        return SUPPORTED && !ta && tb && n <= MAX_N && k >= L;
    }

    /**
     * Rows [i0, i1) of C (all columns): {@code C = act(alpha * A B^T + beta * C + bias)}.
     * {@code acc} holds at least 16 * L floats, {@code red} at least 16, {@code tile} at least 4 * L.
     */
    static void rows(int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, int flags, float[] acc, float[] red, float[] tile) {
        for (int j = 0; j < n; j += 4) {
            int nj = Math.min(4, n - j);
            // Past the last column or row, the block repeats the last one: computed, not stored.
            int s0 = bOff + j * ldb;
            int s1 = bOff + (j + Math.min(1, nj - 1)) * ldb;
            int s2 = bOff + (j + Math.min(2, nj - 1)) * ldb;
            int s3 = bOff + (j + Math.min(3, nj - 1)) * ldb;
            for (int i = i0; i < i1; i += 4) {
                int mi = Math.min(4, i1 - i);
                int r0 = aOff + i * lda;
                int r1 = aOff + (i + Math.min(1, mi - 1)) * lda;
                int r2 = aOff + (i + Math.min(2, mi - 1)) * lda;
                int r3 = aOff + (i + Math.min(3, mi - 1)) * lda;
                block(k, a, r0, r1, r2, r3, b, s0, s1, s2, s3, acc, red);
                for (int r = 0; r < mi; r++) {
                    for (int q = 0; q < nj; q++) {
                        tile[r * L + q] = red[POS[r * 4 + q]];
                    }
                }
                GemmKernels.finish(tile, 1, c, cOff + i * ldc + j, ldc, mi, nj, alpha, beta,
                        bias, biasOff + j, flags);
            }
        }
    }

    /**
     * The 16 dot products of A rows at r0..r3 with B rows at s0..s3, length k, summed across
     * lanes into {@code red} (see {@link #POS} for where each lands); {@code acc} is scratch.
     */
    static void block(int k, float[] a, int r0, int r1, int r2, int r3,
                      float[] b, int s0, int s1, int s2, int s3, float[] acc, float[] red) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int p = 0;
        for (; p <= k - L; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, s0 + p);
            FloatVector b1 = FloatVector.fromArray(S, b, s1 + p);
            FloatVector b2 = FloatVector.fromArray(S, b, s2 + p);
            FloatVector b3 = FloatVector.fromArray(S, b, s3 + p);
            FloatVector a0 = FloatVector.fromArray(S, a, r0 + p);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.fromArray(S, a, r1 + p);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.fromArray(S, a, r2 + p);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.fromArray(S, a, r3 + p);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        c00.intoArray(acc, 0 * L);
        c01.intoArray(acc, 1 * L);
        c02.intoArray(acc, 2 * L);
        c03.intoArray(acc, 3 * L);
        c10.intoArray(acc, 4 * L);
        c11.intoArray(acc, 5 * L);
        c12.intoArray(acc, 6 * L);
        c13.intoArray(acc, 7 * L);
        c20.intoArray(acc, 8 * L);
        c21.intoArray(acc, 9 * L);
        c22.intoArray(acc, 10 * L);
        c23.intoArray(acc, 11 * L);
        c30.intoArray(acc, 12 * L);
        c31.intoArray(acc, 13 * L);
        c32.intoArray(acc, 14 * L);
        c33.intoArray(acc, 15 * L);
        sum(acc, red);
        if (p < k) {
            // The ragged end of k, added after the lane sums, in order. Not masked vector loads
            // in the loop above: a second copy of its body makes the method too big for C1's
            // profiling tier, and C2 compiling it without a profile boxed every vector.
            tail(p, k, a, r0, r1, r2, r3, b, s0, s1, s2, s3, red);
        }
    }

    private static void tail(int p, int k, float[] a, int r0, int r1, int r2, int r3,
                             float[] b, int s0, int s1, int s2, int s3, float[] red) {
        for (int q = 0; q < 16; q++) {
            int ra = switch (q >> 2) { case 0 -> r0; case 1 -> r1; case 2 -> r2; default -> r3; };
            int sb = switch (q & 3) { case 0 -> s0; case 1 -> s1; case 2 -> s2; default -> s3; };
            float t = red[POS[q]];
            for (int i = p; i < k; i++) {
                t = Math.fma(a[ra + i], b[sb + i], t);
            }
            red[POS[q]] = t;
        }
    }

    /**
     * Sums each of the 16 accumulators in {@code acc} (accumulator q at q * L) across its lanes
     * into {@code red}. Its own method: with the k loop in the same one, the method was too big
     * for C1's profiling tier ("out of virtual registers"), and C2 compiling it without a profile
     * boxed every vector (1 GFLOP/s).
     */
    private static void sum(float[] acc, float[] red) {
        FloatVector c00 = FloatVector.fromArray(S, acc, 0 * L);
        FloatVector c01 = FloatVector.fromArray(S, acc, 1 * L);
        FloatVector c02 = FloatVector.fromArray(S, acc, 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, acc, 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, acc, 4 * L);
        FloatVector c11 = FloatVector.fromArray(S, acc, 5 * L);
        FloatVector c12 = FloatVector.fromArray(S, acc, 6 * L);
        FloatVector c13 = FloatVector.fromArray(S, acc, 7 * L);
        FloatVector c20 = FloatVector.fromArray(S, acc, 8 * L);
        FloatVector c21 = FloatVector.fromArray(S, acc, 9 * L);
        FloatVector c22 = FloatVector.fromArray(S, acc, 10 * L);
        FloatVector c23 = FloatVector.fromArray(S, acc, 11 * L);
        FloatVector c30 = FloatVector.fromArray(S, acc, 12 * L);
        FloatVector c31 = FloatVector.fromArray(S, acc, 13 * L);
        FloatVector c32 = FloatVector.fromArray(S, acc, 14 * L);
        FloatVector c33 = FloatVector.fromArray(S, acc, 15 * L);
        // Level 1 pairs accumulators 2t and 2t+1, level 2 the results' pairs, and so on; each
        // level halves the partial sums per accumulator. L = 16: four levels, one vector. A
        // merge of x and y at level i (s = L >> i) gives lanes without bit s x[l] + x[l^s] and
        // lanes with it y[l^s] + y[l].
        // merge() written out: C2 declines to inline a call made 15 times here ("callee uses
        // too much stack"), and an out-of-line call boxes its vectors.
        FloatVector m0 = c00.blend(c01.rearrange(SW1), HI1).add(c00.rearrange(SW1).blend(c01, HI1));
        FloatVector m1 = c02.blend(c03.rearrange(SW1), HI1).add(c02.rearrange(SW1).blend(c03, HI1));
        FloatVector m2 = c10.blend(c11.rearrange(SW1), HI1).add(c10.rearrange(SW1).blend(c11, HI1));
        FloatVector m3 = c12.blend(c13.rearrange(SW1), HI1).add(c12.rearrange(SW1).blend(c13, HI1));
        FloatVector m4 = c20.blend(c21.rearrange(SW1), HI1).add(c20.rearrange(SW1).blend(c21, HI1));
        FloatVector m5 = c22.blend(c23.rearrange(SW1), HI1).add(c22.rearrange(SW1).blend(c23, HI1));
        FloatVector m6 = c30.blend(c31.rearrange(SW1), HI1).add(c30.rearrange(SW1).blend(c31, HI1));
        FloatVector m7 = c32.blend(c33.rearrange(SW1), HI1).add(c32.rearrange(SW1).blend(c33, HI1));
        FloatVector n0 = m0.blend(m1.rearrange(SW2), HI2).add(m0.rearrange(SW2).blend(m1, HI2));
        FloatVector n1 = m2.blend(m3.rearrange(SW2), HI2).add(m2.rearrange(SW2).blend(m3, HI2));
        FloatVector n2 = m4.blend(m5.rearrange(SW2), HI2).add(m4.rearrange(SW2).blend(m5, HI2));
        FloatVector n3 = m6.blend(m7.rearrange(SW2), HI2).add(m6.rearrange(SW2).blend(m7, HI2));
        if (LEVELS == 2) {
            n0.intoArray(red, 0);
            n1.intoArray(red, L);
            n2.intoArray(red, 2 * L);
            n3.intoArray(red, 3 * L);
            return;
        }
        FloatVector o0 = n0.blend(n1.rearrange(SW3), HI3).add(n0.rearrange(SW3).blend(n1, HI3));
        FloatVector o1 = n2.blend(n3.rearrange(SW3), HI3).add(n2.rearrange(SW3).blend(n3, HI3));
        if (LEVELS == 3) {
            o0.intoArray(red, 0);
            o1.intoArray(red, L);
            return;
        }
        FloatVector q = o0.blend(o1.rearrange(SW4), HI4).add(o0.rearrange(SW4).blend(o1, HI4));
        q.intoArray(red, 0);
    }

    private static VectorShuffle<Float> swap(int s) {
        return s < 1 ? null : VectorShuffle.fromOp(S, l -> l ^ s);
    }

    private static VectorMask<Float> bit(int s) {
        if (s < 1) {
            return null;
        }
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l & s) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * At level i the list index of accumulator q is q >> i, and an odd index goes to the lanes
     * with bit L >> (i+1): the lane of q is the sum of those bits; vector q >> LEVELS holds it.
     */
    private static int[] positions() {
        int levels = Math.min(LEVELS, 4);
        int[] pos = new int[16];
        for (int q = 0; q < 16; q++) {
            int lane = 0;
            for (int i = 0; i < levels; i++) {
                if (((q >> i) & 1) != 0) {
                    lane += L >> (i + 1);
                }
            }
            pos[q] = (q >> levels) * L + lane;
        }
        return pos;
    }
}
