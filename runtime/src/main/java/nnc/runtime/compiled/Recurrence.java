package nnc.runtime.compiled;

import nnc.runtime.kernels.Epilogue;

/**
 * The recurrence of simple_rnn, lstm and gru layers for generated code (the compiler's SCAN
 * and SCAN_GRAD ops): the input projection and the recurrent-kernel gradient are GEMMs in
 * the IR; only the sequential part lives here. Layout: projected inputs {@code [n, T, G*u]}
 * (lstm gate order i, f, c, o; gru z, r, h), state {@code [n, T, S*u]} with h last
 * (simple: h; lstm: i, f, g, o, c, h; gru: z, r, hh, rec_h, h). Cells: 0 simple, 1 lstm,
 * 2 gru (Keras reset_after: {@code hh = act(x_h + r * (h U_h + b_rec_h))},
 * {@code h = z h_prev + (1 - z) hh}). Activation codes: 0 linear, 1 tanh, 2 sigmoid, 3 relu.
 */
public final class Recurrence {
    private Recurrence() {}

    static float act(int code, float z) {
        return switch (code) {
            case 1 -> (float) Math.tanh(z);
            case 2 -> (float) (1 / (1 + Math.exp(-z)));
            case 3 -> z > 0f ? z : 0f;
            default -> z;
        };
    }

    /** Derivative of activation {@code code} from its output y. */
    static float grad(int code, float y) {
        return switch (code) {
            case 1 -> 1f - y * y;
            case 2 -> y * (1f - y);
            case 3 -> y > 0f ? 1f : 0f;
            default -> 1f;
        };
    }

    private static int gates(int cell) {
        return cell == 1 ? 4 : cell == 2 ? 3 : 1;
    }

    private static int width(int cell) {
        return cell == 1 ? 6 : cell == 2 ? 5 : 1;
    }

    /**
     * Forward recurrence over {@code n} sequences of {@code T} steps; {@code rb} is gru's
     * recurrent bias (else null). Time is the outer loop: the recurrent products of all
     * sequences at one step are one GEMM ({@code [n, u] x [u, G*u]}, the previous states read
     * in place, {@code T * S * u} floats apart), then one elementwise pass per sequence.
     */
    public static void scan(int cell, int act, int rec, int u, int n, int T, float[] x, int xo, float[] rk, int ro,
                            float[] rb, int rbo, float[] st, int so, Workspace ws) {
        int gw = gates(cell) * u, sw = width(cell) * u;
        float[] zs = ws.floats(n * gw);
        for (int t = 0; t < T; t++) {
            // z = h_{t-1} rk (+ recurrent bias for gru; the input part is added below)
            if (t > 0) {
                SmallGemm.sgemm(false, false, n, gw, u, 1f, st, so + (t - 1) * sw + sw - u, T * sw, rk, ro, gw,
                        0f, zs, 0, gw, cell == 2 ? rb : null, rbo, Epilogue.IDENTITY);
            } else {
                for (int b = 0; b < n; b++) {
                    if (cell == 2) System.arraycopy(rb, rbo, zs, b * gw, gw);
                    else java.util.Arrays.fill(zs, b * gw, (b + 1) * gw, 0f);
                }
            }
            for (int b = 0; b < n; b++) {
                int xr = xo + (b * T + t) * gw, row = so + (b * T + t) * sw, prev = row - sw;
                step(cell, act, rec, u, t, x, xr, zs, b * gw, st, row, prev);
            }
        }
    }

    /** One step of one sequence: pre-activations {@code x[xr..] + z[zr..]} to the state row. */
    private static void step(int cell, int act, int rec, int u, int t, float[] x, int xr, float[] z, int zr,
                             float[] st, int row, int prev) {
        switch (cell) {
            case 0 -> {
                for (int j = 0; j < u; j++) st[row + j] = act(act, x[xr + j] + z[zr + j]);
            }
            case 1 -> {
                for (int j = 0; j < u; j++) {
                    float i = act(rec, x[xr + j] + z[zr + j]), f = act(rec, x[xr + u + j] + z[zr + u + j]);
                    float g = act(act, x[xr + 2 * u + j] + z[zr + 2 * u + j]), o = act(rec, x[xr + 3 * u + j] + z[zr + 3 * u + j]);
                    float c = i * g + (t > 0 ? f * st[prev + 4 * u + j] : 0f);
                    st[row + j] = i;
                    st[row + u + j] = f;
                    st[row + 2 * u + j] = g;
                    st[row + 3 * u + j] = o;
                    st[row + 4 * u + j] = c;
                    st[row + 5 * u + j] = o * act(act, c);
                }
            }
            default -> {
                for (int j = 0; j < u; j++) {
                    float zz = act(rec, x[xr + j] + z[zr + j]), r = act(rec, x[xr + u + j] + z[zr + u + j]);
                    float recH = z[zr + 2 * u + j];
                    float hh = act(act, x[xr + 2 * u + j] + r * recH);
                    float hPrev = t > 0 ? st[prev + 4 * u + j] : 0f;
                    st[row + j] = zz;
                    st[row + u + j] = r;
                    st[row + 2 * u + j] = hh;
                    st[row + 3 * u + j] = recH;
                    st[row + 4 * u + j] = zz * hPrev + (1f - zz) * hh;
                }
            }
        }
    }

