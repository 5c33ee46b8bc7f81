package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void sameSeedSameMaskOnOneAndTwoThreads() {
        int n = 100_003;
        float[] one = new float[n], two = new float[n], vec = new float[n], sc = new float[n];
        Dropout.maskParallel(42, 7, 0.3f, one, 0, n, 1);
        try (WorkerPool pool = new WorkerPool(1)) {
            assertEquals(2, pool.parallelism());
        }
        Dropout.maskParallel(42, 7, 0.3f, two, 0, n, 2);
        Dropout.maskVector(42, 7, 0.3f, 0, vec, 0, n);
        Dropout.maskScalar(42, 7, 0.3f, 0, sc, 0, n);
        assertArrayEquals(one, two);
        assertArrayEquals(sc, vec);
        assertArrayEquals(sc, one);
        // Split by hand on two real threads at an odd boundary.
        float[] split = new float[n];
        Thread t = new Thread(() -> Dropout.mask(42, 7, 0.3f, 50_001, split, 50_001, n - 50_001));
        t.start();
        Dropout.mask(42, 7, 0.3f, 0, split, 0, 50_001);
        try { t.join(); } catch (InterruptedException e) { throw new AssertionError(e); }
        assertArrayEquals(sc, split);
    }

    @Test
    void keepRateAndScaleFollowKeras() {
        int n = 200_000;
        float[] m = new float[n];
        Dropout.mask(1, 0, 0.25f, 0, m, 0, n);
        int kept = 0;
        for (float v : m) {
            if (v != 0f) { kept++; assertEquals(1f / 0.75f, v); }
        }
        assertEquals(0.75, kept / (double) n, 0.005);
        float[] x = new float[n], y = new float[n];
        java.util.Arrays.fill(x, 2f);
        Dropout.apply(x, 0, m, 0, y, 0, n);
        double mean = 0;
        for (float v : y) mean += v;
        assertEquals(2.0, mean / n, 0.02);   // inverted dropout keeps the expectation
    }

    @Test
    void differentStepsOrSeedsGiveDifferentMasks() {
        float[] a = new float[1000], b = new float[1000], c = new float[1000];
        Dropout.mask(5, 0, 0.5f, 0, a, 0, 1000);
        Dropout.mask(5, 1, 0.5f, 0, b, 0, 1000);
        Dropout.mask(6, 0, 0.5f, 0, c, 0, 1000);
        assertFalse(java.util.Arrays.equals(a, b));
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void gaussianNoiseHasTheRequestedMoments() {
        int n = 200_000;
        float[] x = new float[n], y = new float[n], y2 = new float[n];
        Dropout.gaussianNoise(3, 4, 0.5f, 0, x, 0, y, 0, n);
        Dropout.gaussianNoise(3, 4, 0.5f, 0, x, 0, y2, 0, n);
        assertArrayEquals(y, y2);
        double s = 0, s2 = 0;
        for (float v : y) { s += v; s2 += v * v; }
        double mean = s / n, var = s2 / n - mean * mean;
        assertEquals(0, mean, 0.01);
        assertEquals(0.25, var, 0.01);
        assertTrue(Float.isFinite(y[0]));
    }
}
