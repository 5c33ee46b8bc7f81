package nnc.testing;

import java.util.Arrays;
import java.util.Map;
import nnc.autodiff.GradientRules;
import nnc.ir.Attrs;
import nnc.ir.FusedProgram;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;

/**
 * The double-precision reference evaluator (micrograd-sized): evaluates every node of a
 * graph, written as directly as possible from the op documentation, with no sharing of
 * code with the generator or the runtime kernels. It is the oracle for the gradient
 * checks and for the generated code.
 */
public final class RefEval {
    private RefEval() {}

    /** A concrete tensor: dims (batch substituted) and row-major data. */
    public record Val(int[] dims, double[] data) {
        public int size() {
            return data.length;
        }
    }

    /**
     * Evaluates all nodes. {@code feeds} maps input and parameter names to data; {@code rng}
     * optionally maps an RNG node id to its values (otherwise the node takes its
     * non-training value: mask 1, noise 0).
     */
    public static Val[] run(Graph g, int batch, Map<String, double[]> feeds, Map<Integer, double[]> rng) {
        Val[] v = new Val[g.size()];
        for (Node n : g.nodes()) {
            int[] dims = concrete(n.shape(), batch);
            Val[] in = new Val[n.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = v[n.input(i)];
            v[n.id()] = new Val(dims, eval(n, dims, in, feeds, rng));
        }
        return v;
    }

    public static int[] concrete(Shape s, int batch) {
        int[] d = s.dims();
        for (int i = 0; i < d.length; i++) if (d[i] == Shape.BATCH) d[i] = batch;
        return d;
    }

    public static int count(int[] d) {
        int n = 1;
        for (int x : d) n *= x;
        return n;
    }

    private static double[] eval(Node n, int[] dims, Val[] in, Map<String, double[]> feeds, Map<Integer, double[]> rng) {
        Attrs a = n.attrs();
        int size = count(dims);
        switch (n.op()) {
            case INPUT, PARAMETER -> {
                double[] d = feeds.get(n.name());
                if (d == null || d.length != size) throw new IllegalArgumentException("feed for " + n.name() + " missing or wrong size");
                return d.clone();
            }
            case CONSTANT -> {
                double[] d = new double[size];
                Arrays.fill(d, a.d("value"));
                return d;
            }
            case DROPOUT_MASK, GAUSSIAN_NOISE -> {
                double[] d = rng == null ? null : rng.get(n.id());
                if (d != null) return d.clone();
                double[] r = new double[size];
                if (n.op() == Op.DROPOUT_MASK) Arrays.fill(r, 1);
                return r;
            }
            default -> { }
        }
        if (n.op().kind == Op.Kind.UNARY) {
            double[] r = new double[size];
            for (int i = 0; i < size; i++) r[i] = unary(n.op(), a, in[0].data[i]);
            return r;
        }
        if (n.op().kind == Op.Kind.BINARY) {
            double[] x = broadcast(in[0], dims), y = broadcast(in[1], dims), r = new double[size];
            for (int i = 0; i < size; i++) r[i] = binary(n.op(), x[i], y[i]);
            return r;
        }
        return switch (n.op()) {
            case REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX -> reduce(n.op(), in[0], a.ints("axes"));
            case BROADCAST_TO -> broadcast(in[0], dims);
            case RESHAPE -> in[0].data.clone();
            case TRANSPOSE -> transpose(in[0], a.ints("perm"));
            case SLICE -> slice(in[0], in[0].dims.length, a);
            case CONCAT -> concat(in, dims, a.i("axis"));
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
            case MATMUL -> matmul(in[0], in[1], a.b("transA", false), a.b("transB", false), size);
            case GEMM -> {
                double[] r = matmul(in[0], in[1], a.b("transA", false), a.b("transB", false), size);
                int cols = dims[dims.length - 1];
                for (int i = 0; i < size; i++) {
                    double z = r[i] + (in.length > 2 ? in[2].data[i % cols] : 0);
                    r[i] = switch (a.s("epilogue")) {
                        case "RELU" -> Math.max(z, 0);
                        case "SIGMOID" -> 1 / (1 + Math.exp(-z));
                        case "TANH" -> Math.tanh(z);
                        default -> z;
                    };
                }
                yield r;
            }
            case GATHER -> {
                int d = in[0].dims[1];
                double[] r = new double[size];
                for (int i = 0; i < in[1].size(); i++) {
                    int row = (int) in[1].data[i];
                    System.arraycopy(in[0].data, row * d, r, i * d, d);
                }
                yield r;
            }
            case SCATTER_ADD -> {
                int d = dims[1];
                double[] r = new double[size];
                for (int i = 0; i < in[0].size(); i++) {
                    int row = (int) in[0].data[i];
                    for (int j = 0; j < d; j++) r[row * d + j] += in[1].data[i * d + j];
                }
                yield r;
            }
            case ONE_HOT -> {
                int depth = a.i("depth");
                double[] r = new double[size];
                for (int i = 0; i < in[0].size(); i++) {
                    int c = (int) Math.round(in[0].data[i]);
                    if (c >= 0 && c < depth) r[i * depth + c] = 1;
                }
                yield r;
            }
            case SOFTMAX -> softmax(in[0]);
            case SOFTMAX_XENT -> {
                double[] p = softmax(in[0]);
                int c = in[0].dims[in[0].dims.length - 1];
                double[] r = new double[size];
                for (int i = 0; i < size; i++) {
                    double s = 0;
                    for (int j = 0; j < c; j++) {
                        double pc = Math.min(Math.max(p[i * c + j], 1e-7), 1 - 1e-7);
                        s -= in[1].data[i * c + j] * Math.log(pc);
                    }
                    r[i] = s;
                }
                yield r;
            }
            case ELEMENTWISE -> fused(a, in, dims);
            case SCAN -> a.s("cell").equals("gru") ? gru(a, in[0], in[1], in[2]) : scan(a, in[0], in[1]);
            case SCAN_GRAD -> a.s("cell").equals("gru") ? gruGrad(a, in[0], in[1], in[2]) : scanGrad(a, in[0], in[1], in[2]);
            case TRAINING_SELECT -> in[0].data().clone();   // the reference evaluates GRADIENT-mode passes
            case MOVING_UPDATE -> new double[1];
            case CONV -> conv(a, in[0], in[1].data(), in[1].dims(), dims, 0);
            case CONV_BACKPROP_INPUT -> convBackInput(a, in[0], in[1], dims);
            case CONV_BACKPROP_FILTER -> convBackFilter(a, in[0], in[1], dims);
            case POOL -> pool(a, in[0], dims, null);
            case POOL_GRAD -> {
                double[] dx = new double[size];
                pool(a, in[0], in[2].dims(), new double[][] {in[2].data(), dx});
                yield dx;
            }
            default -> throw new UnsupportedOperationException("reference evaluator: " + n.op());
        };
    }

    /** Scalar semantics of each unary op (as documented on {@link Op}). */
    public static double unary(Op op, Attrs a, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case RECIPROCAL -> 1 / x;
            case SIGN -> Math.signum(x);
            case STEP -> x > 0 ? 1 : 0;
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : a.d("alpha") * x;
            case ELU -> x > 0 ? x : a.d("alpha") * (Math.exp(x) - 1);
            case SELU -> GradientRules.SELU_SCALE * (x > 0 ? x : GradientRules.SELU_ALPHA * (Math.exp(x) - 1));
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case GELU_GRAD -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID -> Math.min(Math.max(x / 6 + 0.5, 0), 1);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.log1p(Math.exp(x));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case CLIP -> Math.min(Math.max(x, a.d("min")), a.d("max"));
            default -> throw new UnsupportedOperationException(op.toString());
        };
    }

