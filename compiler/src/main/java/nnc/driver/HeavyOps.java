package nnc.driver;

import nnc.ir.Attrs;
import nnc.ir.Node;

/**
 * The heavy ops of the IR (convolution, pooling, the recurrent scan, reverse and their gradient
 * ops) in double precision, for {@link GraphEvaluator}: so that {@code nnc gradcheck} and the
 * interpreter back end run convolutional and recurrent models. Written from the op documentation
 * as directly as possible (loops over every output index), without sharing code with the
 * generated kernels. The test tree's reference evaluator uses these same definitions, so the
 * semantics of the heavy ops are written once.
 */
public final class HeavyOps {
    private HeavyOps() {}

    /** A concrete tensor: dims (batch substituted) and row-major data. */
    public record Val(int[] dims, double[] data) {}

    /** Evaluates heavy node {@code n} with output dims {@code dims}, or returns null if it is not one of them. */
    public static double[] eval(Node n, int[] dims, Val[] in) {
        Attrs a = n.attrs();
        int size = count(dims);
        return switch (n.op()) {
            case REVERSE -> {
                int ax = a.i("axis") < 0 ? a.i("axis") + dims.length : a.i("axis");
                int[] st = strides(dims);
                double[] r = new double[size];
                for (int i = 0; i < size; i++) {
                    int pos = (i / st[ax]) % dims[ax];
                    r[i] = in[0].data()[i + (dims[ax] - 1 - 2 * pos) * st[ax]];
                }
                yield r;
            }
            case SCAN -> a.s("cell").equals("gru") ? gru(a, in[0], in[1], in[2]) : scan(a, in[0], in[1]);
            case SCAN_GRAD -> a.s("cell").equals("gru") ? gruGrad(a, in[0], in[1], in[2]) : scanGrad(a, in[0], in[1], in[2]);
            case CONV -> conv(a, in[0], in[1].data(), in[1].dims(), dims, 0);
            case CONV_BACKPROP_INPUT -> convBackInput(a, in[0], in[1], dims);
            case CONV_BACKPROP_FILTER -> convBackFilter(a, in[0], in[1], dims);
            case POOL -> pool(a, in[0], dims, null);
            case POOL_GRAD -> {
                double[] dx = new double[size];
                pool(a, in[0], in[2].dims(), new double[][] {in[2].data(), dx});
                yield dx;
            }
            default -> null;
        };
    }

    static int count(int[] d) {
        int n = 1;
        for (int x : d) n *= x;
        return n;
    }

    private static int[] strides(int[] d) {
        int[] s = new int[d.length];
        int k = 1;
        for (int i = d.length - 1; i >= 0; i--) {
            s[i] = k;
            k *= d[i];
        }
        return s;
    }

    private static int[] geo(Attrs a, int[] xDims, int[] window) {
        int rank = a.i("rank");
        int[] st = a.ints("strides");
        int inH = rank == 2 ? xDims[1] : 1, inW = xDims[rank == 2 ? 2 : 1];
        int kh = rank == 2 ? window[0] : 1, kw = window[rank == 2 ? 1 : 0];
        int sh = rank == 2 ? st[0] : 1, sw = st[rank == 2 ? 1 : 0];
        boolean same = a.s("padding").equals("same");
        int oh = same ? (inH + sh - 1) / sh : (inH - kh) / sh + 1, ow = same ? (inW + sw - 1) / sw : (inW - kw) / sw + 1;
        int pt = same ? Math.max((oh - 1) * sh + kh - inH, 0) / 2 : 0, pl = same ? Math.max((ow - 1) * sw + kw - inW, 0) / 2 : 0;
        return new int[] {inH, inW, kh, kw, sh, sw, oh, ow, pt, pl};
    }

