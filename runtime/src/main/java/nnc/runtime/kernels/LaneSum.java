package nnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, for every kernel that reduces a vector
 * accumulator to a float.
 *
 * <p>{@code reduceLanes(VectorOperators.ADD)} leaves the order of a floating-point sum to the
 * implementation, and on JDK 24+ for x86 the compiled form (an unordered tree) and the Java
 * fallback that runs before the JIT has compiled the caller (lane 0 to the last, in order)
 * round differently. Which one a step of a training run gets then depends on when C2 finishes,
 * so two runs with the same seed could differ in the last bits. Here the order is always the
 * same halving tree of rotations and adds, each exactly rounded, whether interpreted or compiled.
 */
public final class LaneSum {
    private LaneSum() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> ROT8 = VectorShuffle.iota(S, 8, 1, true);
    private static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(S, 4, 1, true);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(S, 2, 1, true);
    private static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(S, 1, 1, true);

    /** The sum of the lanes of x, a vector of the preferred species (at most 16 lanes). */
    public static float of(FloatVector x) {
        int lanes = S.length();
        if (lanes >= 16) x = x.add(x.rearrange(ROT8));
        if (lanes >= 8) x = x.add(x.rearrange(ROT4));
        if (lanes >= 4) x = x.add(x.rearrange(ROT2));
        if (lanes >= 2) x = x.add(x.rearrange(ROT1));
        return x.lane(0);
    }

    /** The same sum in scalar code, in the same order (for tests). */
    public static float ofScalar(float[] lanes) {
        float[] t = lanes.clone();
        for (int h = t.length / 2; h >= 1; h /= 2) {
            float[] r = new float[t.length];
            for (int i = 0; i < t.length; i++) r[i] = t[i] + t[(i + h) % t.length];
            t = r;
        }
        return t[0];
    }
}
