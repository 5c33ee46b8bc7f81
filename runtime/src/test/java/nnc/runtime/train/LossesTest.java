package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import nnc.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Losses against direct double-precision transcriptions of CONVENTIONS.md and finite-difference gradients. */
class LossesTest {
    static final int B = 5, W = 4;
    final Random random = new Random(42);

    float[] probs(int rows, int w, boolean normalise) {
        float[] p = new float[rows * w];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int k = 0; k < w; k++) s += p[r * w + k] = 0.05f + random.nextFloat();
            if (normalise) for (int k = 0; k < w; k++) p[r * w + k] /= (float) s;
        }
        return p;
    }

    float[] oneHot(int rows, int w, int[] labels) {
        float[] y = new float[rows * w];
        for (int r = 0; r < rows; r++) y[r * w + labels[r]] = 1;
        return y;
    }

    int[] labels(int rows, int w) {
        int[] l = new int[rows];
        for (int r = 0; r < rows; r++) l[r] = random.nextInt(w);
        return l;
    }

    @Test
    void mseAndMaeAreMeansOverLastAxisThenBatch() {
        float[] y = new float[B * W], p = new float[B * W];
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) random.nextGaussian();
            p[k] = (float) random.nextGaussian();
        }
        double se = 0, ae = 0;
        for (int k = 0; k < y.length; k++) {
            se += Math.pow((double) y[k] - p[k], 2);
            ae += Math.abs((double) y[k] - p[k]);
        }
        Tensor ty = Tensor.of(y, B, W), tp = Tensor.of(p, B, W);
        assertEquals(se / (B * W), Losses.mse().value(ty, tp, B), 1e-9);
        assertEquals(ae / (B * W), Losses.mae().value(ty, tp, B), 1e-9);
        assertEquals(Losses.mse().name(), Losses.byName("mean_squared_error").name());
    }

    @Test
    void onlyValidRowsCount() {
        float[] y = {1, 2, 100}, p = {1, 1, -100};
        assertEquals(0.5, Losses.mse().value(Tensor.of(y, 3, 1), Tensor.of(p, 3, 1), 2), 1e-12);
    }

    @Test
    void categoricalCrossentropyClipsAtEpsilon() {
        int[] l = labels(B, W);
        float[] y = oneHot(B, W, l), p = probs(B, W, true);
        p[l[0]] = 0; // clipped to 1e-7
        double ref = 0;
        for (int r = 0; r < B; r++) {
            for (int k = 0; k < W; k++) {
                double q = Math.min(Math.max(p[r * W + k], 1e-7), 1 - 1e-7);
                ref += -y[r * W + k] * Math.log(q);
            }
        }
        ref /= B;
        assertEquals(ref, Losses.categoricalCrossentropy().value(Tensor.of(y, B, W), Tensor.of(p, B, W), B), 1e-9);
        assertTrue(ref > -Math.log(1e-7) / B - 1e-6, "the zero probability contributes -log(1e-7)");
        // sparse labels give the same value
        float[] sl = new float[B];
        for (int r = 0; r < B; r++) sl[r] = l[r];
        assertEquals(ref, Losses.sparseCategoricalCrossentropy().value(Tensor.of(sl, B), Tensor.of(p, B, W), B), 1e-9);
        int[] il = l.clone();
        assertEquals(ref, Losses.sparseCategoricalCrossentropy().value(Tensor.of(il, B, 1), Tensor.of(p, B, W), B), 1e-9);
    }

    @Test
    void binaryCrossentropy() {
        float[] y = {0, 1, 1, 0, 1, 0}, p = {0.2f, 0.7f, 1f, 0f, 0.5f, 0.9f};
        double ref = 0;
        for (int k = 0; k < 6; k++) {
            double q = Math.min(Math.max(p[k], 1e-7), 1 - 1e-7);
            ref += -(y[k] * Math.log(q) + (1 - y[k]) * Math.log(1 - q));
        }
        assertEquals(ref / 6, Losses.binaryCrossentropy().value(Tensor.of(y, 3, 2), Tensor.of(p, 3, 2), 3), 1e-6);
    }

    @Test
    void klDivergenceAndHuber() {
        float[] y = probs(B, W, true), p = probs(B, W, true);
        double kl = 0, hub = 0;
        for (int k = 0; k < y.length; k++) {
            kl += y[k] * Math.log((double) y[k] / p[k]);
            double e = Math.abs((double) p[k] * 3 - y[k]);
            hub += e <= 1 ? 0.5 * e * e : e - 0.5;
        }
        Tensor ty = Tensor.of(y, B, W);
        assertEquals(kl / B, Losses.klDivergence().value(ty, Tensor.of(p, B, W), B), 1e-6);
        float[] p3 = p.clone();
        for (int k = 0; k < p3.length; k++) p3[k] *= 3;
        assertEquals(hub / (B * W), Losses.huber().value(ty, Tensor.of(p3, B, W), B), 1e-6);
    }

    /** Central differences in double on a double copy of the loss definition would need the reference twice; instead perturb float inputs coarsely. */
    @Test
    void gradientsMatchFiniteDifferences() {
        for (String name : List.of("mse", "mae", "binary_crossentropy", "categorical_crossentropy",
                "sparse_categorical_crossentropy", "kl_divergence", "huber")) {
            Loss loss = Losses.byName(name);
            boolean sparse = name.startsWith("sparse");
            int[] l = labels(B, W);
            float[] y;
            if (sparse) {
                y = new float[B];
                for (int r = 0; r < B; r++) y[r] = l[r];
            } else if (name.equals("binary_crossentropy") || name.equals("kl_divergence")) {
                y = probs(B, W, true);
            } else if (name.equals("categorical_crossentropy")) {
                y = oneHot(B, W, l);
            } else {
                y = new float[B * W];
                for (int k = 0; k < y.length; k++) y[k] = (float) random.nextGaussian() * 2;
            }
            float[] p = probs(B, W, true);
            Tensor ty = sparse ? Tensor.of(y, B) : Tensor.of(y, B, W);
            float[] g = new float[B * W];
            loss.gradient(ty, Tensor.of(p, B, W), B, g);
            double h = 1e-3;
            for (int k = 0; k < p.length; k++) {
                float[] pp = p.clone(), pm = p.clone();
                pp[k] += (float) h;
                pm[k] -= (float) h;
                double fd = (loss.value(ty, Tensor.of(pp, B, W), B) - loss.value(ty, Tensor.of(pm, B, W), B)) / (pp[k] - pm[k]);
                assertEquals(fd, g[k], 2e-3 * Math.max(1, Math.abs(fd)), name + " element " + k);
            }
        }
    }

    @Test
    void clippedProbabilitiesHaveZeroGradient() {
        float[] y = {1, 0}, p = {0f, 1f};
        float[] g = new float[2];
        Losses.categoricalCrossentropy().gradient(Tensor.of(y, 1, 2), Tensor.of(p, 1, 2), 1, g);
        assertArrayEquals(new float[] {0, 0}, g);
    }

    @Test
    void badSparseLabelIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Losses.sparseCategoricalCrossentropy().value(Tensor.of(new float[] {3}, 1), Tensor.of(new float[] {0.5f, 0.5f}, 1, 2), 1));
        assertTrue(e.getMessage().contains("[0, 2)"));
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge"));
    }
}