    /** Direct convolution: out[b, oy, ox, co] = sum x[b, oy*s - pad + i, ox*s - pad + j, ci] * k[i, j, ci, co]. */
    private static double[] conv(Attrs a, Val x, double[] k, int[] kDims, int[] outDims, int unused) {
        int rank = a.i("rank");
        int[] g = geo(a, x.dims(), kDims);
        int batch = x.dims()[0], cin = x.dims()[x.dims().length - 1], cout = kDims[kDims.length - 1];
        double[] out = new double[count(outDims)];
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < g[6]; oy++)
                for (int ox = 0; ox < g[7]; ox++)
                    for (int co = 0; co < cout; co++) {
                        double s = 0;
                        for (int i = 0; i < g[2]; i++)
                            for (int j = 0; j < g[3]; j++) {
                                int iy = oy * g[4] - g[8] + i, ix = ox * g[5] - g[9] + j;
                                if (iy < 0 || iy >= g[0] || ix < 0 || ix >= g[1]) continue;
                                for (int ci = 0; ci < cin; ci++) {
                                    s += x.data()[((b * g[0] + iy) * g[1] + ix) * cin + ci] * k[((i * g[3] + j) * cin + ci) * cout + co];
                                }
                            }
                        out[((b * g[6] + oy) * g[7] + ox) * cout + co] = s;
                    }
        return out;
    }

    /** d(input) = the adjoint of {@link #conv} applied to dOut. */
    private static double[] convBackInput(Attrs a, Val dOut, Val k, int[] inDims) {
        int[] g = geo(a, inDims, k.dims());
        int batch = inDims[0], cin = inDims[inDims.length - 1], cout = k.dims()[k.dims().length - 1];
        double[] dx = new double[count(inDims)];
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < g[6]; oy++)
                for (int ox = 0; ox < g[7]; ox++)
                    for (int co = 0; co < cout; co++) {
                        double gv = dOut.data()[((b * g[6] + oy) * g[7] + ox) * cout + co];
                        for (int i = 0; i < g[2]; i++)
                            for (int j = 0; j < g[3]; j++) {
                                int iy = oy * g[4] - g[8] + i, ix = ox * g[5] - g[9] + j;
                                if (iy < 0 || iy >= g[0] || ix < 0 || ix >= g[1]) continue;
                                for (int ci = 0; ci < cin; ci++) {
                                    dx[((b * g[0] + iy) * g[1] + ix) * cin + ci] += gv * k.data()[((i * g[3] + j) * cin + ci) * cout + co];
                                }
                            }
                    }
        return dx;
    }

    private static double[] convBackFilter(Attrs a, Val x, Val dOut, int[] kDims) {
        int[] g = geo(a, x.dims(), kDims);
        int batch = x.dims()[0], cin = x.dims()[x.dims().length - 1], cout = kDims[kDims.length - 1];
        double[] dk = new double[count(kDims)];
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < g[6]; oy++)
                for (int ox = 0; ox < g[7]; ox++)
                    for (int co = 0; co < cout; co++) {
                        double gv = dOut.data()[((b * g[6] + oy) * g[7] + ox) * cout + co];
                        for (int i = 0; i < g[2]; i++)
                            for (int j = 0; j < g[3]; j++) {
                                int iy = oy * g[4] - g[8] + i, ix = ox * g[5] - g[9] + j;
                                if (iy < 0 || iy >= g[0] || ix < 0 || ix >= g[1]) continue;
                                for (int ci = 0; ci < cin; ci++) {
                                    dk[((i * g[3] + j) * cin + ci) * cout + co] += gv * x.data()[((b * g[0] + iy) * g[1] + ix) * cin + ci];
                                }
                            }
                    }
        return dk;
    }

    /**
     * Max or average pooling (padding excluded from averages, never the maximum). With
     * {@code grad = {dOut, dIn}} it accumulates the gradient instead: to the first maximum
     * of each window, or spread evenly over the window's valid elements.
     */
    private static double[] pool(Attrs a, Val x, int[] outDims, double[][] grad) {
        int[] g = geo(a, x.dims(), a.ints("pool"));
        boolean max = a.s("kind").equals("max");
        int batch = x.dims()[0], c = x.dims()[x.dims().length - 1];
        double[] out = new double[count(outDims)];
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < g[6]; oy++)
                for (int ox = 0; ox < g[7]; ox++)
                    for (int ch = 0; ch < c; ch++) {
                        double best = Double.NEGATIVE_INFINITY, sum = 0;
                        int arg = -1, cnt = 0;
                        for (int i = 0; i < g[2]; i++)
                            for (int j = 0; j < g[3]; j++) {
                                int iy = oy * g[4] - g[8] + i, ix = ox * g[5] - g[9] + j;
                                if (iy < 0 || iy >= g[0] || ix < 0 || ix >= g[1]) continue;
                                int idx = ((b * g[0] + iy) * g[1] + ix) * c + ch;
                                double v = x.data()[idx];
                                if (v > best) {
                                    best = v;
                                    arg = idx;
                                }
                                sum += v;
                                cnt++;
                            }
                        int o = ((b * g[6] + oy) * g[7] + ox) * c + ch;
                        if (grad == null) {
                            out[o] = max ? best : sum / cnt;
                            continue;
                        }
                        double gv = grad[0][o];
                        if (max) {
                            grad[1][arg] += gv;
                            continue;
                        }
                        for (int i = 0; i < g[2]; i++)
                            for (int j = 0; j < g[3]; j++) {
                                int iy = oy * g[4] - g[8] + i, ix = ox * g[5] - g[9] + j;
                                if (iy < 0 || iy >= g[0] || ix < 0 || ix >= g[1]) continue;
                                grad[1][((b * g[0] + iy) * g[1] + ix) * c + ch] += gv / cnt;
                            }
                    }
        return out;
    }

    private static double act(String name, double z) {
        return switch (name) {
            case "tanh" -> Math.tanh(z);
            case "sigmoid" -> 1 / (1 + Math.exp(-z));
            case "relu" -> Math.max(z, 0);
            default -> z;
        };
    }

    /** Derivative of the activation, written in terms of its output y. */
    private static double actGrad(String name, double y) {
        return switch (name) {
            case "tanh" -> 1 - y * y;
            case "sigmoid" -> y * (1 - y);
            case "relu" -> y > 0 ? 1 : 0;
            default -> 1;
        };
    }

    /** SCAN as documented on the op: simple_rnn or lstm over projected inputs. */
    private static double[] scan(Attrs a, Val x, Val rk) {
        String cell = a.s("cell"), act = a.s("activation"), rec = a.s("recurrentActivation");
        int u = a.i("units"), nb = x.dims()[0], tt = x.dims()[1], gw = x.dims()[2];
        boolean lstm = cell.equals("lstm");
        int sw = lstm ? 6 * u : u;
        double[] out = new double[nb * tt * sw];
        for (int b = 0; b < nb; b++) {
            double[] h = new double[u], c = new double[u];
            for (int t = 0; t < tt; t++) {
                double[] z = new double[gw];
                for (int j = 0; j < gw; j++) {
                    double s = x.data()[(b * tt + t) * gw + j];
                    for (int k = 0; k < u; k++) s += h[k] * rk.data()[k * gw + j];
                    z[j] = s;
                }
                int row = (b * tt + t) * sw;
                if (!lstm) {
                    for (int j = 0; j < u; j++) h[j] = act(act, z[j]);
                    System.arraycopy(h, 0, out, row, u);
                    continue;
                }
                for (int j = 0; j < u; j++) {
                    double i = act(rec, z[j]), f = act(rec, z[u + j]), g = act(act, z[2 * u + j]), o = act(rec, z[3 * u + j]);
                    c[j] = f * c[j] + i * g;
                    h[j] = o * act(act, c[j]);
                    out[row + j] = i;
                    out[row + u + j] = f;
                    out[row + 2 * u + j] = g;
                    out[row + 3 * u + j] = o;
                    out[row + 4 * u + j] = c[j];
                    out[row + 5 * u + j] = h[j];
                }
            }
        }
        return out;
    }

    /** BPTT: gradient w.r.t. the projected inputs from the gradient on the h columns of the state. */
    private static double[] scanGrad(Attrs a, Val state, Val dState, Val rk) {
        String cell = a.s("cell"), act = a.s("activation"), rec = a.s("recurrentActivation");
        int u = a.i("units"), nb = state.dims()[0], tt = state.dims()[1];
        boolean lstm = cell.equals("lstm");
        int gw = lstm ? 4 * u : u, sw = lstm ? 6 * u : u;
        double[] dz = new double[nb * tt * gw];
        for (int b = 0; b < nb; b++) {
            double[] dhNext = new double[u], dcNext = new double[u];
            for (int t = tt - 1; t >= 0; t--) {
                int row = (b * tt + t) * sw, zr = (b * tt + t) * gw;
                for (int j = 0; j < u; j++) {
                    double dh = dState.data()[row + sw - u + j] + dhNext[j];
                    if (!lstm) {
                        dz[zr + j] = dh * actGrad(act, state.data()[row + j]);
                        continue;
                    }
                    double i = state.data()[row + j], f = state.data()[row + u + j], g = state.data()[row + 2 * u + j];
                    double o = state.data()[row + 3 * u + j], c = state.data()[row + 4 * u + j];
                    double cPrev = t > 0 ? state.data()[row - sw + 4 * u + j] : 0;
                    double ac = act(act, c);
                    double dc = dh * o * actGrad(act, ac) + dcNext[j];
                    dz[zr + j] = dc * g * actGrad(rec, i);
                    dz[zr + u + j] = dc * cPrev * actGrad(rec, f);
                    dz[zr + 2 * u + j] = dc * i * actGrad(act, g);
                    dz[zr + 3 * u + j] = dh * ac * actGrad(rec, o);
                    dcNext[j] = dc * f;
                }
                for (int k = 0; k < u; k++) {
                    double s = 0;
                    for (int j = 0; j < gw; j++) s += dz[zr + j] * rk.data()[k * gw + j];
                    dhNext[k] = s;
                }
            }
        }
        return dz;
    }

    /** GRU (Keras reset_after) over projected inputs x = x W + b_in; state rows [z, r, hh, rec_h, h]. */
    private static double[] gru(Attrs a, Val x, Val rk, Val rb) {
        String act = a.s("activation"), rec = a.s("recurrentActivation");
        int u = a.i("units"), nb = x.dims()[0], tt = x.dims()[1], gw = 3 * u, sw = 5 * u;
        double[] out = new double[nb * tt * sw];
        for (int b = 0; b < nb; b++) {
            double[] h = new double[u];
            for (int t = 0; t < tt; t++) {
                double[] r = new double[gw];
                for (int j = 0; j < gw; j++) {
                    double s = rb.data()[j];
                    for (int k = 0; k < u; k++) s += h[k] * rk.data()[k * gw + j];
                    r[j] = s;
                }
                int xr = (b * tt + t) * gw, row = (b * tt + t) * sw;
                double[] hNew = new double[u];
                for (int j = 0; j < u; j++) {
                    double z = act(rec, x.data()[xr + j] + r[j]), rr = act(rec, x.data()[xr + u + j] + r[u + j]);
                    double hh = act(act, x.data()[xr + 2 * u + j] + rr * r[2 * u + j]);
                    hNew[j] = z * h[j] + (1 - z) * hh;
                    out[row + j] = z;
                    out[row + u + j] = rr;
                    out[row + 2 * u + j] = hh;
                    out[row + 3 * u + j] = r[2 * u + j];
                    out[row + 4 * u + j] = hNew[j];
                }
                h = hNew;
            }
        }
        return out;
    }

    /** GRU BPTT: rows [input-side dz, dr, dh~ | recurrent-side dz, dr, r * dh~]. */
    private static double[] gruGrad(Attrs a, Val state, Val dState, Val rk) {
        String act = a.s("activation"), rec = a.s("recurrentActivation");
        int u = a.i("units"), nb = state.dims()[0], tt = state.dims()[1], gw = 3 * u, sw = 5 * u, dw = 6 * u;
        double[] d = new double[nb * tt * dw];
        double[] s = state.data();
        for (int b = 0; b < nb; b++) {
            double[] dhNext = new double[u];
            for (int t = tt - 1; t >= 0; t--) {
                int row = (b * tt + t) * sw, dr = (b * tt + t) * dw;
                double[] direct = new double[u];
                for (int j = 0; j < u; j++) {
                    double dh = dState.data()[row + 4 * u + j] + dhNext[j];
                    double z = s[row + j], r = s[row + u + j], hh = s[row + 2 * u + j], recH = s[row + 3 * u + j];
                    double hPrev = t > 0 ? s[row - sw + 4 * u + j] : 0;
                    double dPreH = dh * (1 - z) * actGrad(act, hh);
                    double dPreZ = dh * (hPrev - hh) * actGrad(rec, z);
                    double dPreR = dPreH * recH * actGrad(rec, r);
                    d[dr + j] = dPreZ;
                    d[dr + u + j] = dPreR;
                    d[dr + 2 * u + j] = dPreH;
                    d[dr + 3 * u + j] = dPreZ;
                    d[dr + 4 * u + j] = dPreR;
                    d[dr + 5 * u + j] = dPreH * r;
                    direct[j] = dh * z;
                }
                for (int k = 0; k < u; k++) {
                    double acc = direct[k];
                    for (int j = 0; j < gw; j++) acc += d[dr + 3 * u + j] * rk.data()[k * gw + j];
                    dhNext[k] = acc;
                }
            }
        }
        return d;
    }

}
