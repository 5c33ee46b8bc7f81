package nnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked FMA micro-kernels for {@link Gemm}, sized in vectors of
 * {@link FloatVector#SPECIES_PREFERRED} (16 floats with AVX-512, 8 with AVX2).
 *
 * <p>A kernel {@code kRxV} computes an {@code R x (V*L)} tile of C from a packed A panel
 * ({@code ap}: for each p, R consecutive values of column p of the row block, zero padded)
 * and a B panel ({@code bp}: for each p, V*L consecutive values of row p starting at
 * {@code bi}, the next p {@code bs} floats further: either a packed panel or B itself). The
 * accumulators live in registers for the whole k loop; each A value is broadcast once and
 * multiplied with the V B vectors. The write-back stores rows {@code < mr} and columns
 * {@code < nr} only: {@code C = alpha * acc + beta * C}, then bias and activation when
 * {@code flags} says so (see {@link #finish}).
 */
final class GemmKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Flag bits for the write-back: the low two bits are the activation ordinal. */
    static final int ACT_MASK = 3;
    static final int ADD_BIAS = 4;
    /** The tile is of C^T: element (r, col) goes to {@code c[ci + col*ldc + r]} (no epilogue). */
    static final int TRANS_C = 8;

    /**
     * Whether a full-height tile of a plain {@code C = A B} (alpha 1, beta 0, no epilogue) is
     * stored straight from the registers instead of through {@link #finish} (tuning property).
     * 36864x25x6 NT (a tiny k, so the write-back is most of the work): 62 vs 39 GFLOP/s on one
     * core. Not in the 16x1 tiles: the extra code made them too big for C1's profiling tier
     * ("out of virtual registers"), and C2 compiling a kernel without a profile can box vectors.
     */
    static final boolean DIRECT_STORE = !Boolean.getBoolean("nnc.gemm.noDirectStore");

    private GemmKernels() {}

    /**
     * The write-back: the kernel has stored its accumulators to {@code tile} (row r, vector v at
     * {@code (r*nv + v)*L}); rows {@code < mr} and columns {@code < nr} go to C as
     * {@code act(alpha * acc + beta * C + bias)}, or transposed when {@code flags} has
     * {@link #TRANS_C}.
     *
     * <p>Deliberately one large method (above C2's inlining size for hot callees): compiled on
     * its own, its shape-dependent branches (masks, beta, epilogue) can deoptimize and recompile
     * it cheaply without taking the big kernels back to the interpreter, where the Vector API
     * runs a hundred times slower.
     */
    static void finish(float[] tile, int nv, float[] c, int ci, int ldc, int mr, int nr,
                       float alpha, float beta, float[] bias, int biasOff, int flags) {
        if ((flags & TRANS_C) != 0) {
            for (int r = 0; r < mr; r++) {
                for (int col = 0, t = r * nv * L; col < nr; col++) {
                    int at = ci + col * ldc + r;
                    float v = alpha * tile[t + col];
                    c[at] = beta != 0f ? Math.fma(beta, c[at], v) : v;
                }
            }
            return;
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        FloatVector bv = FloatVector.broadcast(S, beta);
        int act = flags & ACT_MASK;
        boolean addBias = (flags & ADD_BIAS) != 0;
        for (int v = 0; v < nv; v++) {
            int col = v * L;
            if (col >= nr) {
                break;
            }
            VectorMask<Float> m = S.indexInRange(col, nr);
            boolean full = col + L <= nr;
            FloatVector biasV = !addBias ? FloatVector.zero(S)
                    : full ? FloatVector.fromArray(S, bias, biasOff + col)
                    : FloatVector.fromArray(S, bias, biasOff + col, m);
            for (int r = 0; r < mr; r++) {
                int at = ci + r * ldc + col;
                FloatVector x = FloatVector.fromArray(S, tile, (r * nv + v) * L).mul(av);
                if (beta != 0f) {
                    FloatVector old = full ? FloatVector.fromArray(S, c, at) : FloatVector.fromArray(S, c, at, m);
                    x = old.fma(bv, x);
                }
                if (addBias) {
                    x = x.add(biasV);
                }
                if (act == 1) {
                    x = x.max(0f);
                } else if (act == 2) {
                    x = FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
                } else if (act == 3) {
                    x = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(x.add(x)).add(1f)));
                }
                if (full) {
                    x.intoArray(c, at);
                } else {
                    x.intoArray(c, at, m);
                }
            }
        }
    }

    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer

    /**
     * {@code e^x} for every lane, within about 2 ulp. Written with add/mul/fma only (no
     * {@code VectorOperators.EXP}) because the library's transcendental lanewise ops give
     * different bits interpreted and compiled, which would break run-to-run determinism.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87f).min(87f);
        FloatVector t = x.fma(FloatVector.broadcast(S, 1.44269504f), FloatVector.broadcast(S, MAGIC));
        FloatVector n = t.sub(MAGIC);
        // r = x - n ln2, with ln2 split in two so the reduction is exact enough.
        FloatVector r = n.fma(FloatVector.broadcast(S, -0.693145752f), x);
        r = n.fma(FloatVector.broadcast(S, -1.42860677e-6f), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 720f), FloatVector.broadcast(S, 1f / 120f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6f));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // 2^n from the integer that MAGIC left in the low mantissa bits of t.
        IntVector bits = t.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }


    /** 6 rows x 4 vectors: see the class comment for the contract. */
    static void k6x4(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int flags, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S), c0_2 = FloatVector.zero(S), c0_3 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S), c1_2 = FloatVector.zero(S), c1_3 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S), c2_2 = FloatVector.zero(S), c2_3 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S), c3_2 = FloatVector.zero(S), c3_3 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S), c4_2 = FloatVector.zero(S), c4_3 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S), c5_2 = FloatVector.zero(S), c5_3 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai + 0]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            c0_2 = a0.fma(b2, c0_2);
            c0_3 = a0.fma(b3, c0_3);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            c1_2 = a1.fma(b2, c1_2);
            c1_3 = a1.fma(b3, c1_3);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            c2_2 = a2.fma(b2, c2_2);
            c2_3 = a2.fma(b3, c2_3);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            c3_2 = a3.fma(b2, c3_2);
            c3_3 = a3.fma(b3, c3_3);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            c4_2 = a4.fma(b2, c4_2);
            c4_3 = a4.fma(b3, c4_3);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            c5_2 = a5.fma(b2, c5_2);
            c5_3 = a5.fma(b3, c5_3);
            ai += 6;
            bi += bs;
        }
        if (DIRECT_STORE && mr == 6 && nr > 3 * L && (flags | Float.floatToRawIntBits(beta)) == 0 && alpha == 1f) {
            // A full-height tile of a plain C = A B: stored straight from the registers.
            VectorMask<Float> m = S.indexInRange(3 * L, nr);
            c0_0.intoArray(c, ci + 0 * ldc + 0 * L);
            c0_1.intoArray(c, ci + 0 * ldc + 1 * L);
            c0_2.intoArray(c, ci + 0 * ldc + 2 * L);
            c0_3.intoArray(c, ci + 0 * ldc + 3 * L, m);
            c1_0.intoArray(c, ci + 1 * ldc + 0 * L);
            c1_1.intoArray(c, ci + 1 * ldc + 1 * L);
            c1_2.intoArray(c, ci + 1 * ldc + 2 * L);
            c1_3.intoArray(c, ci + 1 * ldc + 3 * L, m);
            c2_0.intoArray(c, ci + 2 * ldc + 0 * L);
            c2_1.intoArray(c, ci + 2 * ldc + 1 * L);
            c2_2.intoArray(c, ci + 2 * ldc + 2 * L);
            c2_3.intoArray(c, ci + 2 * ldc + 3 * L, m);
            c3_0.intoArray(c, ci + 3 * ldc + 0 * L);
            c3_1.intoArray(c, ci + 3 * ldc + 1 * L);
            c3_2.intoArray(c, ci + 3 * ldc + 2 * L);
            c3_3.intoArray(c, ci + 3 * ldc + 3 * L, m);
            c4_0.intoArray(c, ci + 4 * ldc + 0 * L);
            c4_1.intoArray(c, ci + 4 * ldc + 1 * L);
            c4_2.intoArray(c, ci + 4 * ldc + 2 * L);
            c4_3.intoArray(c, ci + 4 * ldc + 3 * L, m);
            c5_0.intoArray(c, ci + 5 * ldc + 0 * L);
            c5_1.intoArray(c, ci + 5 * ldc + 1 * L);
            c5_2.intoArray(c, ci + 5 * ldc + 2 * L);
            c5_3.intoArray(c, ci + 5 * ldc + 3 * L, m);
            return;
        }
        c0_0.intoArray(tile, 0 * L);
        c0_1.intoArray(tile, 1 * L);
        c0_2.intoArray(tile, 2 * L);
        c0_3.intoArray(tile, 3 * L);
        c1_0.intoArray(tile, 4 * L);
        c1_1.intoArray(tile, 5 * L);
        c1_2.intoArray(tile, 6 * L);
        c1_3.intoArray(tile, 7 * L);
        c2_0.intoArray(tile, 8 * L);
        c2_1.intoArray(tile, 9 * L);
        c2_2.intoArray(tile, 10 * L);
        c2_3.intoArray(tile, 11 * L);
        c3_0.intoArray(tile, 12 * L);
        c3_1.intoArray(tile, 13 * L);
        c3_2.intoArray(tile, 14 * L);
        c3_3.intoArray(tile, 15 * L);
        c4_0.intoArray(tile, 16 * L);
        c4_1.intoArray(tile, 17 * L);
        c4_2.intoArray(tile, 18 * L);
        c4_3.intoArray(tile, 19 * L);
        c5_0.intoArray(tile, 20 * L);
        c5_1.intoArray(tile, 21 * L);
        c5_2.intoArray(tile, 22 * L);
        c5_3.intoArray(tile, 23 * L);
        finish(tile, 4, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags);
    }

    /** 8 rows x 2 vectors: see the class comment for the contract. */
    static void k8x2(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int flags, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai + 0]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            ai += 8;
            bi += bs;
        }
        if (DIRECT_STORE && mr == 8 && nr > L && (flags | Float.floatToRawIntBits(beta)) == 0 && alpha == 1f) {
            // A full-height tile of a plain C = A B: stored straight from the registers.
            VectorMask<Float> m = S.indexInRange(1 * L, nr);
            c0_0.intoArray(c, ci + 0 * ldc + 0 * L);
            c0_1.intoArray(c, ci + 0 * ldc + 1 * L, m);
            c1_0.intoArray(c, ci + 1 * ldc + 0 * L);
            c1_1.intoArray(c, ci + 1 * ldc + 1 * L, m);
            c2_0.intoArray(c, ci + 2 * ldc + 0 * L);
            c2_1.intoArray(c, ci + 2 * ldc + 1 * L, m);
            c3_0.intoArray(c, ci + 3 * ldc + 0 * L);
            c3_1.intoArray(c, ci + 3 * ldc + 1 * L, m);
            c4_0.intoArray(c, ci + 4 * ldc + 0 * L);
            c4_1.intoArray(c, ci + 4 * ldc + 1 * L, m);
            c5_0.intoArray(c, ci + 5 * ldc + 0 * L);
            c5_1.intoArray(c, ci + 5 * ldc + 1 * L, m);
            c6_0.intoArray(c, ci + 6 * ldc + 0 * L);
            c6_1.intoArray(c, ci + 6 * ldc + 1 * L, m);
            c7_0.intoArray(c, ci + 7 * ldc + 0 * L);
            c7_1.intoArray(c, ci + 7 * ldc + 1 * L, m);
            return;
        }
        c0_0.intoArray(tile, 0 * L);
        c0_1.intoArray(tile, 1 * L);
        c1_0.intoArray(tile, 2 * L);
        c1_1.intoArray(tile, 3 * L);
        c2_0.intoArray(tile, 4 * L);
        c2_1.intoArray(tile, 5 * L);
        c3_0.intoArray(tile, 6 * L);
        c3_1.intoArray(tile, 7 * L);
        c4_0.intoArray(tile, 8 * L);
        c4_1.intoArray(tile, 9 * L);
        c5_0.intoArray(tile, 10 * L);
        c5_1.intoArray(tile, 11 * L);
        c6_0.intoArray(tile, 12 * L);
        c6_1.intoArray(tile, 13 * L);
        c7_0.intoArray(tile, 14 * L);
        c7_1.intoArray(tile, 15 * L);
        finish(tile, 2, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags);
    }

    /** 16 rows x 1 vectors: see the class comment for the contract. */
    static void k16x1(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int flags, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S);
        FloatVector c12_0 = FloatVector.zero(S);
        FloatVector c13_0 = FloatVector.zero(S);
        FloatVector c14_0 = FloatVector.zero(S);
        FloatVector c15_0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai + 0]);
            c0_0 = a0.fma(b0, c0_0);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a1.fma(b0, c1_0);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a2.fma(b0, c2_0);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a3.fma(b0, c3_0);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a4.fma(b0, c4_0);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a5.fma(b0, c5_0);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a6.fma(b0, c6_0);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a7.fma(b0, c7_0);
            FloatVector a8 = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a8.fma(b0, c8_0);
            FloatVector a9 = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a9.fma(b0, c9_0);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a10.fma(b0, c10_0);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a11.fma(b0, c11_0);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai + 12]);
            c12_0 = a12.fma(b0, c12_0);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai + 13]);
            c13_0 = a13.fma(b0, c13_0);
            FloatVector a14 = FloatVector.broadcast(S, ap[ai + 14]);
            c14_0 = a14.fma(b0, c14_0);
            FloatVector a15 = FloatVector.broadcast(S, ap[ai + 15]);
            c15_0 = a15.fma(b0, c15_0);
            ai += 16;
            bi += bs;
        }
        c0_0.intoArray(tile, 0 * L);
        c1_0.intoArray(tile, 1 * L);
        c2_0.intoArray(tile, 2 * L);
        c3_0.intoArray(tile, 3 * L);
        c4_0.intoArray(tile, 4 * L);
        c5_0.intoArray(tile, 5 * L);
        c6_0.intoArray(tile, 6 * L);
        c7_0.intoArray(tile, 7 * L);
        c8_0.intoArray(tile, 8 * L);
        c9_0.intoArray(tile, 9 * L);
        c10_0.intoArray(tile, 10 * L);
        c11_0.intoArray(tile, 11 * L);
        c12_0.intoArray(tile, 12 * L);
        c13_0.intoArray(tile, 13 * L);
        c14_0.intoArray(tile, 14 * L);
        c15_0.intoArray(tile, 15 * L);
        finish(tile, 1, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags);
    }

    /** 6 rows x 4 vectors, A read in place: row r of the panel at ai + r*ars, step acs per p. */
    static void k6x4d(int kc, float[] ap, int ai, int ars, int acs, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int flags, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S), c0_2 = FloatVector.zero(S), c0_3 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S), c1_2 = FloatVector.zero(S), c1_3 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S), c2_2 = FloatVector.zero(S), c2_3 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S), c3_2 = FloatVector.zero(S), c3_3 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S), c4_2 = FloatVector.zero(S), c4_3 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S), c5_2 = FloatVector.zero(S), c5_3 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            c0_2 = a0.fma(b2, c0_2);
            c0_3 = a0.fma(b3, c0_3);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1 * ars]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            c1_2 = a1.fma(b2, c1_2);
            c1_3 = a1.fma(b3, c1_3);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2 * ars]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            c2_2 = a2.fma(b2, c2_2);
            c2_3 = a2.fma(b3, c2_3);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3 * ars]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            c3_2 = a3.fma(b2, c3_2);
            c3_3 = a3.fma(b3, c3_3);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4 * ars]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            c4_2 = a4.fma(b2, c4_2);
            c4_3 = a4.fma(b3, c4_3);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5 * ars]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            c5_2 = a5.fma(b2, c5_2);
            c5_3 = a5.fma(b3, c5_3);
            ai += acs;
            bi += bs;
        }
        if (DIRECT_STORE && mr == 6 && nr > 3 * L && (flags | Float.floatToRawIntBits(beta)) == 0 && alpha == 1f) {
            // A full-height tile of a plain C = A B: stored straight from the registers.
            VectorMask<Float> m = S.indexInRange(3 * L, nr);
            c0_0.intoArray(c, ci + 0 * ldc + 0 * L);
            c0_1.intoArray(c, ci + 0 * ldc + 1 * L);
            c0_2.intoArray(c, ci + 0 * ldc + 2 * L);
            c0_3.intoArray(c, ci + 0 * ldc + 3 * L, m);
            c1_0.intoArray(c, ci + 1 * ldc + 0 * L);
            c1_1.intoArray(c, ci + 1 * ldc + 1 * L);
            c1_2.intoArray(c, ci + 1 * ldc + 2 * L);
            c1_3.intoArray(c, ci + 1 * ldc + 3 * L, m);
            c2_0.intoArray(c, ci + 2 * ldc + 0 * L);
            c2_1.intoArray(c, ci + 2 * ldc + 1 * L);
            c2_2.intoArray(c, ci + 2 * ldc + 2 * L);
            c2_3.intoArray(c, ci + 2 * ldc + 3 * L, m);
            c3_0.intoArray(c, ci + 3 * ldc + 0 * L);
            c3_1.intoArray(c, ci + 3 * ldc + 1 * L);
            c3_2.intoArray(c, ci + 3 * ldc + 2 * L);
            c3_3.intoArray(c, ci + 3 * ldc + 3 * L, m);
            c4_0.intoArray(c, ci + 4 * ldc + 0 * L);
            c4_1.intoArray(c, ci + 4 * ldc + 1 * L);
            c4_2.intoArray(c, ci + 4 * ldc + 2 * L);
            c4_3.intoArray(c, ci + 4 * ldc + 3 * L, m);
            c5_0.intoArray(c, ci + 5 * ldc + 0 * L);
            c5_1.intoArray(c, ci + 5 * ldc + 1 * L);
            c5_2.intoArray(c, ci + 5 * ldc + 2 * L);
            c5_3.intoArray(c, ci + 5 * ldc + 3 * L, m);
            return;
        }
        c0_0.intoArray(tile, 0 * L);
        c0_1.intoArray(tile, 1 * L);
        c0_2.intoArray(tile, 2 * L);
        c0_3.intoArray(tile, 3 * L);
        c1_0.intoArray(tile, 4 * L);
        c1_1.intoArray(tile, 5 * L);
        c1_2.intoArray(tile, 6 * L);
        c1_3.intoArray(tile, 7 * L);
        c2_0.intoArray(tile, 8 * L);
        c2_1.intoArray(tile, 9 * L);
        c2_2.intoArray(tile, 10 * L);
        c2_3.intoArray(tile, 11 * L);
        c3_0.intoArray(tile, 12 * L);
        c3_1.intoArray(tile, 13 * L);
        c3_2.intoArray(tile, 14 * L);
        c3_3.intoArray(tile, 15 * L);
        c4_0.intoArray(tile, 16 * L);
        c4_1.intoArray(tile, 17 * L);
        c4_2.intoArray(tile, 18 * L);
        c4_3.intoArray(tile, 19 * L);
        c5_0.intoArray(tile, 20 * L);
        c5_1.intoArray(tile, 21 * L);
        c5_2.intoArray(tile, 22 * L);
        c5_3.intoArray(tile, 23 * L);
        finish(tile, 4, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags);
    }

    /** 8 rows x 2 vectors, A read in place: row r of the panel at ai + r*ars, step acs per p. */
    static void k8x2d(int kc, float[] ap, int ai, int ars, int acs, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int flags, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1 * ars]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2 * ars]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3 * ars]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4 * ars]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5 * ars]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6 * ars]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7 * ars]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            ai += acs;
            bi += bs;
        }
        if (DIRECT_STORE && mr == 8 && nr > L && (flags | Float.floatToRawIntBits(beta)) == 0 && alpha == 1f) {
            // A full-height tile of a plain C = A B: stored straight from the registers.
            VectorMask<Float> m = S.indexInRange(1 * L, nr);
            c0_0.intoArray(c, ci + 0 * ldc + 0 * L);
            c0_1.intoArray(c, ci + 0 * ldc + 1 * L, m);
            c1_0.intoArray(c, ci + 1 * ldc + 0 * L);
            c1_1.intoArray(c, ci + 1 * ldc + 1 * L, m);
            c2_0.intoArray(c, ci + 2 * ldc + 0 * L);
            c2_1.intoArray(c, ci + 2 * ldc + 1 * L, m);
            c3_0.intoArray(c, ci + 3 * ldc + 0 * L);
            c3_1.intoArray(c, ci + 3 * ldc + 1 * L, m);
            c4_0.intoArray(c, ci + 4 * ldc + 0 * L);
            c4_1.intoArray(c, ci + 4 * ldc + 1 * L, m);
            c5_0.intoArray(c, ci + 5 * ldc + 0 * L);
            c5_1.intoArray(c, ci + 5 * ldc + 1 * L, m);
            c6_0.intoArray(c, ci + 6 * ldc + 0 * L);
            c6_1.intoArray(c, ci + 6 * ldc + 1 * L, m);
            c7_0.intoArray(c, ci + 7 * ldc + 0 * L);
            c7_1.intoArray(c, ci + 7 * ldc + 1 * L, m);
            return;
        }
        c0_0.intoArray(tile, 0 * L);
        c0_1.intoArray(tile, 1 * L);
        c1_0.intoArray(tile, 2 * L);
        c1_1.intoArray(tile, 3 * L);
        c2_0.intoArray(tile, 4 * L);
        c2_1.intoArray(tile, 5 * L);
        c3_0.intoArray(tile, 6 * L);
        c3_1.intoArray(tile, 7 * L);
        c4_0.intoArray(tile, 8 * L);
        c4_1.intoArray(tile, 9 * L);
        c5_0.intoArray(tile, 10 * L);
        c5_1.intoArray(tile, 11 * L);
        c6_0.intoArray(tile, 12 * L);
        c6_1.intoArray(tile, 13 * L);
        c7_0.intoArray(tile, 14 * L);
        c7_1.intoArray(tile, 15 * L);
        finish(tile, 2, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags);
    }

    /** 16 rows x 1 vectors, A read in place: row r of the panel at ai + r*ars, step acs per p. */
    static void k16x1d(int kc, float[] ap, int ai, int ars, int acs, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int flags, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S);
        FloatVector c12_0 = FloatVector.zero(S);
        FloatVector c13_0 = FloatVector.zero(S);
        FloatVector c14_0 = FloatVector.zero(S);
        FloatVector c15_0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a0.fma(b0, c0_0);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1 * ars]);
            c1_0 = a1.fma(b0, c1_0);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2 * ars]);
            c2_0 = a2.fma(b0, c2_0);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3 * ars]);
            c3_0 = a3.fma(b0, c3_0);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4 * ars]);
            c4_0 = a4.fma(b0, c4_0);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5 * ars]);
            c5_0 = a5.fma(b0, c5_0);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6 * ars]);
            c6_0 = a6.fma(b0, c6_0);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7 * ars]);
            c7_0 = a7.fma(b0, c7_0);
            FloatVector a8 = FloatVector.broadcast(S, ap[ai + 8 * ars]);
            c8_0 = a8.fma(b0, c8_0);
            FloatVector a9 = FloatVector.broadcast(S, ap[ai + 9 * ars]);
            c9_0 = a9.fma(b0, c9_0);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai + 10 * ars]);
            c10_0 = a10.fma(b0, c10_0);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai + 11 * ars]);
            c11_0 = a11.fma(b0, c11_0);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai + 12 * ars]);
            c12_0 = a12.fma(b0, c12_0);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai + 13 * ars]);
            c13_0 = a13.fma(b0, c13_0);
            FloatVector a14 = FloatVector.broadcast(S, ap[ai + 14 * ars]);
            c14_0 = a14.fma(b0, c14_0);
            FloatVector a15 = FloatVector.broadcast(S, ap[ai + 15 * ars]);
            c15_0 = a15.fma(b0, c15_0);
            ai += acs;
            bi += bs;
        }
        c0_0.intoArray(tile, 0 * L);
        c1_0.intoArray(tile, 1 * L);
        c2_0.intoArray(tile, 2 * L);
        c3_0.intoArray(tile, 3 * L);
        c4_0.intoArray(tile, 4 * L);
        c5_0.intoArray(tile, 5 * L);
        c6_0.intoArray(tile, 6 * L);
        c7_0.intoArray(tile, 7 * L);
        c8_0.intoArray(tile, 8 * L);
        c9_0.intoArray(tile, 9 * L);
        c10_0.intoArray(tile, 10 * L);
        c11_0.intoArray(tile, 11 * L);
        c12_0.intoArray(tile, 12 * L);
        c13_0.intoArray(tile, 13 * L);
        c14_0.intoArray(tile, 14 * L);
        c15_0.intoArray(tile, 15 * L);
        finish(tile, 1, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags);
    }

}