    public static double binary(Op op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case GE -> x >= y ? 1 : 0;
            default -> throw new UnsupportedOperationException(op.toString());
        };
    }

    /** erf by its Taylor series (accurate to ~1e-12 for |x| &lt; 4, which the tests stay in). */
    public static double erf(double x) {
        if (Math.abs(x) > 5) return Math.signum(x);
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++) {
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
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

    /** NumPy broadcast of x to dims: element i of the result. */
    static double[] broadcast(Val x, int[] dims) {
        int r = dims.length, off = r - x.dims.length;
        int[] xs = strides(x.dims), os = strides(dims);
        double[] out = new double[count(dims)];
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int k = off; k < r; k++) {
                int idx = (i / os[k]) % dims[k];
                if (x.dims[k - off] != 1) src += idx * xs[k - off];
            }
            out[i] = x.data[src];
        }
        return out;
    }

    private static double[] reduce(Op op, Val x, int[] axes) {
        int r = x.dims.length;
        boolean[] red = new boolean[r];
        for (int ax : axes) red[ax < 0 ? ax + r : ax] = true;
        int[] kd = x.dims.clone();
        int cnt = 1;
        for (int k = 0; k < r; k++) if (red[k]) {
            kd[k] = 1;
            cnt *= x.dims[k];
        }
        int[] xs = strides(x.dims), ks = strides(kd);
        double[] out = new double[count(kd)];
        if (op == Op.REDUCE_MAX) Arrays.fill(out, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.size(); i++) {
            int o = 0;
            for (int k = 0; k < r; k++) if (!red[k]) o += ((i / xs[k]) % x.dims[k]) * ks[k];
            out[o] = op == Op.REDUCE_MAX ? Math.max(out[o], x.data[i]) : out[o] + x.data[i];
        }
        if (op == Op.REDUCE_MEAN) for (int i = 0; i < out.length; i++) out[i] /= cnt;
        return out;
    }

    private static double[] transpose(Val x, int[] perm) {
        int r = perm.length;
        int[] od = new int[r];
        for (int k = 0; k < r; k++) od[k] = x.dims[perm[k]];
        int[] xs = strides(x.dims), os = strides(od);
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) src += ((i / os[k]) % od[k]) * xs[perm[k]];
            out[i] = x.data[src];
        }
        return out;
    }

    private static double[] slice(Val x, int r, Attrs a) {
        int ax = a.i("axis") < 0 ? a.i("axis") + r : a.i("axis");
        int s = a.i("start"), e = a.i("end");
        int[] od = x.dims.clone();
        od[ax] = e - s;
        int[] xs = strides(x.dims), os = strides(od);
        double[] out = new double[count(od)];
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) src += (((i / os[k]) % od[k]) + (k == ax ? s : 0)) * xs[k];
            out[i] = x.data[src];
        }
        return out;
    }

    private static double[] concat(Val[] in, int[] dims, int axis) {
        int r = dims.length, ax = axis < 0 ? axis + r : axis;
        int[] os = strides(dims);
        double[] out = new double[count(dims)];
        for (int i = 0; i < out.length; i++) {
            int pos = (i / os[ax]) % dims[ax], part = 0;
            while (pos >= in[part].dims[ax]) pos -= in[part++].dims[ax];
            Val x = in[part];
            int[] xs = strides(x.dims);
            int src = 0;
            for (int k = 0; k < r; k++) src += (k == ax ? pos : (i / os[k]) % dims[k]) * xs[k];
            out[i] = x.data[src];
        }
        return out;
    }

    /** op(x) @ op(y) with the IR's flattening rules (see {@link Op#MATMUL}). */
    private static double[] matmul(Val x, Val y, boolean ta, boolean tb, int size) {
        int xk = x.dims[x.dims.length - 1], xm = x.size() / xk;
        int m, k, n;
        if (!ta) {
            m = xm;
            k = xk;
        } else {
            m = xk;
            k = xm;
        }
        n = size / m;
        double[] out = new double[size];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? x.data[p * xk + i] : x.data[i * xk + p];
                    double bv = tb ? y.data[j * k + p] : y.data[p * n + j];
                    s += av * bv;
                }
                out[i * n + j] = s;
            }
        }
        return out;
    }

    private static double[] softmax(Val x) {
        int c = x.dims[x.dims.length - 1];
        double[] out = new double[x.size()];
        for (int r = 0; r < x.size() / c; r++) {
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < c; j++) max = Math.max(max, x.data[r * c + j]);
            for (int j = 0; j < c; j++) s += out[r * c + j] = Math.exp(x.data[r * c + j] - max);
            for (int j = 0; j < c; j++) out[r * c + j] /= s;
        }
        return out;
    }

    /** Spatial geometry: {inH, inW, kh, kw, sh, sw, outH, outW, padTop, padLeft} (1D: inH = kh = 1). */
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

    private static double[] fused(Attrs a, Val[] in, int[] dims) {
        FusedProgram p = (FusedProgram) a.get("program");
        int size = count(dims);
        double[][] slots = new double[p.inputs() + p.steps().size()][];
        for (int i = 0; i < in.length; i++) slots[i] = broadcast(in[i], dims);
        for (int s = 0; s < p.steps().size(); s++) {
            FusedProgram.Step st = p.steps().get(s);
            double[] r = new double[size];
            for (int i = 0; i < size; i++) {
                r[i] = switch (st.op().kind) {
                    case SOURCE -> st.attrs().d("value");
                    case UNARY -> unary(st.op(), st.attrs(), slots[st.args().get(0)][i]);
                    default -> binary(st.op(), slots[st.args().get(0)][i], slots[st.args().get(1)][i]);
                };
            }
            slots[p.inputs() + s] = r;
        }
        return slots[slots.length - 1];
    }
}
