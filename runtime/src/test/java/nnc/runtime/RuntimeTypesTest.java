package nnc.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeTypesTest {
    @Test
    void regularizerPenaltyAndGradient() {
        float[] w = {1.5f, -2f, 0f, 0.25f};
        Regularizer r = Regularizer.l1l2(0.01f, 0.1f);
        double l1 = 1.5 + 2 + 0 + 0.25, l2 = 2.25 + 4 + 0 + 0.0625;
        assertEquals(0.01 * l1 + 0.1 * l2, r.penalty(w), 1e-6);
        float[] g = new float[4];
        r.addGradient(w, g);
        for (int k = 0; k < 4; k++) {
            if (w[k] == 0) {
                assertEquals(0f, g[k]);
                continue;
            }
            float[] wp = w.clone(), wm = w.clone();
            wp[k] += 1e-3f;
            wm[k] -= 1e-3f;
            assertEquals((r.penalty(wp) - r.penalty(wm)) / (wp[k] - wm[k]), g[k], 1e-3);
        }
        assertEquals(0f, Regularizer.NONE.penalty(w));
        assertEquals("l2(0.5)", Regularizer.l2(0.5f).toString());
    }

    @Test
    void rngIsDeterministicAndUniform() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int k = 0; k < 100; k++) assertEquals(a.nextLong(), b.nextLong());
        assertNotEquals(Rng.derive(1, "shuffle"), Rng.derive(1, "network"));
        assertEquals(Rng.derive(1, "shuffle"), Rng.derive(1, "shuffle"));
        Rng r = new Rng(7);
        int[] counts = new int[5];
        double s = 0, s2 = 0;
        int n = 50000;
        for (int k = 0; k < n; k++) {
            counts[r.nextInt(5)]++;
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
            float f = r.nextFloat();
            assertTrue(f >= 0 && f < 1);
        }
        for (int c : counts) assertEquals(n / 5.0, c, 400);
        assertEquals(0, s / n, 0.02);
        assertEquals(1, s2 / n, 0.03);
        int[] perm = {0, 1, 2, 3, 4, 5, 6, 7};
        new Rng(3).shuffle(perm);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, java.util.Arrays.stream(perm).sorted().toArray());
    }

    @Test
    void tensorViewsAndCopies() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 99, 99}, 3, 2);
        assertEquals(6, t.size());
        assertEquals(3, t.batch());
        assertEquals(2, t.sampleSize());
        assertArrayEquals(new float[] {3, 4, 5, 6}, t.rows(1, 3).floats());
        assertArrayEquals(new float[] {5, 6, 1, 2}, t.gather(new int[] {2, 0}).floats());
        assertArrayEquals(new int[] {2, 3}, t.reshape(2, 3).shape());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2));
        assertThrows(IllegalStateException.class, t::ints);
        assertTrue(t.copy().contentEquals(t));
        assertEquals(8, t.floats().length, "the view keeps the buffer");
        assertEquals(6, t.copy().floats().length);
        TensorSpec s = new TensorSpec("x", new int[] {28, 28, 1}, DType.F32);
        assertEquals(784, s.sampleSize());
        assertEquals(s, new TensorSpec("x", new int[] {28, 28, 1}, DType.F32));
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec("x", new int[] {0}, DType.F32));
    }

    @Test
    void parameterAndBatchChecks() {
        assertThrows(IllegalArgumentException.class, () -> new Parameter("d.k", new int[] {2, 2}, true, new float[4], null, null, null));
        Parameter p = Parameter.frozen("bn.moving_mean", new int[] {3}, null);
        assertFalse(p.trainable());
        assertNull(p.grad);
        Tensor x = Tensor.of(new float[8], 4, 2);
        assertThrows(IllegalArgumentException.class, () -> new Batch(List.of(x), List.of(), 5));
        assertEquals(3, new Batch(List.of(x), List.of(), 3).size());
        assertTrue(Mode.TRAIN.stochastic() && !Mode.GRADIENT.stochastic() && Mode.GRADIENT.cachesForBackward() && !Mode.INFER.cachesForBackward());
    }
}
