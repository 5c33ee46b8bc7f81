package nnc.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnc.check.CheckResult;
import nnc.check.Checker;
import nnc.check.CheckedModel;
import nnc.driver.ModelCompiler;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;
import nnc.runtime.TrainableNetwork;
import nnc.syntax.SourceFile;
import nnc.testing.RefEval;
import org.junit.jupiter.api.Test;

/**
 * Catalogue layers from {@code .nn} source through the whole pipeline (check, lower, autodiff,
 * passes, bytecode): the compiled model's output, loss and every parameter gradient against the
 * double-precision reference evaluator on the plain differentiated graph, and its parameter names
 * and shapes against the checker's ({@code CheckedModel.params()}, the Keras layouts).
 */
class CatalogueLoweringTest {

    /** Checks and compiles model {@code M} of {@code src} with an mse loss and compares it with the reference. */
    private static void compare(String src, int batch) {
        CheckResult r = Checker.check(new SourceFile("t.nn", src));
        assertTrue(r.ok(), () -> "check failed: " + r.errors());
        CheckedModel model = r.program().model("M").orElseThrow();
        ModelCompiler.Compiled c = ModelCompiler.compile(r.program(), model, "mse", 1.0, List.of(model.output().shape()));
        assertNotNull(c.generated(), "the code generator compiled the model (no interpreter fallback)");

        // parameter names and shapes exactly as the checker lists them
        List<String> expected = new ArrayList<>(), actual = new ArrayList<>();
        for (nnc.check.ParamInfo p : model.params()) expected.add(p.name() + p.shape());
        for (Parameter p : c.network().parameters()) {
            List<Integer> dims = new ArrayList<>();
            for (int d : p.shape()) dims.add(d);
            actual.add(p.name() + dims);
        }
        assertEquals(expected, actual, "parameters in Keras names and layouts");

        TrainableNetwork net = c.network();
        net.setBatchCapacity(batch);
        Random rnd = new Random(src.hashCode());
        Map<String, double[]> feeds = new HashMap<>();
        for (Parameter p : net.parameters()) {
            double[] d = new double[p.size()];
            for (int i = 0; i < d.length; i++) {
                p.value[i] = (float) (rnd.nextDouble() * 1.2 - 0.6);
                d[i] = p.value[i];
            }
            feeds.put(p.name(), d);
        }
        Graph g = c.gradients();
        List<Tensor> ins = new ArrayList<>(), targets = new ArrayList<>();
        for (Node in : g.inputs()) {
            int per = in.shape().perSample();
            float[] data = new float[batch * per];
            double[] d = new double[data.length];
            for (int i = 0; i < data.length; i++) {
                data[i] = in.dtype() == DType.I32 ? rnd.nextInt(4) : (float) (rnd.nextDouble() * 2 - 1);
                d[i] = data[i];
            }
            feeds.put(in.name(), d);
            int[] shape = in.shape().dims();
            shape[0] = batch;
            Tensor t;
            if (in.dtype() == DType.I32) {
                int[] iv = new int[data.length];
                for (int i = 0; i < iv.length; i++) iv[i] = (int) data[i];
                t = Tensor.of(iv, shape);
            } else {
                t = Tensor.of(data, shape);
            }
            (in.attrs().b("target", false) ? targets : ins).add(t);
        }
        Batch b = new Batch(ins, targets, batch);
        net.forward(b, Mode.GRADIENT);
        float loss = net.loss(b);
        net.backward(b);

        RefEval.Val[] v = RefEval.run(g, batch, feeds, null);
        close(v[g.outputs().get("loss")].data(), new float[] {loss}, "loss");
        close(v[g.outputs().get("output")].data(), net.output(0).floats(), "output");
        for (Parameter p : net.parameters()) {
            if (p.trainable()) close(v[g.outputs().get("grad." + p.name())].data(), p.grad, "grad." + p.name());
        }
    }

    private static void close(double[] expected, float[] actual, String what) {
        assertTrue(actual.length >= expected.length, what + ": " + actual.length + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            assertTrue(err <= 2e-4, what + "[" + i + "]: reference " + expected[i] + ", compiled " + actual[i]);
        }
    }

    @Test
    void gru() {
        compare("""
                model M {
                    input x: [5, 3]
                    gru(4, return_sequences = true)
                    gru(3, activation = relu)
                    dense(2)
                }
                """, 3);
    }

    @Test
    void bidirectionalConcatSequencesThenSum() {
        compare("""
                model M {
                    input x: [4, 3]
                    bidirectional(lstm(3, return_sequences = true))
                    bidirectional(gru(2), merge_mode = sum)
                    dense(2)
                }
                """, 3);
    }

    @Test
    void bidirectionalSimpleRnnAveAndMul() {
        compare("""
                model M {
                    input x: [5, 2]
                    bidirectional(simple_rnn(3, return_sequences = true), merge_mode = mul)
                    bidirectional(simple_rnn(2), merge_mode = ave)
                }
                """, 2);
    }

    @Test
    void embedding() {
        compare("""
                model M {
                    input ids: int[6]
                    embedding(4, 3)
                    flatten
                    dense(2)
                }
                """, 3);
    }

    @Test
    void conv2dTransposeSameAndValid() {
        compare("""
                model M {
                    input x: [3, 3, 2]
                    conv2d_transpose(4, 3, strides = 2, padding = same, activation = relu)
                    conv2d_transpose(2, [3, 2], strides = [1, 2], padding = valid)
                    flatten
                    dense(2)
                }
                """, 2);
    }

    @Test
    void upsampling() {
        compare("""
                model M {
                    input x: [3, 2, 2]
                    upsampling2d(size = [2, 3])
                    conv2d(2, 2)
                    reshape([-1, 2])
                    upsampling1d(size = 2)
                    flatten
                    dense(2)
                }
                """, 2);
    }
}
