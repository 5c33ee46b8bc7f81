package nnc.driver;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.FusedProgram;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;
import nnc.runtime.Rng;

/**
 * A plain, double-precision interpreter of IR graphs: every node is evaluated in order into its own
 * {@code double[]}, with the symbolic batch dimension fixed to the run's batch size. It is slow and
 * simple on purpose: it is the numerical reference for {@code nnc gradcheck} (finite differences need
 * double precision) and the back end the driver falls back to for a graph the code generator cannot
 * compile yet. Ops it cannot evaluate (convolution, pooling, scans) raise {@link UnsupportedOperationException}.
 */
public final class GraphEvaluator {
    private final Graph graph;
    private boolean differentiating = true;

    public GraphEvaluator(Graph graph) {
        this.graph = graph;
    }

    public Graph graph() {
        return graph;
    }

    /** Values of one evaluation: {@code data[id]} with concrete dims {@code dims[id]}. */
    public record Values(double[][] data, int[][] dims) {
        public double[] of(int id) {
            return data[id];
        }
    }

    /**
     * Evaluates every node.
     *
     * @param batch      the batch size (the value of every symbolic batch dimension)
     * @param inputs     input name to its values, row-major, {@code batch * perSample} elements
     * @param parameters parameter name to its values
     * @param stochastic whether dropout masks and noise are drawn (TRAIN mode); otherwise they are identity
     * @param rng        the generator for masks and noise (used only when {@code stochastic})
     */
    public Values run(int batch, Map<String, double[]> inputs, Map<String, double[]> parameters, boolean stochastic, Rng rng) {
        return run(batch, inputs, parameters, stochastic, true, rng);
    }

    /**
     * As {@link #run(int, Map, Map, boolean, Rng)}; {@code differentiating} selects batch statistics
     * (TRAIN and GRADIENT passes) rather than moving ones (INFER) where the graph distinguishes them.
     */
    public Values run(int batch, Map<String, double[]> inputs, Map<String, double[]> parameters, boolean stochastic,
                      boolean differentiating, Rng rng) {
        this.differentiating = differentiating;
        List<Node> nodes = graph.nodes();
        double[][] v = new double[nodes.size()][];
        int[][] d = new int[nodes.size()][];
        for (Node n : nodes) {
            int[] dims = concrete(n.shape(), batch);
            d[n.id()] = dims;
            v[n.id()] = eval(n, dims, v, d, batch, inputs, parameters, stochastic, rng);
            if (v[n.id()].length != count(dims)) {
                throw new IllegalStateException("evaluator: " + n.op().text() + " %" + n.id() + " produced "
                        + v[n.id()].length + " values for " + Arrays.toString(dims));
            }
        }
        return new Values(v, d);
    }

    static int[] concrete(Shape s, int batch) {
        int[] dims = s.dims();
        for (int i = 0; i < dims.length; i++) if (dims[i] == Shape.BATCH) dims[i] = batch;
        return dims;
    }

    static int count(int[] dims) {
        int n = 1;
        for (int x : dims) n *= x;
        return n;
    }

