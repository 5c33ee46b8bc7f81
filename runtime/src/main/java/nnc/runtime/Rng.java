package nnc.runtime;

/**
 * The runtime's seeded random number generator: SplitMix64, a fixed, documented algorithm, so that
 * the same seed gives the same numbers on every JDK and platform (java.util.Random's subclasses
 * and the JDK's RandomGenerator factories do not promise that across versions). Not thread-safe:
 * give each thread or each use (initialisation, shuffling, dropout) its own instance, derived with
 * {@link #derive(long, String)}.
 */
public final class Rng {
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A seed for a named sub-stream of {@code seed} (e.g. "shuffle", "init:dense.kernel"), stable across runs. */
    public static long derive(long seed, String purpose) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int k = 0; k < purpose.length(); k++) {
            h = mix(h + purpose.charAt(k));
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal (Box-Muller with StrictMath, so the values are platform-independent). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0);
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
        double a = 2 * StrictMath.PI * u2;
        spareGaussian = r * StrictMath.sin(a);
        hasSpare = true;
        return r * StrictMath.cos(a);
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int k = a.length - 1; k > 0; k--) {
            int j = nextInt(k + 1);
            int t = a[k];
            a[k] = a[j];
            a[j] = t;
        }
    }
}
