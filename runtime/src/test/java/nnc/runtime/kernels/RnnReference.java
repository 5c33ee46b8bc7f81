package nnc.runtime.kernels;

/** Double-precision reference forward passes of the Keras recurrent layers (tanh / sigmoid). */
final class RnnReference {
    private RnnReference() {}

    static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** All outputs h [batch, time, u] of an LSTM (gate order i, f, c, o). */
    static double[] lstm(RnnShape s, double[] x, double[] w, double[] uk, double[] b) {
        int B = s.batch(), T = s.time(), I = s.input(), U = s.units(), n = 4 * U;
        double[] out = new double[B * T * U];
        for (int bb = 0; bb < B; bb++) {
            double[] h = new double[U], c = new double[U];
            for (int t = 0; t < T; t++) {
                double[] z = new double[n];
                for (int j = 0; j < n; j++) {
                    double v = b[j];
                    for (int i = 0; i < I; i++) v += x[(bb * T + t) * I + i] * w[i * n + j];
                    for (int k = 0; k < U; k++) v += h[k] * uk[k * n + j];
                    z[j] = v;
                }
                for (int k = 0; k < U; k++) {
                    double ig = sig(z[k]), fg = sig(z[U + k]), gg = Math.tanh(z[2 * U + k]), og = sig(z[3 * U + k]);
                    c[k] = fg * c[k] + ig * gg;
                    h[k] = og * Math.tanh(c[k]);
                }
                System.arraycopy(h, 0, out, (bb * T + t) * U, U);
            }
        }
        return out;
    }

    /** All outputs of a Keras 3 GRU, reset_after = true, bias [2, 3u]. */
    static double[] gru(RnnShape s, double[] x, double[] w, double[] uk, double[] b) {
        int B = s.batch(), T = s.time(), I = s.input(), U = s.units(), n = 3 * U;
        double[] out = new double[B * T * U];
        for (int bb = 0; bb < B; bb++) {
            double[] h = new double[U];
            for (int t = 0; t < T; t++) {
                double[] xp = new double[n], hp = new double[n];
                for (int j = 0; j < n; j++) {
                    double v = b[j], r = b[n + j];
                    for (int i = 0; i < I; i++) v += x[(bb * T + t) * I + i] * w[i * n + j];
                    for (int k = 0; k < U; k++) r += h[k] * uk[k * n + j];
                    xp[j] = v;
                    hp[j] = r;
                }
                double[] nh = new double[U];
                for (int k = 0; k < U; k++) {
                    double z = sig(xp[k] + hp[k]), r = sig(xp[U + k] + hp[U + k]);
                    double hh = Math.tanh(xp[2 * U + k] + r * hp[2 * U + k]);
                    nh[k] = z * h[k] + (1 - z) * hh;
                }
                h = nh;
                System.arraycopy(h, 0, out, (bb * T + t) * U, U);
            }
        }
        return out;
    }

    /** All outputs of a SimpleRNN with tanh. */
    static double[] simple(RnnShape s, double[] x, double[] w, double[] uk, double[] b) {
        int B = s.batch(), T = s.time(), I = s.input(), U = s.units();
        double[] out = new double[B * T * U];
        for (int bb = 0; bb < B; bb++) {
            double[] h = new double[U];
            for (int t = 0; t < T; t++) {
                double[] nh = new double[U];
                for (int j = 0; j < U; j++) {
                    double v = b[j];
                    for (int i = 0; i < I; i++) v += x[(bb * T + t) * I + i] * w[i * U + j];
                    for (int k = 0; k < U; k++) v += h[k] * uk[k * U + j];
                    nh[j] = Math.tanh(v);
                }
                h = nh;
                System.arraycopy(h, 0, out, (bb * T + t) * U, U);
            }
        }
        return out;
    }
}
