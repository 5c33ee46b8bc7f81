package nnc.runtime.kernels;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxLossTest {
    @Test
    void softmaxAndLogSoftmaxMatchScalarAndAreStable() {
        Random r = new Random(7);
        for (int cols : Close.ODD_SIZES) {
            int rows = 3;
            float[] x = Close.random(r, rows * cols, -5, 5);
            x[0] = 1000f;   // stability: no overflow
            float[] s = new float[x.length], v = new float[x.length];
            Softmax.softmaxScalar(x, 0, s, 0, rows, cols, false);
            Softmax.softmaxVector(x, 0, v, 0, rows, cols, false);
            Close.assertClose("softmax", s, v);
            for (int i = 0; i < rows; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < cols; j++) max = Math.max(max, x[i * cols + j]);
                for (int j = 0; j < cols; j++) sum += Math.exp(x[i * cols + j] - max);
                for (int j = 0; j < cols; j++) {
                    double p = Math.exp(x[i * cols + j] - max) / sum;
                    Close.assertClose("softmax def", p, v[i * cols + j], 1e-5, 1e-7);
                }
            }
            Softmax.softmaxScalar(x, 0, s, 0, rows, cols, true);
            Softmax.softmaxVector(x, 0, v, 0, rows, cols, true);
            Close.assertClose("logsoftmax", s, v, 1e-5, 1e-5);
            // Backward passes against the Jacobian.
            float[] dy = Close.random(r, x.length), ds = new float[x.length], dv = new float[x.length];
            float[] p = new float[x.length];
            Softmax.softmaxScalar(x, 0, p, 0, rows, cols, false);
            Softmax.softmaxBackward(p, 0, dy, 0, ds, 0, rows, cols, false);
            Softmax.softmaxBackward(p, 0, dy, 0, dv, 0, rows, cols, true);
            Close.assertClose("softmax backward", ds, dv, 1e-5, 1e-6);
            Softmax.logSoftmaxBackward(s, 0, dy, 0, ds, 0, rows, cols, false);
            Softmax.logSoftmaxBackward(s, 0, dy, 0, dv, 0, rows, cols, true);
            Close.assertClose("logsoftmax backward", ds, dv, 1e-5, 1e-6);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) {
                double g = 0, gl = 0;
                for (int k = 0; k < cols; k++) {
                    double pj = p[i * cols + j], pk = p[i * cols + k];
                    g += dy[i * cols + k] * pk * ((j == k ? 1 : 0) - pj);
                    gl += dy[i * cols + k] * ((j == k ? 1 : 0) - pj);
                }
                Close.assertClose("softmax jacobian", g, ds.length > 0 ? softmaxGrad(p, dy, i, j, cols) : 0, 1e-4, 1e-6);
                Close.assertClose("logsoftmax jacobian", gl, dv[i * cols + j], 1e-4, 1e-5);
            }
        }
    }

    private static float softmaxGrad(float[] p, float[] dy, int i, int j, int cols) {
        float[] out = new float[p.length];
        Softmax.softmaxBackward(p, 0, dy, 0, out, 0, p.length / cols, cols, true);
        return out[i * cols + j];
    }

    @Test
    void softmaxCrossEntropyMatchesUnfusedKerasAndFiniteDifferences() {
        Random r = new Random(8);
        for (int cols : Close.ODD_SIZES) {
            int rows = 4;
            float[] x = Close.random(r, rows * cols, -4, 4);
            float[] y = new float[rows * cols];
            for (int i = 0; i < rows; i++) y[i * cols + r.nextInt(cols)] = 1f;
            float[] ps = new float[x.length], pv = new float[x.length];
            float ls = FusedLosses.softmaxCrossEntropy(x, 0, y, 0, ps, 0, rows, cols, false);
            float lv = FusedLosses.softmaxCrossEntropy(x, 0, y, 0, pv, 0, rows, cols, true);
            Close.assertClose("loss vector vs scalar", ls, lv, 1e-5, 1e-6);
            Close.assertClose("probs", ps, pv);
            Close.assertClose("loss vs unfused", cceUnfused(Reference.toDouble(x), y, rows, cols), lv, 1e-5, 1e-6);
            // Gradient (p - y) / batch against central differences of the double-precision loss.
            float[] g = new float[x.length];
            FusedLosses.softmaxCrossEntropyBackward(pv, 0, y, 0, g, 0, rows, cols, 1f);
            double[] xd = Reference.toDouble(x);
            for (int k = 0; k < x.length; k++) {
                double h = 1e-6, keep = xd[k];
                xd[k] = keep + h; double up = cceUnfused(xd, y, rows, cols);
                xd[k] = keep - h; double dn = cceUnfused(xd, y, rows, cols);
                xd[k] = keep;
                Close.assertClose("dCE/dx", (up - dn) / (2 * h), g[k], 1e-4, 1e-6);
            }
        }
        // Clipping: a confidently wrong prediction costs -log(1e-7), as in Keras.
        float[] x = {100f, -100f}, y = {0f, 1f}, p = new float[2];
        Close.assertClose("clipped", -Math.log(1e-7), FusedLosses.softmaxCrossEntropy(x, 0, y, 0, p, 0, 1, 2), 1e-5, 0);
    }

    @Test
    void sigmoidBinaryCrossEntropyMatchesUnfusedKerasAndFiniteDifferences() {
        Random r = new Random(9);
        for (int cols : Close.ODD_SIZES) {
            int rows = 3;
            float[] x = Close.random(r, rows * cols, -5, 5);
            float[] y = new float[rows * cols];
            for (int i = 0; i < y.length; i++) y[i] = r.nextFloat() < 0.5 ? 0f : 1f;
            float[] ps = new float[x.length], pv = new float[x.length];
            float ls = FusedLosses.sigmoidBinaryCrossEntropy(x, 0, y, 0, ps, 0, rows, cols, false);
            float lv = FusedLosses.sigmoidBinaryCrossEntropy(x, 0, y, 0, pv, 0, rows, cols, true);
            Close.assertClose("bce vector vs scalar", ls, lv, 1e-5, 1e-6);
            Close.assertClose("probs", ps, pv);
            double[] xd = Reference.toDouble(x);
            Close.assertClose("bce vs unfused", bceUnfused(xd, y, rows, cols), lv, 1e-5, 1e-6);
            float[] g = new float[x.length];
            FusedLosses.sigmoidBinaryCrossEntropyBackward(pv, 0, y, 0, g, 0, rows, cols, 1f);
            for (int k = 0; k < x.length; k++) {
                double h = 1e-6, keep = xd[k];
                xd[k] = keep + h; double up = bceUnfused(xd, y, rows, cols);
                xd[k] = keep - h; double dn = bceUnfused(xd, y, rows, cols);
                xd[k] = keep;
                Close.assertClose("dBCE/dx", (up - dn) / (2 * h), g[k], 1e-4, 1e-7);
            }
        }
        float[] x = {40f}, y = {0f}, p = new float[1];
        Close.assertClose("clipped", -Math.log(1e-7), FusedLosses.sigmoidBinaryCrossEntropy(x, 0, y, 0, p, 0, 1, 1), 1e-4, 0);
    }

    /** Keras' definition: p = softmax(x), clipped to [1e-7, 1 - 1e-7], -sum y log p, batch mean. */
    static double cceUnfused(double[] x, float[] y, int rows, int cols) {
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[i * cols + j]);
            for (int j = 0; j < cols; j++) sum += Math.exp(x[i * cols + j] - max);
            for (int j = 0; j < cols; j++) {
                double p = Math.min(Math.max(Math.exp(x[i * cols + j] - max) / sum, 1e-7), 1 - 1e-7);
                total -= y[i * cols + j] * Math.log(p);
            }
        }
        return total / rows;
    }

    static double bceUnfused(double[] x, float[] y, int rows, int cols) {
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double row = 0;
            for (int j = 0; j < cols; j++) {
                double p = Math.min(Math.max(1 / (1 + Math.exp(-x[i * cols + j])), 1e-7), 1 - 1e-7);
                double t = y[i * cols + j];
                row -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
            }
            total += row / cols;
        }
        return total / rows;
    }
}