    private double[] eval(Node n, int[] dims, double[][] v, int[][] d, int batch, Map<String, double[]> inputs,
                          Map<String, double[]> params, boolean stochastic, Rng rng) {
        Attrs a = n.attrs();
        int size = count(dims);
        switch (n.op().kind) {
            case UNARY -> {
                double[] x = v[n.input(0)];
                double[] out = new double[x.length];
                for (int i = 0; i < x.length; i++) out[i] = unary(n.op(), x[i], a);
                return out;
            }
            case BINARY -> {
                return broadcastBinary(n.op(), v[n.input(0)], d[n.input(0)], v[n.input(1)], d[n.input(1)], dims);
            }
            default -> { }
        }
        return switch (n.op()) {
            case INPUT -> {
                double[] x = inputs.get(n.name());
                if (x == null) throw new IllegalArgumentException("evaluator: no value for input " + n.name());
                if (x.length < size) throw new IllegalArgumentException("evaluator: input " + n.name() + " too short");
                yield x.length == size ? x : Arrays.copyOf(x, size);
            }
            case PARAMETER -> {
                double[] x = params.get(n.name());
                if (x == null) throw new IllegalArgumentException("evaluator: no value for parameter " + n.name());
                yield x;
            }
            case CONSTANT -> {
                double[] out = new double[size];
                Arrays.fill(out, a.d("value"));
                yield out;
            }
            case REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX -> reduce(n.op(), v[n.input(0)], d[n.input(0)], a.ints("axes"));
            case BROADCAST_TO -> broadcastBinary(Op.ADD, v[n.input(0)], d[n.input(0)], new double[] {0}, new int[0], dims);
            case RESHAPE -> v[n.input(0)];
            case TRANSPOSE -> transpose(v[n.input(0)], d[n.input(0)], a.ints("perm"));
            case SLICE -> slice(v[n.input(0)], d[n.input(0)], axis(a.i("axis"), dims.length), a.i("start"), a.i("end"));
            case CONCAT -> {
                int ax = axis(a.i("axis"), dims.length);
                double[] out = new double[size];
                int outer = prod(dims, 0, ax), inner = prod(dims, ax + 1, dims.length), off = 0;
                for (int in : n.inputs()) {
                    int len = d[in][ax];
                    for (int o = 0; o < outer; o++) {
                        System.arraycopy(v[in], o * len * inner, out, (o * dims[ax] + off) * inner, len * inner);
                    }
                    off += len;
                }
                yield out;
            }
            case MATMUL -> matmul(v[n.input(0)], d[n.input(0)], v[n.input(1)], d[n.input(1)],
                    a.b("transA", false), a.b("transB", false));
            case GEMM -> {
                double[] y = matmul(v[n.input(0)], d[n.input(0)], v[n.input(1)], d[n.input(1)],
                        a.b("transA", false), a.b("transB", false));
                int cols = dims[dims.length - 1];
                if (n.inputs().size() == 3) {
                    double[] bias = v[n.input(2)];
                    for (int i = 0; i < y.length; i++) y[i] += bias[i % cols];
                }
                String ep = a.has("epilogue") ? a.s("epilogue") : "IDENTITY";
                Op act = switch (ep) {
                    case "RELU" -> Op.RELU;
                    case "SIGMOID" -> Op.SIGMOID;
                    case "TANH" -> Op.TANH;
                    default -> null;
                };
                if (act != null) for (int i = 0; i < y.length; i++) y[i] = unary(act, y[i], Attrs.NONE);
                yield y;
            }
            case GATHER -> {
                double[] table = v[n.input(0)], idx = v[n.input(1)];
                int cols = d[n.input(0)][1], rows = d[n.input(0)][0];
                double[] out = new double[idx.length * cols];
                for (int i = 0; i < idx.length; i++) {
                    int r = (int) idx[i];
                    if (r < 0 || r >= rows) throw new IllegalArgumentException("index " + r + " out of range [0, " + rows + ")");
                    System.arraycopy(table, r * cols, out, i * cols, cols);
                }
                yield out;
            }
            case SCATTER_ADD -> {
                double[] idx = v[n.input(0)], upd = v[n.input(1)];
                int cols = dims[1];
                double[] out = new double[size];
                for (int i = 0; i < idx.length; i++) {
                    int r = (int) idx[i];
                    for (int c = 0; c < cols; c++) out[r * cols + c] += upd[i * cols + c];
                }
                yield out;
            }
            case ONE_HOT -> {
                double[] x = v[n.input(0)];
                int depth = a.i("depth");
                double[] out = new double[x.length * depth];
                for (int i = 0; i < x.length; i++) {
                    int c = (int) x[i];
                    if (c >= 0 && c < depth && c == x[i]) out[i * depth + c] = 1;
                }
                yield out;
            }
            case SOFTMAX -> softmax(v[n.input(0)], dims[dims.length - 1]);
            case SOFTMAX_XENT -> {
                int[] xd = d[n.input(0)];
                int c = xd[xd.length - 1];
                double[] p = softmax(v[n.input(0)], c), y = v[n.input(1)];
                double[] out = new double[size];
                for (int r = 0; r < size; r++) {
                    double s = 0;
                    for (int k = 0; k < c; k++) {
                        double q = Math.min(Math.max(p[r * c + k], 1e-7), 1 - 1e-7);
                        s += y[r * c + k] * Math.log(q);
                    }
                    out[r] = -s;
                }
                yield out;
            }
            case DROPOUT_MASK -> {
                double[] out = new double[size];
                double rate = a.d("rate");
                if (!stochastic || rate == 0) {
                    Arrays.fill(out, 1);
                } else {
                    double keep = 1 / (1 - rate);
                    for (int i = 0; i < size; i++) out[i] = rng.nextDouble() < rate ? 0 : keep;
                }
                yield out;
            }
            case GAUSSIAN_NOISE -> {
                double[] out = new double[size];
                if (stochastic) {
                    double sd = a.d("stddev");
                    for (int i = 0; i < size; i++) out[i] = sd * rng.nextGaussian();
                }
                yield out;
            }
            case ELEMENTWISE -> fused(n, dims, v, d);
            // batchnorm's mode-dependent statistics: the batch's in passes that differentiate, the moving
            // ones otherwise; moving updates are state changes this pure evaluator does not make
            case TRAINING_SELECT -> differentiating ? v[n.input(0)] : v[n.input(1)];
            case MOVING_UPDATE -> new double[size];
            default -> {
                HeavyOps.Val[] in = new HeavyOps.Val[n.inputs().size()];
                for (int i = 0; i < in.length; i++) in[i] = new HeavyOps.Val(d[n.input(i)], v[n.input(i)]);
                double[] out = HeavyOps.eval(n, dims, in);
                if (out == null) throw new UnsupportedOperationException("the reference evaluator cannot run " + n.op().text() + " yet");
                yield out;
            }
        };
    }

