package nnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Shared Vector API helpers for the non-GEMM kernels: the preferred species and the vector
 * forms of the special functions (erfc) that the JDK does not provide as lane operators.
 * The scalar forms here use exactly the same formulas, so scalar twins and vector paths
 * differ only by rounding.
 */
final class Simd {
    private Simd() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** True when the caller should take the scalar path (forced, or too short to vectorise). */
    static boolean scalar(int n) {
        return KernelConfig.scalar() || n < L;
    }

    // Complementary error function for z >= 0, Chebyshev fit with fractional error < 1.2e-7
    // everywhere (Numerical Recipes' erfcc); good in the far tail, where GELU needs it.
    private static final float E0 = -1.26551223f, E1 = 1.00002368f, E2 = 0.37409196f,
            E3 = 0.09678418f, E4 = -0.18628806f, E5 = 0.27886807f, E6 = -1.13520398f,
            E7 = 1.48851587f, E8 = -0.82215223f, E9 = 0.17087277f;

    /** erfc(z) for z >= 0. */
    static float erfcPos(float z) {
        float t = 1f / (1f + 0.5f * z);
        float p = E9;
        p = p * t + E8; p = p * t + E7; p = p * t + E6; p = p * t + E5;
        p = p * t + E4; p = p * t + E3; p = p * t + E2; p = p * t + E1; p = p * t + E0;
        return t * (float) Math.exp(-z * z + p);
    }

    /** erfc(u) for any u. */
    static float erfc(float u) {
        float e = erfcPos(Math.abs(u));
        return u >= 0 ? e : 2f - e;
    }

    static FloatVector bc(float v) {
        return FloatVector.broadcast(S, v);
    }

    /** Lane-wise erfc(u) for any u. */
    static FloatVector erfc(FloatVector u) {
        FloatVector z = u.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(0.5f, 1f));
        FloatVector p = FloatVector.broadcast(S, E9);
        p = p.fma(t, bc(E8)); p = p.fma(t, bc(E7)); p = p.fma(t, bc(E6)); p = p.fma(t, bc(E5));
        p = p.fma(t, bc(E4)); p = p.fma(t, bc(E3)); p = p.fma(t, bc(E2)); p = p.fma(t, bc(E1)); p = p.fma(t, bc(E0));
        FloatVector e = t.mul(z.mul(z).neg().add(p).lanewise(VectorOperators.EXP));
        return e.blend(FloatVector.broadcast(S, 2f).sub(e), u.lt(0f));
    }
}
