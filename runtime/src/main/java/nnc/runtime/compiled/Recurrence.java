package nnc.runtime.compiled;

/**
 * The recurrence of simple_rnn and lstm layers for generated code (the compiler's SCAN and
 * SCAN_GRAD ops): the input projection and the recurrent-kernel gradient are GEMMs in the
 * IR; only the sequential part lives here. Layout: projected inputs {@code [n, T, G*u]}
 * (lstm gate order i, f, c, o), state {@code [n, T, S*u]} with h last (simple: h; lstm:
 * i, f, g, o, c, h). Activation codes: 0 linear, 1 tanh, 2 sigmoid, 3 relu.
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

    /** Forward recurrence over {@code n} sequences of {@code T} steps. */
    public static void scan(boolean lstm, int act, int rec, int u, int n, int T, float[] x, int xo, float[] rk, int ro,
                            float[] st, int so, Workspace ws) {
        int gw = lstm ? 4 * u : u, sw = lstm ? 6 * u : u;
        float[] z = ws.floats(gw);
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < T; t++) {
                int xr = xo + (b * T + t) * gw, row = so + (b * T + t) * sw, prev = row - sw;
                System.arraycopy(x, xr, z, 0, gw);
                if (t > 0) {
                    for (int k = 0; k < u; k++) {
                        float hk = st[prev + sw - u + k];
                        if (hk == 0f) continue;
                        int r = ro + k * gw;
                        for (int j = 0; j < gw; j++) z[j] += hk * rk[r + j];
                    }
                }
                if (!lstm) {
                    for (int j = 0; j < u; j++) st[row + j] = act(act, z[j]);
                    continue;
                }
                for (int j = 0; j < u; j++) {
                    float i = act(rec, z[j]), f = act(rec, z[u + j]), g = act(act, z[2 * u + j]), o = act(rec, z[3 * u + j]);
                    float c = i * g + (t > 0 ? f * st[prev + 4 * u + j] : 0f);
                    st[row + j] = i;
                    st[row + u + j] = f;
                    st[row + 2 * u + j] = g;
                    st[row + 3 * u + j] = o;
                    st[row + 4 * u + j] = c;
                    st[row + 5 * u + j] = o * act(act, c);
                }
            }
        }
    }

    /** BPTT: dz [n, T, G*u] from the state and the gradient on its h columns. */
    public static void scanGrad(boolean lstm, int act, int rec, int u, int n, int T, float[] st, int so, float[] g, int go,
                                float[] rk, int ro, float[] dz, int dzo, Workspace ws) {
        int gw = lstm ? 4 * u : u, sw = lstm ? 6 * u : u;
        float[] w = ws.floats(2 * u);   // dhNext [0, u), dcNext [u, 2u)
        for (int b = 0; b < n; b++) {
            java.util.Arrays.fill(w, 0, 2 * u, 0f);
            for (int t = T - 1; t >= 0; t--) {
                int row = so + (b * T + t) * sw, grow = go + (b * T + t) * sw, zr = dzo + (b * T + t) * gw;
                for (int j = 0; j < u; j++) {
                    float dh = g[grow + sw - u + j] + w[j];
                    if (!lstm) {
                        dz[zr + j] = dh * grad(act, st[row + j]);
                        continue;
                    }
                    float i = st[row + j], f = st[row + u + j], gg = st[row + 2 * u + j], o = st[row + 3 * u + j];
                    float c = st[row + 4 * u + j], cPrev = t > 0 ? st[row - sw + 4 * u + j] : 0f;
                    float ac = act(act, c);
                    float dc = dh * o * grad(act, ac) + w[u + j];
                    dz[zr + j] = dc * gg * grad(rec, i);
                    dz[zr + u + j] = dc * cPrev * grad(rec, f);
                    dz[zr + 2 * u + j] = dc * i * grad(act, gg);
                    dz[zr + 3 * u + j] = dh * ac * grad(rec, o);
                    w[u + j] = dc * f;
                }
                for (int k = 0; k < u; k++) {
                    float s = 0f;
                    int r = ro + k * gw;
                    for (int j = 0; j < gw; j++) s += dz[zr + j] * rk[r + j];
                    w[k] = s;
                }
            }
        }
    }
}