    /**
     * BPTT from the state and the gradient on its h columns: d [n, T, G*u] (gru: [n, T, 6u],
     * the input-side pre-activation gradients, then the recurrent-side ones). Time is the
     * outer loop, as in {@link #scan}: one elementwise pass per sequence, then the gradient
     * carried to the previous step, {@code dh = dZ_rec rk^T}, one GEMM for all sequences.
     */
    public static void scanGrad(int cell, int act, int rec, int u, int n, int T, float[] st, int so, float[] g, int go,
                                float[] rk, int ro, float[] d, int dO, Workspace ws) {
        int gw = gates(cell) * u, sw = width(cell) * u, dw = cell == 2 ? 6 * u : gw;
        int recOff = cell == 2 ? 3 * u : 0;   // where the recurrent-side gradients start in a row of d
        int nu = n * u;
        float[] w = ws.floats(2 * nu);   // per sequence b: dhNext at [b u, (b + 1) u), dcNext at nu + b u
        java.util.Arrays.fill(w, 0, 2 * nu, 0f);
        for (int t = T - 1; t >= 0; t--) {
            for (int b = 0; b < n; b++) {
                int row = so + (b * T + t) * sw, grow = go + (b * T + t) * sw, zr = dO + (b * T + t) * dw;
                int h = b * u, c2 = nu + b * u;
                for (int j = 0; j < u; j++) {
                    float dh = g[grow + sw - u + j] + w[h + j];
                    switch (cell) {
                        case 0 -> d[zr + j] = dh * grad(act, st[row + j]);
                        case 1 -> {
                            float i = st[row + j], f = st[row + u + j], gg = st[row + 2 * u + j], o = st[row + 3 * u + j];
                            float c = st[row + 4 * u + j], cPrev = t > 0 ? st[row - sw + 4 * u + j] : 0f;
                            float ac = act(act, c);
                            float dc = dh * o * grad(act, ac) + w[c2 + j];
                            d[zr + j] = dc * gg * grad(rec, i);
                            d[zr + u + j] = dc * cPrev * grad(rec, f);
                            d[zr + 2 * u + j] = dc * i * grad(act, gg);
                            d[zr + 3 * u + j] = dh * ac * grad(rec, o);
                            w[c2 + j] = dc * f;
                        }
                        default -> {
                            float zz = st[row + j], r = st[row + u + j], hh = st[row + 2 * u + j], recH = st[row + 3 * u + j];
                            float hPrev = t > 0 ? st[row - sw + 4 * u + j] : 0f;
                            float dPreH = dh * (1f - zz) * grad(act, hh);
                            float dPreZ = dh * (hPrev - hh) * grad(rec, zz);
                            float dPreR = dPreH * recH * grad(rec, r);
                            d[zr + j] = dPreZ;
                            d[zr + u + j] = dPreR;
                            d[zr + 2 * u + j] = dPreH;
                            d[zr + 3 * u + j] = dPreZ;
                            d[zr + 4 * u + j] = dPreR;
                            d[zr + 5 * u + j] = dPreH * r;
                            w[c2 + j] = dh * zz;   // direct path h_prev -> h
                        }
                    }
                }
            }
            if (t == 0) break;   // nothing before the first step
            // dhNext = dZ_rec rk^T for every sequence (rk is [u, G*u]), plus gru's direct path
            SmallGemm.sgemm(false, true, n, u, gw, 1f, d, dO + t * dw + recOff, T * dw, rk, ro, gw,
                    0f, w, 0, u, null, 0, Epilogue.IDENTITY);
            if (cell == 2) for (int q = 0; q < nu; q++) w[q] += w[nu + q];
        }
    }
}