    // ------------------------------------------------------------------ scalar functions

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    static double unary(Op op, double x, Attrs a) {
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
            case ELU -> x > 0 ? x : a.d("alpha") * Math.expm1(x);
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case GELU_GRAD -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case HARD_SIGMOID -> Math.min(Math.max(x / 6 + 0.5, 0), 1);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case CLIP -> Math.min(Math.max(x, a.d("min")), a.d("max"));
            default -> throw new UnsupportedOperationException(op.text() + " is not unary");
        };
    }

    static double binary(Op op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case GE -> x >= y ? 1 : 0;
            default -> throw new UnsupportedOperationException(op.text() + " is not binary");
        };
    }

    /** erf to about 1e-14: Taylor series near 0, continued fraction for erfc beyond |x| = 3. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double sum = 0, term = ax;
            for (int k = 0; k < 200; k++) {
                double t = term / (2 * k + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
                term *= -ax * ax / (k + 1);
            }
            return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
        }
        double f = ax;
        for (int k = 80; k >= 1; k--) f = ax + (k / 2.0) / f;
        double erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
        return Math.copySign(1 - erfc, x);
    }

    // ------------------------------------------------------------------ structured ops

    private static int axis(int a, int rank) {
        return a < 0 ? rank + a : a;
    }

    private static int prod(int[] dims, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n *= dims[i];
        return n;
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Strides of {@code dims} as seen from an output of rank {@code rank}, 0 on broadcast axes. */
    private static int[] broadcastStrides(int[] dims, int rank) {
        int[] own = strides(dims);
        int[] s = new int[rank];
        for (int i = 0; i < dims.length; i++) {
            int o = rank - dims.length + i;
            s[o] = dims[i] == 1 ? 0 : own[i];
        }
        return s;
    }

    static double[] broadcastBinary(Op op, double[] x, int[] xd, double[] y, int[] yd, int[] outDims) {
        int size = count(outDims), r = outDims.length;
        double[] out = new double[size];
        if (Arrays.equals(xd, outDims) && Arrays.equals(yd, outDims)) {
            for (int i = 0; i < size; i++) out[i] = binary(op, x[i], y[i]);
            return out;
        }
        int[] sx = broadcastStrides(xd, r), sy = broadcastStrides(yd, r);
        int[] idx = new int[r];
        int ox = 0, oy = 0;
        for (int i = 0; i < size; i++) {
            out[i] = binary(op, x[ox], y[oy]);
            for (int k = r - 1; k >= 0; k--) {
                idx[k]++;
                ox += sx[k];
                oy += sy[k];
                if (idx[k] < outDims[k]) break;
                ox -= sx[k] * outDims[k];
                oy -= sy[k] * outDims[k];
                idx[k] = 0;
            }
        }
        return out;
    }

    private static double[] reduce(Op op, double[] x, int[] xd, int[] axes) {
        int r = xd.length;
        boolean[] red = new boolean[r];
        for (int ax : axes) red[axis(ax, r)] = true;
        int[] kd = xd.clone();
        int count = 1;
        for (int i = 0; i < r; i++) {
            if (red[i]) {
                kd[i] = 1;
                count *= xd[i];
            }
        }
        double[] out = new double[count(kd)];
        if (op == Op.REDUCE_MAX) Arrays.fill(out, Double.NEGATIVE_INFINITY);
        int[] ks = strides(kd);
        int[] idx = new int[r];
        for (int i = 0; i < x.length; i++) {
            int o = 0;
            for (int k = 0; k < r; k++) if (!red[k]) o += idx[k] * ks[k];
            out[o] = op == Op.REDUCE_MAX ? Math.max(out[o], x[i]) : out[o] + x[i];
            for (int k = r - 1; k >= 0; k--) {
                if (++idx[k] < xd[k]) break;
                idx[k] = 0;
            }
        }
        if (op == Op.REDUCE_MEAN) for (int i = 0; i < out.length; i++) out[i] /= count;
        return out;
    }

    private static double[] transpose(double[] x, int[] xd, int[] perm) {
        int r = xd.length;
        int[] od = new int[r];
        for (int i = 0; i < r; i++) od[i] = xd[perm[i]];
        int[] xs = strides(xd);
        double[] out = new double[x.length];
        int[] idx = new int[r];
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) src += idx[k] * xs[perm[k]];
            out[i] = x[src];
            for (int k = r - 1; k >= 0; k--) {
                if (++idx[k] < od[k]) break;
                idx[k] = 0;
            }
        }
        return out;
    }

    private static double[] slice(double[] x, int[] xd, int ax, int start, int end) {
        int outer = prod(xd, 0, ax), inner = prod(xd, ax + 1, xd.length), len = end - start;
        double[] out = new double[outer * len * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x, (o * xd[ax] + start) * inner, out, o * len * inner, len * inner);
        }
        return out;
    }

    /** The IR's matmul with its trans flags (see {@code Op.MATMUL}); leading dims of x are flattened. */
    static double[] matmul(double[] x, int[] xd, double[] y, int[] yd, boolean ta, boolean tb) {
        int xk = xd[xd.length - 1], xm = x.length / xk;
        if (!ta) {
            int n = tb ? yd[0] : yd[1];
            double[] out = new double[xm * n];
            for (int i = 0; i < xm; i++) {
                for (int p = 0; p < xk; p++) {
                    double xv = x[i * xk + p];
                    if (xv == 0) continue;
                    if (!tb) {
                        for (int j = 0; j < n; j++) out[i * n + j] += xv * y[p * n + j];
                    } else {
                        for (int j = 0; j < n; j++) out[i * n + j] += xv * y[j * xk + p];
                    }
                }
            }
            return out;
        }
        if (!tb) {
            // x [m, k] (flattened), y [m, n]: out [k, n] = x^T y
            int n = yd[yd.length - 1];
            double[] out = new double[xk * n];
            for (int p = 0; p < xm; p++) {
                for (int i = 0; i < xk; i++) {
                    double xv = x[p * xk + i];
                    if (xv == 0) continue;
                    for (int j = 0; j < n; j++) out[i * n + j] += xv * y[p * n + j];
                }
            }
            return out;
        }
        // x [m, k], y [n, m]: out [k, n] = x^T y^T
        int n = yd[0];
        double[] out = new double[xk * n];
        for (int i = 0; i < xk; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < xm; p++) s += x[p * xk + i] * y[j * xm + p];
                out[i * n + j] = s;
            }
        }
        return out;
    }

    static double[] softmax(double[] x, int c) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / c; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) m = Math.max(m, x[r * c + k]);
            double s = 0;
            for (int k = 0; k < c; k++) {
                out[r * c + k] = Math.exp(x[r * c + k] - m);
                s += out[r * c + k];
            }
            for (int k = 0; k < c; k++) out[r * c + k] /= s;
        }
        return out;
    }

    /** A fused elementwise group: each step evaluated over whole arrays, operands broadcast to the output. */
    private static double[] fused(Node n, int[] dims, double[][] v, int[][] d) {
        FusedProgram prog = (FusedProgram) n.attrs().get("program");
        int slots = prog.inputs() + prog.steps().size();
        double[][] sv = new double[slots][];
        int[][] sd = new int[slots][];
        for (int i = 0; i < prog.inputs(); i++) {
            sv[i] = v[n.input(i)];
            sd[i] = d[n.input(i)];
        }
        for (int s = 0; s < prog.steps().size(); s++) {
            FusedProgram.Step st = prog.steps().get(s);
            int slot = prog.inputs() + s;
            if (st.op() == Op.CONSTANT) {
                sv[slot] = new double[] {st.attrs().d("value")};
                sd[slot] = new int[0];
            } else if (st.op().kind == Op.Kind.UNARY) {
                double[] x = sv[st.args().get(0)];
                double[] out = new double[x.length];
                for (int i = 0; i < x.length; i++) out[i] = unary(st.op(), x[i], st.attrs());
                sv[slot] = out;
                sd[slot] = sd[st.args().get(0)];
            } else {
                int l = st.args().get(0), r = st.args().get(1);
                int[] od = broadcastDims(sd[l], sd[r]);
                sv[slot] = broadcastBinary(st.op(), sv[l], sd[l], sv[r], sd[r], od);
                sd[slot] = od;
            }
        }
        int last = slots - 1;
        if (Arrays.equals(sd[last], dims)) return sv[last];
        return broadcastBinary(Op.ADD, sv[last], sd[last], new double[] {0}, new int[0], dims);
    }

    private static int[] broadcastDims(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            out[i] = Math.max(x, y);
        }
        return out;
    }
}
