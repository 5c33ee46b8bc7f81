package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import nnc.runtime.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void accuracyPicksBinaryCategoricalOrSparseByShape() {
        Metric acc = Metrics.byName("accuracy");
        // binary: one output per sample
        acc.update(Tensor.of(new float[] {1, 0, 1, 0}, 4, 1), Tensor.of(new float[] {0.9f, 0.2f, 0.4f, 0.6f}, 4, 1), 4);
        assertEquals(0.5, acc.result(), 1e-12);
        // categorical: one-hot targets
        acc.reset();
        float[] y = {0, 1, 0, 1, 0, 0, 0, 0, 1};
        float[] p = {0.1f, 0.8f, 0.1f, 0.2f, 0.7f, 0.1f, 0.3f, 0.3f, 0.4f};
        acc.update(Tensor.of(y, 3, 3), Tensor.of(p, 3, 3), 3);
        assertEquals(2.0 / 3, acc.result(), 1e-12);
        // streaming over a second batch, only valid rows
        acc.update(Tensor.of(y, 3, 3), Tensor.of(p, 3, 3), 1);
        assertEquals(3.0 / 4, acc.result(), 1e-12);
        // sparse: labels
        acc.reset();
        acc.update(Tensor.of(new int[] {1, 0, 2}, 3), Tensor.of(p, 3, 3), 3);
        assertEquals(2.0 / 3, acc.result(), 1e-12);
    }

    @Test
    void regressionMetrics() {
        float[] y = {1, 2, 3, 4}, p = {1.5f, 2, 2, 5};
        double mse = (0.25 + 0 + 1 + 1) / 4, mae = (0.5 + 0 + 1 + 1) / 4;
        Metric m = Metrics.mse(), a = Metrics.mae(), r = Metrics.rmse();
        for (Metric x : new Metric[] {m, a, r}) {
            x.update(Tensor.of(y, 2, 2), Tensor.of(p, 2, 2), 1);
            x.update(Tensor.of(new float[] {3, 4}, 1, 2), Tensor.of(new float[] {2, 5}, 1, 2), 1);
        }
        assertEquals(mse, m.result(), 1e-12);
        assertEquals(mae, a.result(), 1e-12);
        assertEquals(Math.sqrt(mse), r.result(), 1e-12);
    }

    @Test
    void precisionRecall() {
        float[] y = {1, 1, 0, 0, 1}, p = {0.9f, 0.3f, 0.6f, 0.1f, 0.8f};
        Metric pr = Metrics.precision(), re = Metrics.recall();
        pr.update(Tensor.of(y, 5, 1), Tensor.of(p, 5, 1), 5);
        re.update(Tensor.of(y, 5, 1), Tensor.of(p, 5, 1), 5);
        assertEquals(2.0 / 3, pr.result(), 1e-12);
        assertEquals(2.0 / 3, re.result(), 1e-12);
    }

    @Test
    void aucApproximatesTheExactRocArea() {
        Random r = new Random(7);
        int n = 2000;
        float[] y = new float[n], p = new float[n];
        for (int k = 0; k < n; k++) {
            y[k] = r.nextBoolean() ? 1 : 0;
            double s = 1 / (1 + Math.exp(-(y[k] * 1.5 - 0.75 + r.nextGaussian())));
            p[k] = (float) s;
        }
        // exact AUC = P(score of a positive > score of a negative) (Mann-Whitney)
        double pairs = 0, wins = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] != 1) continue;
            for (int j = 0; j < n; j++) {
                if (y[j] != 0) continue;
                pairs++;
                wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
            }
        }
        Metric auc = Metrics.auc();
        auc.update(Tensor.of(y, n, 1), Tensor.of(p, n, 1), n);
        assertEquals(wins / pairs, auc.result(), 5e-3);
        // the same area from a direct count at every threshold (the definition)
        double[] t = new double[200];
        for (int i = 1; i < 199; i++) t[i] = i / 199.0;
        t[0] = -1e-7;
        t[199] = 1 + 1e-7;
        double[] tpr = new double[200], fpr = new double[200];
        double pos = 0, neg = 0;
        for (float v : y) if (v == 1) pos++; else neg++;
        for (int i = 0; i < 200; i++) {
            for (int k = 0; k < n; k++) {
                if (p[k] > t[i]) {
                    if (y[k] == 1) tpr[i]++; else fpr[i]++;
                }
            }
            tpr[i] /= pos;
            fpr[i] /= neg;
        }
        double area = 0;
        for (int i = 0; i < 199; i++) area += (fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2;
        assertEquals(area, auc.result(), 1e-12);
        Metric perfect = Metrics.auc();
        perfect.update(Tensor.of(new float[] {0, 0, 1, 1}, 4, 1), Tensor.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, 4, 1), 4);
        assertEquals(1.0, perfect.result(), 1e-12);
    }

    @Test
    void confusionMatrixCounts() {
        Metrics.ConfusionMatrix cm = (Metrics.ConfusionMatrix) Metrics.byName("confusion_matrix");
        float[] y = {0, 1, 0, 1, 0, 0, 0, 0, 1};
        float[] p = {0.1f, 0.8f, 0.1f, 0.2f, 0.7f, 0.1f, 0.3f, 0.3f, 0.4f};
        cm.update(Tensor.of(y, 3, 3), Tensor.of(p, 3, 3), 3);
        assertArrayEquals(new long[][] {{0, 1, 0}, {0, 1, 0}, {0, 0, 1}}, cm.matrix());
        assertFalse(cm.scalar());
        assertTrue(cm.report().contains("  0 1 0"), cm.report());
        Metrics.ConfusionMatrix bin = new Metrics.ConfusionMatrix();
        bin.update(Tensor.of(new float[] {1, 0, 1}, 3, 1), Tensor.of(new float[] {0.9f, 0.7f, 0.2f}, 3, 1), 3);
        assertArrayEquals(new long[][] {{0, 1}, {1, 1}}, bin.matrix());
    }
}
