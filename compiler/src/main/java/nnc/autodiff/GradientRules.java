package nnc.autodiff;

import nnc.ir.Attrs;
import nnc.ir.GraphBuilder;
import nnc.ir.IrException;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;
import nnc.ir.ShapeRules;

/**
 * One gradient rule per {@link Op}, in the order and with the formulas documented on the
 * op. {@link #apply} receives the forward node and the id of the gradient flowing into its
 * output, appends the backward nodes to the builder and returns one gradient id per input
 * ({@link #NONE} where the input gets no gradient).
 */
public final class GradientRules {
    /** Marks an input that receives no gradient. */
    public static final int NONE = -1;

    private GradientRules() {}

    /** Keras' SELU constants. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873536566;

    public static int[] apply(GraphBuilder b, Node n, int g) {
        int out = n.id();
        int x = n.inputs().isEmpty() ? NONE : n.input(0);
        int y = n.inputs().size() > 1 ? n.input(1) : NONE;
        Attrs a = n.attrs();
        return switch (n.op()) {
            case INPUT, PARAMETER, CONSTANT, DROPOUT_MASK, GAUSSIAN_NOISE -> new int[0];
            case NEG -> one(b.unary(Op.NEG, g));
            case ABS -> one(b.mul(g, b.unary(Op.SIGN, x)));
            case SQUARE -> one(b.mul(g, b.scale(x, 2)));
            case SQRT -> one(b.div(b.scale(g, 0.5), out));
            case EXP -> one(b.mul(g, out));
            case LOG -> one(b.div(g, x));
            case RECIPROCAL -> one(b.unary(Op.NEG, b.mul(g, b.unary(Op.SQUARE, out))));
            case SIGN, STEP, GE, ONE_HOT -> zeros(n);
            case RELU -> one(b.mul(g, b.unary(Op.STEP, out)));
            case LEAKY_RELU -> {
                int s = b.unary(Op.STEP, x);
                double al = a.d("alpha");
                // step + alpha * (1 - step) = alpha + (1 - alpha) * step
                yield one(b.mul(g, b.add(b.constant(al), b.scale(s, 1 - al))));
            }
            case ELU -> {
                int s = b.unary(Op.STEP, x);
                int neg = b.mul(b.sub(b.constant(1), s), b.add(out, b.constant(a.d("alpha"))));
                yield one(b.mul(g, b.add(s, neg)));
            }
            case SELU -> {
                int s = b.unary(Op.STEP, x);
                int neg = b.mul(b.sub(b.constant(1), s), b.add(out, b.constant(SELU_SCALE * SELU_ALPHA)));
                yield one(b.mul(g, b.add(b.scale(s, SELU_SCALE), neg)));
            }
            case GELU -> one(b.mul(g, b.unary(Op.GELU_GRAD, x)));
            case SIGMOID -> one(b.mul(g, b.mul(out, b.sub(b.constant(1), out))));
            case HARD_SIGMOID -> {
                int inside = b.mul(b.unary(Op.STEP, b.add(x, b.constant(3))), b.unary(Op.STEP, b.sub(b.constant(3), x)));
                yield one(b.mul(g, b.scale(inside, 1.0 / 6)));
            }
            case TANH -> one(b.mul(g, b.sub(b.constant(1), b.unary(Op.SQUARE, out))));
            case SOFTPLUS -> one(b.mul(g, b.unary(Op.SIGMOID, x)));
            case SOFTSIGN -> one(b.div(g, b.unary(Op.SQUARE, b.add(b.constant(1), b.unary(Op.ABS, x)))));
            case CLIP -> {
                int lo = b.unary(Op.STEP, b.sub(x, b.constant(a.d("min"))));
                int hi = b.unary(Op.STEP, b.sub(b.constant(a.d("max")), x));
                yield one(b.mul(g, b.mul(lo, hi)));
            }
            case ADD -> two(sumTo(b, g, shape(b, x)), sumTo(b, g, shape(b, y)));
            case SUB -> two(sumTo(b, g, shape(b, x)), sumTo(b, b.unary(Op.NEG, g), shape(b, y)));
            case MUL -> two(sumTo(b, b.mul(g, y), shape(b, x)), sumTo(b, b.mul(g, x), shape(b, y)));
            case DIV -> two(sumTo(b, b.div(g, y), shape(b, x)),
                    sumTo(b, b.unary(Op.NEG, b.div(b.mul(g, x), b.unary(Op.SQUARE, y))), shape(b, y)));
            case MAXIMUM, MINIMUM -> {
                int mask = n.op() == Op.MAXIMUM ? b.binary(Op.GE, x, y) : b.binary(Op.GE, y, x);
                yield two(sumTo(b, b.mul(g, mask), shape(b, x)),
                        sumTo(b, b.mul(g, b.sub(b.constant(1), mask)), shape(b, y)));
            }
            case REDUCE_SUM -> one(expand(b, g, n, shape(b, x)));
            case REDUCE_MEAN -> one(b.div(expand(b, g, n, shape(b, x)), count(b, shape(b, x), a.ints("axes"))));
            case REDUCE_MAX -> {
                int full = expand(b, g, n, shape(b, x));
                int max = expand(b, out, n, shape(b, x));
                yield one(b.mul(full, b.binary(Op.GE, x, max)));
            }
            case BROADCAST_TO -> one(sumTo(b, g, shape(b, x)));
            case RESHAPE -> one(b.reshape(g, shape(b, x)));
            case TRANSPOSE -> {
                int[] perm = a.ints("perm"), inv = new int[perm.length];
                for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
                yield one(b.transpose(g, inv));
            }
            case SLICE -> {
                Shape xs = shape(b, x);
                int ax = xs.axis(a.i("axis")), s = a.i("start"), e = a.i("end");
                int parts = 1 + (s > 0 ? 1 : 0) + (e < xs.dim(ax) ? 1 : 0);
                int[] ps = new int[parts];
                int k = 0;
                if (s > 0) ps[k++] = b.constant(0, xs.withDim(ax, s));
                ps[k++] = g;
                if (e < xs.dim(ax)) ps[k] = b.constant(0, xs.withDim(ax, xs.dim(ax) - e));
                yield one(parts == 1 ? g : b.concat(ax, ps));
            }
            case CONCAT -> {
                int ax = n.shape().axis(a.i("axis"));
                int[] r = new int[n.inputs().size()];
                int start = 0;
                for (int i = 0; i < r.length; i++) {
                    int len = shape(b, n.input(i)).dim(ax);
                    r[i] = b.slice(g, ax, start, start + len);
                    start += len;
                }
                yield r;
            }
            case MATMUL -> matmul(b, x, y, g, a.b("transA", false), a.b("transB", false));
            case GATHER -> two(b.add(Op.SCATTER_ADD, Attrs.of("rows", shape(b, x).dim(0)), y, g), NONE);
            case SCATTER_ADD -> two(NONE, b.gather(g, x));
            case SOFTMAX -> {
                int gy = b.mul(g, out);
                int s = b.reduce(Op.REDUCE_SUM, gy, new int[] {-1}, true);
                yield one(b.mul(out, b.sub(g, s)));
            }
            case SOFTMAX_XENT -> {
                int p = b.softmax(x);
                int sy = b.reduce(Op.REDUCE_SUM, y, new int[] {-1}, true);
                int gk = b.reshape(g, ShapeRules.reduced(shape(b, x), new int[] {-1}, true));
                yield two(b.mul(gk, b.sub(b.mul(p, sy), y)), NONE);
            }
            case CONV -> {
                int dx = b.add(Op.CONV_BACKPROP_INPUT, a.with("inShape", shape(b, x).dims()), g, y);
                int dk = b.add(Op.CONV_BACKPROP_FILTER, a.with("kernelShape", shape(b, y).dims()), x, g);
                yield two(dx, dk);
            }
            case POOL -> one(b.add(Op.POOL_GRAD, a, x, out, g));
            case REVERSE -> one(b.reverse(g, a.i("axis")));
            case CONV_BACKPROP_INPUT -> {
                java.util.TreeMap<String, Object> m = new java.util.TreeMap<>(a.map());
                m.remove("inShape");
                Attrs conv = new Attrs(m);
                int dg = b.add(Op.CONV, conv, g, y);
                int dk = b.add(Op.CONV_BACKPROP_FILTER, conv.with("kernelShape", shape(b, y).dims()), g, x);
                yield two(dg, dk);
            }
            case SCAN -> {
                int d = b.add(Op.SCAN_GRAD, a, out, g, y);
                int u = a.i("units"), s = nnc.ir.Recurrent.stateWidth(a.s("cell")), t = n.shape().dim(1);
                int h = s == 1 ? out : b.slice(out, 2, (s - 1) * u, s * u);
                int zero = b.constant(0, n.shape().withDim(1, 1).withDim(2, u));
                int hPrev = t == 1 ? zero : b.concat(1, zero, b.slice(h, 1, 0, t - 1));
                if (!a.s("cell").equals("gru")) yield two(d, b.matmul(hPrev, d, true, false));
                int dIn = b.slice(d, 2, 0, 3 * u), dRec = b.slice(d, 2, 3 * u, 6 * u);
                yield new int[] {dIn, b.matmul(hPrev, dRec, true, false), b.reduce(Op.REDUCE_SUM, dRec, new int[] {0, 1}, false)};
            }
            case TRAINING_SELECT -> two(g, NONE);
            case MOVING_UPDATE -> zeros(n);
            default -> throw new IrException("no gradient rule for " + n.op().text()
                    + " (node %" + n.id() + (n.origin().isKnown() ? " at " + n.origin() : "") + ")");
        };
    }

    private static int[] matmul(GraphBuilder b, int x, int y, int g, boolean ta, boolean tb) {
        int dx, dy;
        if (!ta && !tb) {
            dx = b.matmul(g, y, false, true);
            dy = b.matmul(x, g, true, false);
        } else if (!ta) {
            dx = b.matmul(g, y, false, false);
            dy = b.matmul(g, x, true, false);
        } else if (!tb) {
            dx = b.matmul(y, g, false, true);
            dy = b.matmul(x, g, false, false);
        } else {
            dx = b.matmul(y, g, true, true);
            dy = b.matmul(g, x, true, true);
        }
        return two(dx, dy);
    }

    private static Shape shape(GraphBuilder b, int id) {
        return b.shape(id);
    }

    private static int[] one(int g) {
        return new int[] {g};
    }

    private static int[] two(int g0, int g1) {
        return new int[] {g0, g1};
    }

    private static int[] zeros(Node n) {
        int[] r = new int[n.inputs().size()];
        java.util.Arrays.fill(r, NONE);
        return r;
    }

    /** Sums a broadcast gradient back to {@code target} (the "unbroadcast" of binary ops). */
    public static int sumTo(GraphBuilder b, int g, Shape target) {
        Shape gs = b.shape(g);
        if (gs.equals(target)) return g;
        int lead = gs.rank() - target.rank();
        int[] axes = new int[gs.rank()];
        int k = 0;
        for (int i = 0; i < gs.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && gs.dim(i) != 1)) axes[k++] = i;
        }
        int r = k == 0 ? g : b.reduce(Op.REDUCE_SUM, g, java.util.Arrays.copyOf(axes, k), true);
        return b.shape(r).equals(target) ? r : b.reshape(r, target);
    }

    /** Broadcasts the gradient of a reduction back to the reduced input's shape. */
    private static int expand(GraphBuilder b, int g, Node red, Shape xs) {
        Shape keep = ShapeRules.reduced(xs, red.attrs().ints("axes"), true);
        int k = b.shape(g).equals(keep) ? g : b.reshape(g, keep);
        return b.broadcastTo(k, xs);
    }

    /**
     * Number of elements a reduction over {@code axes} averages. A reduced batch axis is
     * counted at run time as the sum of a batch-shaped constant 1 (no dedicated op needed).
     */
    static int count(GraphBuilder b, Shape xs, int[] axes) {
        int stat = 1;
        boolean batch = false;
        for (int ax : axes) {
            int d = xs.dim(ax);
            if (d == Shape.BATCH) batch = true;
            else stat *= d;
        }
        int c = b.constant(stat);
        if (!batch) return c;
        int n = b.reduceAll(Op.REDUCE_SUM, b.constant(1, Shape.batched()));
        return stat == 1 ? n : b.mul(n, c);
    }
}
