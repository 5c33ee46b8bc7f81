package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import nnc.runtime.Initializer;
import nnc.runtime.Parameter;
import nnc.runtime.Rng;
import org.junit.jupiter.api.Test;

class InitializersTest {
    static float[] draw(Initializer init, int[] shape, long seed) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] w = new float[n];
        init.initialize(w, shape, new Rng(seed));
        return w;
    }

    static double[] meanStd(float[] w) {
        double s = 0, s2 = 0;
        for (float x : w) {
            s += x;
            s2 += (double) x * x;
        }
        double m = s / w.length;
        return new double[] {m, Math.sqrt(s2 / w.length - m * m)};
    }

    @Test
    void fansFollowKeras() {
        assertArrayEquals(new double[] {10, 20}, Initializers.fans(new int[] {10, 20}));
        assertArrayEquals(new double[] {5 * 5 * 3, 5 * 5 * 6}, Initializers.fans(new int[] {5, 5, 3, 6}));
        assertArrayEquals(new double[] {7, 7}, Initializers.fans(new int[] {7}));
    }

    @Test
    void glorotUniformBoundsAndVariance() {
        int[] shape = {200, 300};
        float[] w = draw(Initializers.glorotUniform(), shape, 1);
        double limit = Math.sqrt(6.0 / 500);
        for (float x : w) assertTrue(Math.abs(x) <= limit);
        double[] ms = meanStd(w);
        assertEquals(0, ms[0], 0.003);
        assertEquals(limit / Math.sqrt(3), ms[1], 0.01 * limit);
    }

    @Test
    void truncatedNormalsHaveTheTargetStddev() {
        int[] shape = {3, 3, 40, 50}; // fan_in 360, fan_out 450
        float[] he = draw(Initializers.heNormal(), shape, 2);
        double target = Math.sqrt(2.0 / 360);
        assertEquals(target, meanStd(he)[1], 0.02 * target);
        double cut = 2 * target / Initializers.TRUNCATED_STDDEV;
        for (float x : he) assertTrue(Math.abs(x) <= cut + 1e-7);
        float[] gn = draw(Initializers.glorotNormal(), shape, 3);
        assertEquals(Math.sqrt(2.0 / 810), meanStd(gn)[1], 0.02 * Math.sqrt(2.0 / 810));
        float[] lu = draw(Initializers.lecunUniform(), shape, 4);
        assertEquals(Math.sqrt(1.0 / 360), meanStd(lu)[1], 0.02 * Math.sqrt(1.0 / 360));
        float[] hu = draw(Initializers.heUniform(), shape, 5);
        assertEquals(Math.sqrt(2.0 / 360), meanStd(hu)[1], 0.02 * Math.sqrt(2.0 / 360));
    }

    @Test
    void orthogonalIsOrthonormal() {
        for (int[] shape : new int[][] {{8, 8}, {6, 24}, {24, 6}}) {
            float[] w = draw(Initializers.orthogonal(), shape, 9);
            int r = shape[0], c = shape[1];
            // the smaller Gram matrix is the identity
            boolean rowsOrthonormal = r <= c;
            int k = Math.min(r, c);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double d = 0;
                    for (int t = 0; t < Math.max(r, c); t++) {
                        d += rowsOrthonormal ? (double) w[i * c + t] * w[j * c + t] : (double) w[t * c + i] * w[t * c + j];
                    }
                    assertEquals(i == j ? 1 : 0, d, 1e-5, "shape " + shape[0] + "x" + shape[1]);
                }
            }
        }
    }

    @Test
    void sameSeedSameWeightsAndOrderIndependent() {
        Parameter a = Parameter.trainable("dense.kernel", new int[] {4, 3}, Initializers.glorotUniform(), null);
        Parameter b = Parameter.trainable("dense_1.kernel", new int[] {3, 2}, Initializers.heNormal(), null);
        Parameter c = Parameter.trainable("dense.bias", new int[] {3}, Initializers.zeros(), null);
        Initializers.initialize(List.of(a, b, c), 123);
        float[] a1 = a.value.clone(), b1 = b.value.clone();
        Initializers.initialize(List.of(c, b, a), 123);
        assertArrayEquals(a1, a.value);
        assertArrayEquals(b1, b.value);
        assertArrayEquals(new float[3], c.value);
        Initializers.initialize(List.of(a), 124);
        assertFalse(java.util.Arrays.equals(a1, a.value), "another seed gives other weights");
    }

    @Test
    void constantsAndByName() {
        assertArrayEquals(new float[] {1, 1}, draw(Initializers.byName("ones"), new int[] {2}, 0));
        float[] u = draw(Initializers.byName("random_uniform"), new int[] {1000}, 0);
        for (float x : u) assertTrue(x >= -0.05f && x <= 0.05f);
        assertEquals(0.05, meanStd(draw(Initializers.byName("random_normal"), new int[] {20000}, 0))[1], 0.002);
        assertThrows(IllegalArgumentException.class, () -> Initializers.byName("glorot"));
    }
}
