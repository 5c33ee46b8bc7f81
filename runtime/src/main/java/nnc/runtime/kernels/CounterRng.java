package nnc.runtime.kernels;

/**
 * A counter-based random number generator: every value is a pure function of
 * {@code (seed, step, index)}, computed with SplitMix64's finaliser. Because no state is
 * carried from one value to the next, any split of a tensor across threads draws exactly the
 * same numbers, and a training step can be replayed from its step number alone.
 *
 * <p>{@code seed} is the program's seed, {@code step} identifies the draw (for example
 * training step times the number of random layers plus the layer's index) and {@code index}
 * is the element's position in the tensor.
 */
public final class CounterRng {
    private CounterRng() {}

    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final float INV_2_24 = 1f / (1 << 24);

    /** SplitMix64's output function, a bijective 64-bit mixer. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The per-draw key, mixed from the seed and the step; compute once per tensor. */
    public static long key(long seed, long step) {
        return mix64(mix64(seed + GOLDEN) ^ (step * 0xD1B54A32D192ED03L + 0x2545F4914F6CDD1DL));
    }

    /** 64 random bits for element {@code index} under {@code key}. */
    public static long bits(long key, long index) {
        return mix64(key + index * GOLDEN);
    }

    /** A uniform float in {@code [0, 1)} with 24 random bits. */
    public static float uniform(long key, long index) {
        return (bits(key, index) >>> 40) * INV_2_24;
    }

    /** A standard normal float (Box-Muller on two 24-bit uniforms from the same 64 bits). */
    public static float normal(long key, long index) {
        long b = bits(key, index);
        double u1 = ((b >>> 40) + 1) * (double) INV_2_24;       // (0, 1]: log stays finite
        double u2 = ((b >>> 16) & 0xFFFFFF) * (double) INV_2_24;
        return (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
}
