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
 * {@code flags} says so (see {@link #put}).
 */
final class GemmKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final FloatVector Z = FloatVector.zero(S);
    static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    /** Flag bits for the write-back: the low two bits are the activation ordinal. */
    static final int ACT_MASK = 3;
    static final int ADD_BIAS = 4;

    private GemmKernels() {}

    /** Writes one accumulator vector to C with the epilogue; masked unless {@code full}. */
    static void put(FloatVector acc, float[] c, int ci, float alpha, float beta,
                    FloatVector bias, int flags, VectorMask<Float> m, boolean full) {
        FloatVector v = acc.mul(alpha);
        if (full) {
            if (beta != 0f) {
                v = FloatVector.fromArray(S, c, ci).fma(FloatVector.broadcast(S, beta), v);
            }
            epilogue(v, bias, flags).intoArray(c, ci);
        } else {
            if (beta != 0f) {
                v = FloatVector.fromArray(S, c, ci, m).fma(FloatVector.broadcast(S, beta), v);
            }
            epilogue(v, bias, flags).intoArray(c, ci, m);
        }
    }

    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
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
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        // 2^n from the integer that MAGIC left in the low mantissa bits of t.
        IntVector bits = t.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** Bias add and activation on a vector, matching {@link Epilogue#apply} within rounding. */
    static FloatVector epilogue(FloatVector v, FloatVector bias, int flags) {
        if (flags == 0) {
            return v;
        }
        if ((flags & ADD_BIAS) != 0) {
            v = v.add(bias);
        }
        return switch (flags & ACT_MASK) {
            case 1 -> v.max(0f);
            case 2 -> ONE.div(exp(v.neg()).add(1f));
            case 3 -> ONE.sub(TWO.div(exp(v.add(v)).add(1f)));
            default -> v;
        };
    }

    /** 12 rows x 2 vectors: see the class comment for the contract. */
    static void k12x2(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int act) {
        FloatVector c0_0 = Z, c0_1 = Z;
        FloatVector c1_0 = Z, c1_1 = Z;
        FloatVector c2_0 = Z, c2_1 = Z;
        FloatVector c3_0 = Z, c3_1 = Z;
        FloatVector c4_0 = Z, c4_1 = Z;
        FloatVector c5_0 = Z, c5_1 = Z;
        FloatVector c6_0 = Z, c6_1 = Z;
        FloatVector c7_0 = Z, c7_1 = Z;
        FloatVector c8_0 = Z, c8_1 = Z;
        FloatVector c9_0 = Z, c9_1 = Z;
        FloatVector c10_0 = Z, c10_1 = Z;
        FloatVector c11_0 = Z, c11_1 = Z;
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
            FloatVector a8 = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
            ai += 12;
            bi += bs;
        }
        VectorMask<Float> m0 = S.indexInRange(0 * L, nr);
        FloatVector bias0 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 0 * L, m0);
        VectorMask<Float> m1 = S.indexInRange(1 * L, nr);
        FloatVector bias1 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 1 * L, m1);
        boolean full = nr == 2 * L;
        put(c0_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c0_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 1) {
            return;
        }
        ci += ldc;
        put(c1_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c1_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 2) {
            return;
        }
        ci += ldc;
        put(c2_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c2_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 3) {
            return;
        }
        ci += ldc;
        put(c3_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c3_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 4) {
            return;
        }
        ci += ldc;
        put(c4_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c4_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 5) {
            return;
        }
        ci += ldc;
        put(c5_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c5_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 6) {
            return;
        }
        ci += ldc;
        put(c6_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c6_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 7) {
            return;
        }
        ci += ldc;
        put(c7_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c7_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 8) {
            return;
        }
        ci += ldc;
        put(c8_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c8_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 9) {
            return;
        }
        ci += ldc;
        put(c9_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c9_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 10) {
            return;
        }
        ci += ldc;
        put(c10_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c10_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 11) {
            return;
        }
        ci += ldc;
        put(c11_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c11_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
    }

    /** 8 rows x 3 vectors: see the class comment for the contract. */
    static void k8x3(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int act) {
        FloatVector c0_0 = Z, c0_1 = Z, c0_2 = Z;
        FloatVector c1_0 = Z, c1_1 = Z, c1_2 = Z;
        FloatVector c2_0 = Z, c2_1 = Z, c2_2 = Z;
        FloatVector c3_0 = Z, c3_1 = Z, c3_2 = Z;
        FloatVector c4_0 = Z, c4_1 = Z, c4_2 = Z;
        FloatVector c5_0 = Z, c5_1 = Z, c5_2 = Z;
        FloatVector c6_0 = Z, c6_1 = Z, c6_2 = Z;
        FloatVector c7_0 = Z, c7_1 = Z, c7_2 = Z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai + 0]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            c0_2 = a0.fma(b2, c0_2);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            c1_2 = a1.fma(b2, c1_2);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            c2_2 = a2.fma(b2, c2_2);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            c3_2 = a3.fma(b2, c3_2);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            c4_2 = a4.fma(b2, c4_2);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            c5_2 = a5.fma(b2, c5_2);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            c6_2 = a6.fma(b2, c6_2);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            c7_2 = a7.fma(b2, c7_2);
            ai += 8;
            bi += bs;
        }
        VectorMask<Float> m0 = S.indexInRange(0 * L, nr);
        FloatVector bias0 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 0 * L, m0);
        VectorMask<Float> m1 = S.indexInRange(1 * L, nr);
        FloatVector bias1 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 1 * L, m1);
        VectorMask<Float> m2 = S.indexInRange(2 * L, nr);
        FloatVector bias2 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 2 * L, m2);
        boolean full = nr == 3 * L;
        put(c0_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c0_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c0_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 1) {
            return;
        }
        ci += ldc;
        put(c1_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c1_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c1_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 2) {
            return;
        }
        ci += ldc;
        put(c2_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c2_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c2_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 3) {
            return;
        }
        ci += ldc;
        put(c3_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c3_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c3_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 4) {
            return;
        }
        ci += ldc;
        put(c4_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c4_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c4_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 5) {
            return;
        }
        ci += ldc;
        put(c5_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c5_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c5_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 6) {
            return;
        }
        ci += ldc;
        put(c6_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c6_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c6_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        if (mr <= 7) {
            return;
        }
        ci += ldc;
        put(c7_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c7_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c7_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
    }

    /** 6 rows x 4 vectors: see the class comment for the contract. */
    static void k6x4(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int act) {
        FloatVector c0_0 = Z, c0_1 = Z, c0_2 = Z, c0_3 = Z;
        FloatVector c1_0 = Z, c1_1 = Z, c1_2 = Z, c1_3 = Z;
        FloatVector c2_0 = Z, c2_1 = Z, c2_2 = Z, c2_3 = Z;
        FloatVector c3_0 = Z, c3_1 = Z, c3_2 = Z, c3_3 = Z;
        FloatVector c4_0 = Z, c4_1 = Z, c4_2 = Z, c4_3 = Z;
        FloatVector c5_0 = Z, c5_1 = Z, c5_2 = Z, c5_3 = Z;
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
        VectorMask<Float> m0 = S.indexInRange(0 * L, nr);
        FloatVector bias0 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 0 * L, m0);
        VectorMask<Float> m1 = S.indexInRange(1 * L, nr);
        FloatVector bias1 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 1 * L, m1);
        VectorMask<Float> m2 = S.indexInRange(2 * L, nr);
        FloatVector bias2 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 2 * L, m2);
        VectorMask<Float> m3 = S.indexInRange(3 * L, nr);
        FloatVector bias3 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 3 * L, m3);
        boolean full = nr == 4 * L;
        put(c0_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c0_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c0_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        put(c0_3, c, ci + 3 * L, alpha, beta, bias3, act, m3, full);
        if (mr <= 1) {
            return;
        }
        ci += ldc;
        put(c1_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c1_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c1_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        put(c1_3, c, ci + 3 * L, alpha, beta, bias3, act, m3, full);
        if (mr <= 2) {
            return;
        }
        ci += ldc;
        put(c2_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c2_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c2_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        put(c2_3, c, ci + 3 * L, alpha, beta, bias3, act, m3, full);
        if (mr <= 3) {
            return;
        }
        ci += ldc;
        put(c3_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c3_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c3_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        put(c3_3, c, ci + 3 * L, alpha, beta, bias3, act, m3, full);
        if (mr <= 4) {
            return;
        }
        ci += ldc;
        put(c4_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c4_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c4_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        put(c4_3, c, ci + 3 * L, alpha, beta, bias3, act, m3, full);
        if (mr <= 5) {
            return;
        }
        ci += ldc;
        put(c5_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c5_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        put(c5_2, c, ci + 2 * L, alpha, beta, bias2, act, m2, full);
        put(c5_3, c, ci + 3 * L, alpha, beta, bias3, act, m3, full);
    }

    /** 14 rows x 2 vectors: see the class comment for the contract. */
    static void k14x2(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int act) {
        FloatVector c0_0 = Z, c0_1 = Z;
        FloatVector c1_0 = Z, c1_1 = Z;
        FloatVector c2_0 = Z, c2_1 = Z;
        FloatVector c3_0 = Z, c3_1 = Z;
        FloatVector c4_0 = Z, c4_1 = Z;
        FloatVector c5_0 = Z, c5_1 = Z;
        FloatVector c6_0 = Z, c6_1 = Z;
        FloatVector c7_0 = Z, c7_1 = Z;
        FloatVector c8_0 = Z, c8_1 = Z;
        FloatVector c9_0 = Z, c9_1 = Z;
        FloatVector c10_0 = Z, c10_1 = Z;
        FloatVector c11_0 = Z, c11_1 = Z;
        FloatVector c12_0 = Z, c12_1 = Z;
        FloatVector c13_0 = Z, c13_1 = Z;
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
            FloatVector a8 = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai + 12]);
            c12_0 = a12.fma(b0, c12_0);
            c12_1 = a12.fma(b1, c12_1);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai + 13]);
            c13_0 = a13.fma(b0, c13_0);
            c13_1 = a13.fma(b1, c13_1);
            ai += 14;
            bi += bs;
        }
        VectorMask<Float> m0 = S.indexInRange(0 * L, nr);
        FloatVector bias0 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 0 * L, m0);
        VectorMask<Float> m1 = S.indexInRange(1 * L, nr);
        FloatVector bias1 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 1 * L, m1);
        boolean full = nr == 2 * L;
        put(c0_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c0_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 1) {
            return;
        }
        ci += ldc;
        put(c1_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c1_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 2) {
            return;
        }
        ci += ldc;
        put(c2_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c2_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 3) {
            return;
        }
        ci += ldc;
        put(c3_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c3_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 4) {
            return;
        }
        ci += ldc;
        put(c4_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c4_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 5) {
            return;
        }
        ci += ldc;
        put(c5_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c5_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 6) {
            return;
        }
        ci += ldc;
        put(c6_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c6_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 7) {
            return;
        }
        ci += ldc;
        put(c7_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c7_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 8) {
            return;
        }
        ci += ldc;
        put(c8_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c8_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 9) {
            return;
        }
        ci += ldc;
        put(c9_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c9_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 10) {
            return;
        }
        ci += ldc;
        put(c10_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c10_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 11) {
            return;
        }
        ci += ldc;
        put(c11_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c11_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 12) {
            return;
        }
        ci += ldc;
        put(c12_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c12_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
        if (mr <= 13) {
            return;
        }
        ci += ldc;
        put(c13_0, c, ci, alpha, beta, bias0, act, m0, full);
        put(c13_1, c, ci + 1 * L, alpha, beta, bias1, act, m1, full);
    }

    /** 16 rows x 1 vectors: see the class comment for the contract. */
    static void k16x1(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int act) {
        FloatVector c0_0 = Z;
        FloatVector c1_0 = Z;
        FloatVector c2_0 = Z;
        FloatVector c3_0 = Z;
        FloatVector c4_0 = Z;
        FloatVector c5_0 = Z;
        FloatVector c6_0 = Z;
        FloatVector c7_0 = Z;
        FloatVector c8_0 = Z;
        FloatVector c9_0 = Z;
        FloatVector c10_0 = Z;
        FloatVector c11_0 = Z;
        FloatVector c12_0 = Z;
        FloatVector c13_0 = Z;
        FloatVector c14_0 = Z;
        FloatVector c15_0 = Z;
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
        VectorMask<Float> m0 = S.indexInRange(0 * L, nr);
        FloatVector bias0 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 0 * L, m0);
        boolean full = nr == 1 * L;
        put(c0_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 1) {
            return;
        }
        ci += ldc;
        put(c1_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 2) {
            return;
        }
        ci += ldc;
        put(c2_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 3) {
            return;
        }
        ci += ldc;
        put(c3_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 4) {
            return;
        }
        ci += ldc;
        put(c4_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 5) {
            return;
        }
        ci += ldc;
        put(c5_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 6) {
            return;
        }
        ci += ldc;
        put(c6_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 7) {
            return;
        }
        ci += ldc;
        put(c7_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 8) {
            return;
        }
        ci += ldc;
        put(c8_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 9) {
            return;
        }
        ci += ldc;
        put(c9_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 10) {
            return;
        }
        ci += ldc;
        put(c10_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 11) {
            return;
        }
        ci += ldc;
        put(c11_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 12) {
            return;
        }
        ci += ldc;
        put(c12_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 13) {
            return;
        }
        ci += ldc;
        put(c13_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 14) {
            return;
        }
        ci += ldc;
        put(c14_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 15) {
            return;
        }
        ci += ldc;
        put(c15_0, c, ci, alpha, beta, bias0, act, m0, full);
    }

    /** 24 rows x 1 vectors: see the class comment for the contract. */
    static void k24x1(int kc, float[] ap, int ai, float[] bp, int bi, int bs,
            float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
            float[] bias, int biasOff, int act) {
        FloatVector c0_0 = Z;
        FloatVector c1_0 = Z;
        FloatVector c2_0 = Z;
        FloatVector c3_0 = Z;
        FloatVector c4_0 = Z;
        FloatVector c5_0 = Z;
        FloatVector c6_0 = Z;
        FloatVector c7_0 = Z;
        FloatVector c8_0 = Z;
        FloatVector c9_0 = Z;
        FloatVector c10_0 = Z;
        FloatVector c11_0 = Z;
        FloatVector c12_0 = Z;
        FloatVector c13_0 = Z;
        FloatVector c14_0 = Z;
        FloatVector c15_0 = Z;
        FloatVector c16_0 = Z;
        FloatVector c17_0 = Z;
        FloatVector c18_0 = Z;
        FloatVector c19_0 = Z;
        FloatVector c20_0 = Z;
        FloatVector c21_0 = Z;
        FloatVector c22_0 = Z;
        FloatVector c23_0 = Z;
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
            FloatVector a16 = FloatVector.broadcast(S, ap[ai + 16]);
            c16_0 = a16.fma(b0, c16_0);
            FloatVector a17 = FloatVector.broadcast(S, ap[ai + 17]);
            c17_0 = a17.fma(b0, c17_0);
            FloatVector a18 = FloatVector.broadcast(S, ap[ai + 18]);
            c18_0 = a18.fma(b0, c18_0);
            FloatVector a19 = FloatVector.broadcast(S, ap[ai + 19]);
            c19_0 = a19.fma(b0, c19_0);
            FloatVector a20 = FloatVector.broadcast(S, ap[ai + 20]);
            c20_0 = a20.fma(b0, c20_0);
            FloatVector a21 = FloatVector.broadcast(S, ap[ai + 21]);
            c21_0 = a21.fma(b0, c21_0);
            FloatVector a22 = FloatVector.broadcast(S, ap[ai + 22]);
            c22_0 = a22.fma(b0, c22_0);
            FloatVector a23 = FloatVector.broadcast(S, ap[ai + 23]);
            c23_0 = a23.fma(b0, c23_0);
            ai += 24;
            bi += bs;
        }
        VectorMask<Float> m0 = S.indexInRange(0 * L, nr);
        FloatVector bias0 = bias == null ? Z : FloatVector.fromArray(S, bias, biasOff + 0 * L, m0);
        boolean full = nr == 1 * L;
        put(c0_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 1) {
            return;
        }
        ci += ldc;
        put(c1_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 2) {
            return;
        }
        ci += ldc;
        put(c2_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 3) {
            return;
        }
        ci += ldc;
        put(c3_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 4) {
            return;
        }
        ci += ldc;
        put(c4_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 5) {
            return;
        }
        ci += ldc;
        put(c5_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 6) {
            return;
        }
        ci += ldc;
        put(c6_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 7) {
            return;
        }
        ci += ldc;
        put(c7_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 8) {
            return;
        }
        ci += ldc;
        put(c8_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 9) {
            return;
        }
        ci += ldc;
        put(c9_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 10) {
            return;
        }
        ci += ldc;
        put(c10_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 11) {
            return;
        }
        ci += ldc;
        put(c11_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 12) {
            return;
        }
        ci += ldc;
        put(c12_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 13) {
            return;
        }
        ci += ldc;
        put(c13_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 14) {
            return;
        }
        ci += ldc;
        put(c14_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 15) {
            return;
        }
        ci += ldc;
        put(c15_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 16) {
            return;
        }
        ci += ldc;
        put(c16_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 17) {
            return;
        }
        ci += ldc;
        put(c17_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 18) {
            return;
        }
        ci += ldc;
        put(c18_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 19) {
            return;
        }
        ci += ldc;
        put(c19_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 20) {
            return;
        }
        ci += ldc;
        put(c20_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 21) {
            return;
        }
        ci += ldc;
        put(c21_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 22) {
            return;
        }
        ci += ldc;
        put(c22_0, c, ci, alpha, beta, bias0, act, m0, full);
        if (mr <= 23) {
            return;
        }
        ci += ldc;
        put(c23_0, c, ci, alpha, beta, bias0, act, m0, full);
    }

}
