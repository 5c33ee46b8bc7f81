package nnc.runtime.kernels;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final float EPS = 1e-3f;

    /** Keras batchnorm in training mode, double precision: batch mean, biased variance. */
    static double[] batchNormRef(int rows, int ch, double[] x, double[] gamma, double[] beta) {
        double[] y = new double[x.length];
        for (int c = 0; c < ch; c++) {
            double m = 0, v = 0;
            for (int r = 0; r < rows; r++) m += x[r * ch + c];
            m /= rows;
            for (int r = 0; r < rows; r++) v += (x[r * ch + c] - m) * (x[r * ch + c] - m);
            v /= rows;
            for (int r = 0; r < rows; r++) y[r * ch + c] = gamma[c] * (x[r * ch + c] - m) / Math.sqrt(v + EPS) + beta[c];
        }
        return y;
    }

    static double[] layerNormRef(int rows, int ch, double[] x, double[] gamma, double[] beta) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double m = 0, v = 0;
            for (int c = 0; c < ch; c++) m += x[r * ch + c];
            m /= ch;
            for (int c = 0; c < ch; c++) v += (x[r * ch + c] - m) * (x[r * ch + c] - m);
            v /= ch;
            for (int c = 0; c < ch; c++) y[r * ch + c] = gamma[c] * (x[r * ch + c] - m) / Math.sqrt(v + EPS) + beta[c];
        }
        return y;
    }

    @Test
    void batchNormForwardBackwardAndMovingStatistics() {
        Random r = new Random(41);
        for (int ch : new int[] {1, 3, 17, 33}) {
            int rows = 7;
            float[] x = Close.random(r, rows * ch, -2, 3), gamma = Close.random(r, ch, 0.5f, 1.5f), beta = Close.random(r, ch);
            float[] w = Close.random(r, rows * ch);
            double[] xd = Reference.toDouble(x), gd = Reference.toDouble(gamma), bd = Reference.toDouble(beta), wd = Reference.toDouble(w);
            float[][] res = new float[2][];
            for (int pass = 0; pass < 2; pass++) {
                boolean vec = pass == 1;
                float[] mm = new float[ch], mv = new float[ch], mean = new float[ch], is = new float[ch], y = new float[x.length];
                java.util.Arrays.fill(mv, 1f);
                Normalization.batchNormTrain(rows, ch, x, 0, gamma, 0, beta, 0, mm, 0, mv, 0, 0.99f, EPS, mean, 0, is, 0, y, 0, vec);
                Reference.assertClose("bn forward", batchNormRef(rows, ch, xd, gd, bd), y, 1e-5, 1e-5);
                for (int c = 0; c < ch; c++) {
                    double m = 0, v = 0;
                    for (int i = 0; i < rows; i++) m += x[i * ch + c];
                    m /= rows;
                    for (int i = 0; i < rows; i++) v += (x[i * ch + c] - m) * (x[i * ch + c] - m);
                    v /= rows;
                    Close.assertClose("moving mean", 0.01 * m, mm[c], 1e-5, 1e-7);
                    Close.assertClose("moving var", 0.99 + 0.01 * v, mv[c], 1e-5, 1e-7);
                }
                float[] dx = new float[x.length], dg = new float[ch], db = new float[ch];
                Normalization.batchNormBackward(rows, ch, x, 0, w, 0, gamma, 0, mean, 0, is, 0, dx, 0, dg, 0, db, 0, false, new float[2 * ch], vec);
                ToDoubleFunction<double[]> lx = v -> Reference.dot(batchNormRef(rows, ch, v, gd, bd), wd);
                ToDoubleFunction<double[]> lg = v -> Reference.dot(batchNormRef(rows, ch, xd, v, bd), wd);
                ToDoubleFunction<double[]> lb = v -> Reference.dot(batchNormRef(rows, ch, xd, gd, v), wd);
                Reference.assertClose("bn dx", Reference.numericGradient(lx, xd, 1e-5), dx, 1e-3, 1e-5);
                Reference.assertClose("bn dgamma", Reference.numericGradient(lg, gd, 1e-5), dg, 1e-4, 1e-5);
                Reference.assertClose("bn dbeta", Reference.numericGradient(lb, bd, 1e-5), db, 1e-4, 1e-5);
                res[pass] = concat(y, dx, dg, db);
                // Inference with the statistics just computed as moving statistics equals training output.
                float[] var = new float[ch];
                for (int c = 0; c < ch; c++) var[c] = 1f / (is[c] * is[c]) - EPS;
                float[] yi = new float[x.length];
                Normalization.batchNormInference(rows, ch, x, 0, gamma, 0, beta, 0, mean, 0, var, 0, EPS, new float[ch], yi, 0);
                Close.assertClose("bn inference", y, yi, 1e-4, 1e-4);
            }
            Close.assertClose("bn vector vs scalar", res[0], res[1], 1e-5, 1e-5);
        }
    }

    @Test
    void layerNormForwardAndBackward() {
        Random r = new Random(42);
        for (int ch : new int[] {1, 3, 17, 33, 65}) {
            int rows = 5;
            float[] x = Close.random(r, rows * ch, -2, 3), gamma = Close.random(r, ch, 0.5f, 1.5f), beta = Close.random(r, ch);
            float[] w = Close.random(r, rows * ch);
            double[] xd = Reference.toDouble(x), gd = Reference.toDouble(gamma), bd = Reference.toDouble(beta), wd = Reference.toDouble(w);
            float[][] res = new float[2][];
            for (int pass = 0; pass < 2; pass++) {
                boolean vec = pass == 1;
                float[] mean = new float[rows], is = new float[rows], y = new float[x.length];
                Normalization.layerNorm(rows, ch, x, 0, gamma, 0, beta, 0, EPS, mean, 0, is, 0, y, 0, vec);
                Reference.assertClose("ln forward", layerNormRef(rows, ch, xd, gd, bd), y, 1e-5, 1e-5);
                float[] dx = new float[x.length], dg = new float[ch], db = new float[ch];
                Normalization.layerNormBackward(rows, ch, x, 0, w, 0, gamma, 0, mean, 0, is, 0, dx, 0, dg, 0, db, 0, false, vec);
                ToDoubleFunction<double[]> lx = v -> Reference.dot(layerNormRef(rows, ch, v, gd, bd), wd);
                ToDoubleFunction<double[]> lg = v -> Reference.dot(layerNormRef(rows, ch, xd, v, bd), wd);
                ToDoubleFunction<double[]> lb = v -> Reference.dot(layerNormRef(rows, ch, xd, gd, v), wd);
                Reference.assertClose("ln dx", Reference.numericGradient(lx, xd, 1e-5), dx, 1e-3, 1e-5);
                Reference.assertClose("ln dgamma", Reference.numericGradient(lg, gd, 1e-5), dg, 1e-4, 1e-5);
                Reference.assertClose("ln dbeta", Reference.numericGradient(lb, bd, 1e-5), db, 1e-4, 1e-5);
                res[pass] = concat(y, dx, dg, db);
            }
            Close.assertClose("ln vector vs scalar", res[0], res[1], 1e-5, 1e-5);
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] all = new float[n];
        int o = 0;
        for (float[] p : parts) { System.arraycopy(p, 0, all, o, p.length); o += p.length; }
        return all;
    }
}
