package nnc.autodiff;

import static nnc.testing.GradCheck.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.ir.Shape;
import nnc.testing.GradCheck;
import nnc.testing.RefEval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every op's gradient rule against central finite differences, in double precision. */
class GradientRulesTest {
    private static final int BATCH = 3;

    private static Attrs attrsFor(Op op) {
        return switch (op) {
            case LEAKY_RELU -> Attrs.of("alpha", 0.3);
            case ELU -> Attrs.of("alpha", 1.0);
            case CLIP -> Attrs.of("min", -0.5, "max", 0.5);
            default -> Attrs.NONE;
        };
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"NEG", "ABS", "SQUARE", "SQRT", "EXP", "LOG", "RECIPROCAL", "RELU",
            "LEAKY_RELU", "ELU", "SELU", "GELU", "SIGMOID", "HARD_SIGMOID", "TANH", "SOFTPLUS", "SOFTSIGN", "CLIP"})
    void unary(Op op) {
        Random rnd = new Random(op.ordinal());
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int x = b.input("x", Shape.batched(4));
        boolean positive = Set.of(Op.SQRT, Op.LOG, Op.RECIPROCAL).contains(op);
        double[] xv = positive ? random(rnd, BATCH * 4, 0.3, 2) : awayFromZero(rnd, BATCH * 4, 0.1, 2.5);
        if (op == Op.CLIP) for (int i = 0; i < xv.length; i++) if (Math.abs(Math.abs(xv[i]) - 0.5) < 0.05) xv[i] *= 1.3;
        if (op == Op.HARD_SIGMOID) for (int i = 0; i < xv.length; i++) xv[i] *= 1.5;  // some outside (-3, 3)
        f.put("x", xv);
        int y = b.unary(op, x, attrsFor(op));
        check(b, weightedSum(b, y, f, BATCH, rnd), list(x), f, BATCH);
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"ADD", "SUB", "MUL", "DIV", "MAXIMUM", "MINIMUM"})
    void binaryWithBroadcasting(Op op) {
        Random rnd = new Random(op.ordinal());
        // [N, 2, 3] (op) [3], [N, 1, 3] (op) [2, 1], scalar parameter (op) [N, 2, 3]
        int[][][] cases = {{{-1, 2, 3}, {3}}, {{-1, 1, 3}, {2, 1}}, {{}, {-1, 2, 3}}};
        for (int[][] c : cases) {
            GraphBuilder b = new GraphBuilder();
            Map<String, double[]> f = feeds();
            int x = leaf(b, "x", c[0], f, rnd, op == Op.DIV ? 0 : 1);
            int y = leaf(b, "y", c[1], f, rnd, op == Op.DIV ? 2 : 1);
            int z = b.binary(op, x, y);
            check(b, weightedSum(b, z, f, BATCH, rnd), list(x, y), f, BATCH);
        }
    }

    /** A batched input or a parameter; kind 0: any sign, 1: away from zero, 2: positive (divisor). */
    private static int leaf(GraphBuilder b, String name, int[] dims, Map<String, double[]> f, Random rnd, int kind) {
        boolean batched = dims.length > 0 && dims[0] == -1;
        Shape s = batched ? Shape.of(dims) : Shape.of(dims);
        int id = batched ? b.input(name, s) : b.parameter(name, s, "zeros");
        int n = RefEval.count(RefEval.concrete(s, BATCH));
        f.put(name, kind == 2 ? random(rnd, n, 0.5, 2) : kind == 1 ? awayFromZero(rnd, n, 0.1, 2) : random(rnd, n, -2, 2));
        return id;
    }

    @Test
    void reductions() {
        for (Op op : EnumSet.of(Op.REDUCE_SUM, Op.REDUCE_MEAN, Op.REDUCE_MAX)) {
            for (int[] axes : new int[][] {{0}, {-1}, {0, 2}, {1}}) {
                for (boolean keep : new boolean[] {false, true}) {
                    Random rnd = new Random(7);
                    GraphBuilder b = new GraphBuilder();
                    Map<String, double[]> f = feeds();
                    int x = leaf(b, "x", new int[] {-1, 2, 3}, f, rnd, 0);
                    int y = b.reduce(op, x, axes, keep);
                    check(b, weightedSum(b, y, f, BATCH, rnd), list(x), f, BATCH);
                }
            }
        }
    }

    @Test
    void shapeOps() {
        Random rnd = new Random(3);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int x = leaf(b, "x", new int[] {-1, 2, 3}, f, rnd, 0);
        int p = leaf(b, "p", new int[] {2, 1}, f, rnd, 0);
        int t = b.transpose(x, 0, 2, 1);                  // [N, 3, 2]
        int r = b.reshape(t, Shape.batched(6));            // [N, 6]
        int s = b.slice(r, 1, 1, 4);                       // [N, 3]
        int c = b.concat(-1, s, b.reshape(x, Shape.batched(6)));  // [N, 9]
        int bc = b.broadcastTo(p, Shape.batched(2, 3));
        int sum = b.add(b.reduceAll(Op.REDUCE_SUM, b.unary(Op.TANH, c)), b.reduceAll(Op.REDUCE_SUM, b.mul(bc, x)));
        check(b, sum, list(x, p), f, BATCH);
    }

    @Test
    void matmulAllTransposes() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Random rnd = new Random(11);
                GraphBuilder b = new GraphBuilder();
                Map<String, double[]> f = feeds();
                int x = leaf(b, "x", ta ? new int[] {4, 3} : new int[] {-1, 4}, f, rnd, 0);
                int y = leaf(b, "y", tb ? new int[] {5, ta ? 4 : 4} : new int[] {ta ? 4 : 4, 5}, f, rnd, 0);
                int z = b.matmul(x, y, ta, tb);
                check(b, weightedSum(b, z, f, BATCH, rnd), list(x, y), f, BATCH);
            }
        }
        // sequence input [N, t, k] @ [k, n]: the kernel gradient contracts over batch and time
        Random rnd = new Random(12);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int x = leaf(b, "x", new int[] {-1, 2, 4}, f, rnd, 0);
        int w = leaf(b, "w", new int[] {4, 3}, f, rnd, 0);
        check(b, weightedSum(b, b.matmul(x, w), f, BATCH, rnd), list(x, w), f, BATCH);
    }

    @Test
    void softmaxAndFusedCrossEntropy() {
        Random rnd = new Random(5);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int z = leaf(b, "z", new int[] {-1, 4}, f, rnd, 0);
        check(b, weightedSum(b, b.softmax(z), f, BATCH, rnd), list(z), f, BATCH);

        GraphBuilder b2 = new GraphBuilder();
        Map<String, double[]> f2 = feeds();
        int z2 = leaf(b2, "z", new int[] {-1, 4}, f2, rnd, 0);
        int y = b2.input("y", Shape.batched(4));
        f2.put("y", new double[] {0, 1, 0, 0, 1, 0, 0, 0, 0.25, 0.25, 0.5, 0});
        int xent = b2.add(Op.SOFTMAX_XENT, Attrs.NONE, z2, y);
        check(b2, weightedSum(b2, xent, f2, BATCH, rnd), list(z2), f2, BATCH);
    }

    @Test
    void gatherAndScatter() {
        Random rnd = new Random(9);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int table = leaf(b, "table", new int[] {5, 3}, f, rnd, 0);
        int ids = b.input("ids", Shape.batched(2), DType.I32);
        f.put("ids", new double[] {0, 4, 4, 1, 2, 0});
        int e = b.gather(table, ids);                       // [N, 2, 3], rows 0 and 4 repeat
        check(b, weightedSum(b, e, f, BATCH, rnd), list(table), f, BATCH);
    }

    @Test
    void dropoutMaskMultipliesGradient() {
        Random rnd = new Random(4);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int x = leaf(b, "x", new int[] {-1, 4}, f, rnd, 0);
        int m = b.dropoutMask(Shape.batched(4), 0.5, 0);
        int noise = b.gaussianNoise(Shape.batched(4), 0.1, 1);
        int y = b.add(b.mul(x, m), noise);
        // in the reference's non-training mode the mask is 1 and the noise 0
        assertTrue(GradCheck.check(b, weightedSum(b, y, f, BATCH, rnd), list(x), f, BATCH) < 1e-4);
    }

    @Test
    void convolutionsAndPooling() {
        Object[][] cases = {
            {2, new int[] {5, 6, 2}, new int[] {3, 2, 2, 3}, new int[] {1, 1}, "valid"},
            {2, new int[] {5, 5, 1}, new int[] {3, 3, 1, 2}, new int[] {2, 2}, "same"},
            {1, new int[] {7, 2}, new int[] {3, 2, 3}, new int[] {2}, "same"},
            {1, new int[] {6, 3}, new int[] {2, 3, 2}, new int[] {1}, "valid"}};
        for (Object[] c : cases) {
            Random rnd = new Random(21);
            GraphBuilder b = new GraphBuilder();
            Map<String, double[]> f = feeds();
            int[] xd = (int[]) c[1], kd = (int[]) c[2];
            int[] batched = new int[xd.length + 1];
            batched[0] = -1;
            System.arraycopy(xd, 0, batched, 1, xd.length);
            int x = leaf(b, "x", batched, f, rnd, 0);
            int k = leaf(b, "k", kd, f, rnd, 0);
            int y = b.add(Op.CONV, Attrs.of("rank", c[0], "strides", c[3], "padding", c[4]), x, k);
            check(b, weightedSum(b, y, f, BATCH, rnd), list(x, k), f, BATCH);
        }
        for (String kind : new String[] {"max", "avg"}) {
            for (String pad : new String[] {"valid", "same"}) {
                Random rnd = new Random(22);
                GraphBuilder b = new GraphBuilder();
                Map<String, double[]> f = feeds();
                int x = leaf(b, "x", new int[] {-1, 5, 4, 2}, f, rnd, 0);
                int y = b.add(Op.POOL, Attrs.of("kind", kind, "rank", 2, "pool", new int[] {2, 2}, "strides", new int[] {2, 2}, "padding", pad), x);
                check(b, weightedSum(b, y, f, BATCH, rnd), list(x), f, BATCH);
                GraphBuilder b1 = new GraphBuilder();
                Map<String, double[]> f1 = feeds();
                int x1 = leaf(b1, "x", new int[] {-1, 7, 3}, f1, rnd, 0);
                int y1 = b1.add(Op.POOL, Attrs.of("kind", kind, "rank", 1, "pool", new int[] {3}, "strides", new int[] {2}, "padding", pad), x1);
                check(b1, weightedSum(b1, y1, f1, BATCH, rnd), list(x1), f1, BATCH);
            }
        }
    }

    @Test
    void recurrentLayers() {
        for (String cell : new String[] {"simple", "lstm", "gru"}) {
            for (boolean seq : new boolean[] {false, true}) {
                Random rnd = new Random(31);
                GraphBuilder b = new GraphBuilder();
                Map<String, double[]> f = feeds();
                int g = nnc.ir.Recurrent.gates(cell), u = 3;
                int x = leaf(b, "x", new int[] {-1, 4, 2}, f, rnd, 0);
                int k = leaf(b, "k", new int[] {2, g * u}, f, rnd, 0);
                int rk = leaf(b, "rk", new int[] {u, g * u}, f, rnd, 0);
                int bias = leaf(b, "bias", cell.equals("gru") ? new int[] {2, g * u} : new int[] {g * u}, f, rnd, 0);
                int h = nnc.ir.Recurrent.apply(b, cell, x, k, rk, bias, "tanh", "sigmoid", seq);
                check(b, weightedSum(b, h, f, BATCH, rnd), list(x, k, rk, bias), f, BATCH);
            }
        }
    }

    @Test
    void reverseAndTransposedConvolution() {
        Random rnd = new Random(41);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int x = leaf(b, "x", new int[] {-1, 4, 3}, f, rnd, 0);
        int r = b.reverse(x, 1);
        check(b, weightedSum(b, b.mul(r, x), f, BATCH, rnd), list(x), f, BATCH);
        for (String pad : new String[] {"valid", "same"}) {
            // conv2d_transpose(filters 2, kernel 3, strides 2) of [N, 3, 3, 4]: kernel [3, 3, 2, 4]
            GraphBuilder b2 = new GraphBuilder();
            Map<String, double[]> f2 = feeds();
            int t = leaf(b2, "t", new int[] {-1, 3, 3, 4}, f2, rnd, 0);
            int k = leaf(b2, "k", new int[] {3, 3, 2, 4}, f2, rnd, 0);
            int out = pad.equals("same") ? 6 : 7;
            int y = b2.add(Op.CONV_BACKPROP_INPUT, Attrs.of("rank", 2, "strides", new int[] {2, 2}, "padding", pad,
                    "inShape", new int[] {-1, out, out, 2}), t, k);
            check(b2, weightedSum(b2, y, f2, BATCH, rnd), list(t, k), f2, BATCH);
        }
    }

    @Test
    void zeroGradientOps() {
        Random rnd = new Random(6);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int x = leaf(b, "x", new int[] {-1, 3}, f, rnd, 1);
        int y = b.add(b.unary(Op.STEP, x), b.add(b.unary(Op.SIGN, x), b.binary(Op.GE, x, b.constant(0.0))));
        int loss = b.add(weightedSum(b, y, f, BATCH, rnd), b.reduceAll(Op.REDUCE_SUM, x));
        check(b, loss, list(x), f, BATCH);
    }
}
