package nnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverted dropout (Keras: kept units scaled by {@code 1 / (1 - rate)}, training only) and
 * Gaussian noise, drawn from {@link CounterRng}: element {@code i} of a tensor keeps its value
 * when {@code uniform(key(seed, step), i) >= rate}. The mask depends on
 * {@code (seed, step, i)} only, never on the thread count or on how the work is split.
 */
public final class Dropout {
    private Dropout() {}

    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS =
            FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(LS.length() * Float.SIZE));
    private static final float INV_2_24 = 1f / (1 << 24);

    /**
     * Writes the scaled keep-mask for elements {@code first .. first + n - 1} of the tensor:
     * {@code mask[off + i] = 1 / (1 - rate)} where kept, else 0. {@code 0 <= rate < 1}.
     */
    public static void mask(long seed, long step, float rate, long first, float[] mask, int off, int n) {
        if (KernelConfig.scalar() || n < LS.length()) maskScalar(seed, step, rate, first, mask, off, n);
        else maskVector(seed, step, rate, first, mask, off, n);
    }

    /** {@link #mask} split into {@code threads} chunks on the shared pool; same result for any count. */
    public static void maskParallel(long seed, long step, float rate, float[] mask, int off, int n, int threads) {
        int tasks = Math.max(1, Math.min(threads, n / 4096 + 1));
        MaskCall call = CALLS.get();
        if (call.mask != null) call = new MaskCall();   // in use further up this thread's stack
        call.seed = seed;
        call.step = step;
        call.rate = rate;
        call.mask = mask;
        call.off = off;
        call.n = n;
        call.chunk = (n + tasks - 1) / tasks;
        try {
            WorkerPool.shared().parallelFor(tasks, call);
        } finally {
            call.mask = null;
        }
    }

    private static final ThreadLocal<MaskCall> CALLS = ThreadLocal.withInitial(MaskCall::new);

    /**
     * The arguments of one {@link #maskParallel}, reused per calling thread: a capturing lambda
     * would be a new object per call (the pattern of {@link GemmDriver}).
     */
    private static final class MaskCall implements java.util.function.IntConsumer {
        long seed, step;
        float rate;
        float[] mask;
        int off, n, chunk;

        @Override
        public void accept(int t) {
            int lo = t * chunk, hi = Math.min(n, lo + chunk);
            if (lo < hi) mask(seed, step, rate, lo, mask, off + lo, hi - lo);
        }
    }

    /** {@code y = x * mask} (forward), also the backward pass {@code dx = dy * mask}. */
    public static void apply(float[] x, int xOff, float[] mask, int mOff, float[] y, int yOff, int n) {
        Elementwise.binary(Elementwise.Op.MUL, x, xOff, mask, mOff, y, yOff, n);
    }

    public static void maskScalar(long seed, long step, float rate, long first, float[] mask, int off, int n) {
        long key = CounterRng.key(seed, step);
        float keep = rate > 0 ? 1f / (1f - rate) : 1f;
        for (int i = 0; i < n; i++) mask[off + i] = CounterRng.uniform(key, first + i) >= rate ? keep : 0f;
    }

    public static void maskVector(long seed, long step, float rate, long first, float[] mask, int off, int n) {
        long key = CounterRng.key(seed, step);
        float keep = rate > 0 ? 1f / (1f - rate) : 1f;
        int lanes = LS.length();
        LongVector iota = LongVector.zero(LS).addIndex(1);
        FloatVector vKeep = FloatVector.broadcast(FS, keep), zero = FloatVector.zero(FS);
        int i = 0;
        for (int b = n - lanes + 1; i < b; i += lanes) {
            // SplitMix64 finaliser on (key + index * GOLDEN), lane-wise.
            LongVector z = iota.add(first + i).mul(CounterRng.GOLDEN).add(key);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            FloatVector u = ((FloatVector) z.lanewise(VectorOperators.LSHR, 40).convertShape(VectorOperators.L2F, FS, 0))
                    .mul(INV_2_24);
            zero.blend(vKeep, u.compare(VectorOperators.GE, rate)).intoArray(mask, off + i);
        }
        maskScalar(seed, step, rate, first + i, mask, off + i, n - i);
    }

    /**
     * Gaussian noise (Keras {@code GaussianNoise}, training only):
     * {@code y[i] = x[i] + stddev * normal(key(seed, step), first + i)}.
     */
    public static void gaussianNoise(long seed, long step, float stddev, long first,
                                     float[] x, int xOff, float[] y, int yOff, int n) {
        long key = CounterRng.key(seed, step);
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] + stddev * CounterRng.normal(key, first + i);
    }
}
