package nnc.autodiff;

import static nnc.testing.GradCheck.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import nnc.ir.DType;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.ir.Shape;
import nnc.testing.RefEval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loss values against hand-computed Keras formulas, and their gradients against finite differences. */
class LossesTest {
    private static final double[] P = {0.7, 0.2, 0.1, 0.1, 0.3, 0.6};
    private static final double[] Y = {1, 0, 0, 0, 0, 1};

    private static double value(String loss, double[] p, double[] y, int classes) {
        GraphBuilder b = new GraphBuilder();
        int pi = b.input("p", Shape.batched(classes));
        int yi = b.input("y", Shape.batched(classes));
        int l = Losses.lower(b, loss, pi, yi);
        b.output("loss", l);
        return RefEval.run(b.build(), p.length / classes, Map.of("p", p, "y", y), null)[l].data()[0];
    }

    @Test
    void valuesMatchKerasFormulas() {
        double cce = -(Math.log(0.7) + Math.log(0.6)) / 2;
        assertEquals(cce, value("categorical_crossentropy", P, Y, 3), 1e-12);
        double mse = ((0.09 + 0.04 + 0.01) / 3 + (0.01 + 0.09 + 0.16) / 3) / 2;
        assertEquals(mse, value("mse", P, Y, 3), 1e-12);
        assertEquals(mse, value("mean_squared_error", P, Y, 3), 1e-12);
        double mae = ((0.3 + 0.2 + 0.1) / 3 + (0.1 + 0.3 + 0.4) / 3) / 2;
        assertEquals(mae, value("mae", P, Y, 3), 1e-12);
        double bce = 0;
        for (int i = 0; i < 6; i++) bce += -(Y[i] * Math.log(P[i]) + (1 - Y[i]) * Math.log(1 - P[i]));
        assertEquals(bce / 6, value("binary_crossentropy", P, Y, 3), 1e-12);
        double kl = (Math.log(1 / 0.7) + Math.log(1 / 0.6)) / 2
                + (4 * 1e-7 * Math.log(1e-7)) / 2 - 1e-7 * (Math.log(0.2) + Math.log(0.1) + Math.log(0.1) + Math.log(0.3)) / 2;
        assertEquals(kl, value("kl_divergence", P, Y, 3), 1e-9);
        // huber, delta 1: errors 0.3 .. and one of 2.5 (linear part)
        double[] p = {0.5, -2.0}, y = {0.2, 0.5};
        double h = (0.5 * 0.09 + (2.5 - 0.5)) / 2;
        assertEquals(h, value("huber", p, y, 1), 1e-12);
        // clipping: p = 0 for the true class gives -log(1e-7)
        assertEquals(-Math.log(1e-7), value("categorical_crossentropy", new double[] {0, 1}, new double[] {1, 0}, 2), 1e-9);
    }

    @Test
    void sparseEqualsOneHot() {
        GraphBuilder b = new GraphBuilder();
        int pi = b.input("p", Shape.batched(3));
        int yi = b.input("y", Shape.batched(1), DType.I32);
        int l = Losses.lower(b, "sparse_categorical_crossentropy", pi, yi);
        b.output("loss", l);
        double v = RefEval.run(b.build(), 2, Map.of("p", P, "y", new double[] {0, 2}), null)[l].data()[0];
        assertEquals(value("categorical_crossentropy", P, Y, 3), v, 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "binary_crossentropy", "categorical_crossentropy", "kl_divergence", "huber"})
    void gradientsThroughSoftmaxOrSigmoid(String loss) {
        Random rnd = new Random(loss.hashCode());
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int z = b.input("z", Shape.batched(3));
        f.put("z", awayFromZero(rnd, 12, 0.1, 2));
        int y = b.input("y", Shape.batched(3));
        f.put("y", new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.2, 0.3, 0.5});
        int p = loss.equals("binary_crossentropy") ? b.unary(Op.SIGMOID, z)
                : loss.equals("huber") || loss.equals("mse") || loss.equals("mae") ? b.scale(z, 1.3) : b.softmax(z);
        check(b, Losses.lower(b, loss, p, y), list(z), f, 4);
    }

    @Test
    void penaltiesAddToLossAndGradient() {
        Random rnd = new Random(2);
        GraphBuilder b = new GraphBuilder();
        Map<String, double[]> f = feeds();
        int w = b.parameter("w", Shape.of(2, 3), "zeros");
        f.put("w", awayFromZero(rnd, 6, 0.1, 1));
        int x = b.input("x", Shape.batched(2));
        f.put("x", random(rnd, 6, -1, 1));
        int y = b.input("y", Shape.batched(3));
        f.put("y", random(rnd, 9, -1, 1));
        int loss = Losses.lower(b, "mse", b.matmul(x, w), y);
        int total = Losses.addPenalty(b, loss, w, 0.01, 0.02);
        check(b, total, list(w), f, 3);
        double[] wv = f.get("w");
        double l1 = 0, l2 = 0;
        for (double v : wv) {
            l1 += Math.abs(v);
            l2 += v * v;
        }
        b.output("plain", loss);
        RefEval.Val[] v = RefEval.run(b.build(), 3, f, null);
        assertEquals(v[loss].data()[0] + 0.01 * l1 + 0.02 * l2, v[total].data()[0], 1e-12);
    }
}
