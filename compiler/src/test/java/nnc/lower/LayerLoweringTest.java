package nnc.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.autodiff.Losses;
import nnc.check.Value;
import nnc.check.catalogue.Args;
import nnc.driver.GraphEvaluator;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Shape;
import org.junit.jupiter.api.Test;

/** Lowered layers and losses, evaluated by the reference evaluator, against values computed by hand. */
class LayerLoweringTest {

    /** A scope that names parameters "layer.local" and applies built-in activations. */
    private static final class TestScope implements LayerLowering.Scope {
        final GraphBuilder b;
        final Map<String, Double> penalties = new HashMap<>();
        int stream;

        TestScope(GraphBuilder b) {
            this.b = b;
        }

        @Override
        public int param(String local, int[] shape, Value init, boolean trainable, Value regularizer) {
            return b.parameter("dense." + local, Shape.of(shape), init.toString(), trainable);
        }

        @Override
        public int nextStream() {
            return stream++;
        }

        @Override
        public int activation(Value activation, int x) {
            return ActivationLowering.apply(b, ((Value.Sym) activation).name(), x);
        }
    }

    private static Args denseArgs(int units, String act) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("units", new Value.Int(units));
        m.put("activation", new Value.Sym(act));
        m.put("use_bias", new Value.Bool(true));
        m.put("kernel_initializer", new Value.Sym("glorot_uniform"));
        m.put("bias_initializer", new Value.Sym("zeros"));
        m.put("kernel_regularizer", Value.NONE);
        m.put("bias_regularizer", Value.NONE);
        return new Args(m);
    }

    @Test
    void denseSoftmaxWithCategoricalCrossEntropy() {
        GraphBuilder b = new GraphBuilder();
        TestScope s = new TestScope(b);
        int x = b.input("x", Shape.batched(3));
        int y = b.input("y", Shape.batched(2));
        int out = LayerLowering.lower(b, s, "dense", denseArgs(2, "softmax"), List.of(x));
        int loss = Losses.lower(b, "categorical_crossentropy", out, y);
        b.output("output", out).output("loss", loss);
        Graph g = b.build();

        double[] xv = {1, 2, 3, -1, 0.5, 0};
        double[] yv = {1, 0, 0, 1};
        double[] k = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
        double[] bias = {0.05, -0.05};
        var vals = new GraphEvaluator(g).run(2, Map.of("x", xv, "y", yv), Map.of("dense.kernel", k, "dense.bias", bias), false, null);

        double expectedLoss = 0;
        double[] expectedOut = new double[4];
        for (int r = 0; r < 2; r++) {
            double[] z = new double[2];
            for (int j = 0; j < 2; j++) {
                z[j] = bias[j];
                for (int i = 0; i < 3; i++) z[j] += xv[r * 3 + i] * k[i * 2 + j];
            }
            double m = Math.max(z[0], z[1]);
            double e0 = Math.exp(z[0] - m), e1 = Math.exp(z[1] - m);
            expectedOut[r * 2] = e0 / (e0 + e1);
            expectedOut[r * 2 + 1] = e1 / (e0 + e1);
            expectedLoss -= yv[r * 2] * Math.log(expectedOut[r * 2]) + yv[r * 2 + 1] * Math.log(expectedOut[r * 2 + 1]);
        }
        expectedLoss /= 2;
        assertArrayEquals(expectedOut, vals.of(g.outputs().get("output")), 1e-12);
        assertEquals(expectedLoss, vals.of(g.outputs().get("loss"))[0], 1e-12);
    }

    @Test
    void mseHuberAndPenalty() {
        GraphBuilder b = new GraphBuilder();
        int p = b.input("p", Shape.batched(2));
        int y = b.input("y", Shape.batched(2));
        int w = b.parameter("w", Shape.of(2), "zeros");
        int mse = Losses.lower(b, "mean_squared_error", p, y);
        int huber = Losses.huber(b, p, y, 1.0);
        int pen = Losses.addPenalty(b, b.constant(0), w, 0.1, 0.01);
        b.output("mse", mse).output("huber", huber).output("pen", pen);
        Graph g = b.build();
        double[] pv = {0.5, 3, -1, 2}, yv = {0, 0, 0, 2.5};
        var vals = new GraphEvaluator(g).run(2, Map.of("p", pv, "y", yv), Map.of("w", new double[] {-2, 3}), false, null);
        double mse0 = 0, hub0 = 0;
        for (int i = 0; i < 4; i++) {
            double e = yv[i] - pv[i];
            mse0 += e * e;
            hub0 += Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5;
        }
        assertEquals(mse0 / 4, vals.of(g.outputs().get("mse"))[0], 1e-12);
        assertEquals(hub0 / 4, vals.of(g.outputs().get("huber"))[0], 1e-12);
        assertEquals(0.1 * 5 + 0.01 * 13, vals.of(g.outputs().get("pen"))[0], 1e-12);
    }

    @Test
    void geluApproximationAndLayerNorm() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(4));
        int gel = ActivationLowering.apply(b, "gelu", x, Double.NaN, true, -1);
        int exact = ActivationLowering.apply(b, "gelu", x);
        b.output("approx", gel).output("exact", exact);
        Graph g = b.build();
        double[] xv = {-2, -0.5, 0.3, 1.7};
        var vals = new GraphEvaluator(g).run(1, Map.of("x", xv), Map.of(), false, null);
        for (int i = 0; i < 4; i++) {
            double v = xv[i];
            double approx = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(approx, vals.of(g.outputs().get("approx"))[i], 1e-12);
            // the two forms agree to about 1e-3 (that is why Keras offers the approximation)
            assertEquals(approx, vals.of(g.outputs().get("exact"))[i], 2e-3);
        }
        // erf(1) to 1e-12 (tabulated value), through the exact gelu
        assertEquals(0.8427007929497149, erfViaGelu(1), 1e-12);
    }

    private static double erfViaGelu(double x) {
        GraphBuilder b = new GraphBuilder();
        int in = b.input("x", Shape.batched(1));
        b.output("g", ActivationLowering.apply(b, "gelu", in));
        Graph g = b.build();
        double gelu = new GraphEvaluator(g).run(1, Map.of("x", new double[] {x * Math.sqrt(2)}), Map.of(), false, null)
                .of(g.outputs().get("g"))[0];
        return 2 * gelu / (x * Math.sqrt(2)) - 1;
    }
}
