package nnc.testing;

import java.util.Arrays;
import java.util.Map;
import nnc.autodiff.GradientRules;
import nnc.driver.HeavyOps;
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
            case TRAINING_SELECT -> in[0].data().clone();   // the reference evaluates GRADIENT-mode passes
            case MOVING_UPDATE -> new double[1];
            case REVERSE, SCAN, SCAN_GRAD, CONV, CONV_BACKPROP_INPUT, CONV_BACKPROP_FILTER, POOL, POOL_GRAD -> heavy(n, dims, in);
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

    /** Heavy ops (conv, pool, scan, reverse and their gradients): one double-precision definition, shared with gradcheck. */
    private static double[] heavy(Node n, int[] dims, Val[] in) {
        HeavyOps.Val[] args = new HeavyOps.Val[in.length];
        for (int i = 0; i < in.length; i++) args[i] = new HeavyOps.Val(in[i].dims(), in[i].data());
        return HeavyOps.eval(n, dims, args);
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
