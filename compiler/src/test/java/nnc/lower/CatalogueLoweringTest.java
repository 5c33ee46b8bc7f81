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

    /** Input dropout of a recurrent layer: one [1, features] mask per sequence, identity outside training. */
    @Test
    void recurrentInputDropout() {
        String src = """
                model M {
                    input x: [4, 3]
                    lstm(3, dropout = 0.25, return_sequences = true)
                    bidirectional(gru(2, dropout = 0.5))
                }
                """;
        compare(src, 2);
        CheckResult r = Checker.check(new SourceFile("t.nn", src));
        Graph g = ModelLowering.lowerInference(r.program(), r.program().model("M").orElseThrow()).graph();
        List<String> masks = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() == nnc.ir.Op.DROPOUT_MASK) masks.add(n.shape() + " " + n.attrs().d("rate"));
        }
        assertEquals(List.of(nnc.ir.Shape.batched(1, 3) + " 0.25", nnc.ir.Shape.batched(1, 3) + " 0.5",
                nnc.ir.Shape.batched(1, 3) + " 0.5"), masks);
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

    @Test
    void globalPoolingAndPooling() {
        compare("""
                model M {
                    input x: [6, 5, 2]
                    conv2d(3, 2, activation = tanh)
                    avgpool2d(2, strides = 1, padding = same)
                    global_avgpool2d(keepdims = true)
                    flatten
                    dense(2)
                }
                """, 2);
        compare("""
                model M {
                    input x: [7, 2]
                    conv1d(3, 3, padding = same)
                    maxpool1d(2)
                    global_maxpool1d
                    dense(2)
                }
                """, 3);
    }

    /** Runs the inference graph of model {@code M} on the reference evaluator with the given feeds. */
    private static double[] infer(String src, int batch, Map<String, double[]> feeds) {
        CheckResult r = Checker.check(new SourceFile("t.nn", src));
        assertTrue(r.ok(), () -> "check failed: " + r.errors());
        Graph g = ModelLowering.lowerInference(r.program(), r.program().model("M").orElseThrow()).graph();
        return RefEval.run(g, batch, feeds, null)[g.outputs().get("output")].data();
    }

    private static double[] seq(int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = scale * Math.sin(1.3 * i + 0.4);
        return d;
    }

    /** Keras semantics by hand: the backward half reads the sequence reversed and is reversed back. */
    @Test
    void bidirectionalMatchesHandComputedRecurrence() {
        int t = 4, f = 2, u = 2;
        double[] x = seq(t * f, 1), k = seq(f * u, 0.7), rk = seq(u * u, -0.5), bias = {0.1, -0.2};
        double[] k2 = seq(f * u + 3, 0.6), rk2 = seq(u * u + 1, 0.4), bias2 = {-0.3, 0.05};
        Map<String, double[]> feeds = new HashMap<>(Map.of("x", x,
                "bidirectional.forward_simple_rnn.kernel", k, "bidirectional.forward_simple_rnn.recurrent_kernel", rk,
                "bidirectional.forward_simple_rnn.bias", bias,
                "bidirectional.backward_simple_rnn.kernel", java.util.Arrays.copyOf(k2, f * u),
                "bidirectional.backward_simple_rnn.recurrent_kernel", java.util.Arrays.copyOf(rk2, u * u),
                "bidirectional.backward_simple_rnn.bias", bias2));
        double[] out = infer("""
                model M {
                    input x: [4, 2]
                    bidirectional(simple_rnn(2, return_sequences = true))
                }
                """, 1, feeds);
        double[][] fw = rnn(x, k, rk, bias, t, f, u, false), bw = rnn(x, k2, rk2, bias2, t, f, u, true);
        for (int s = 0; s < t; s++) {
            for (int j = 0; j < u; j++) {
                assertEquals(fw[s][j], out[s * 2 * u + j], 1e-12, "forward h[" + s + "]");
                assertEquals(bw[s][j], out[s * 2 * u + u + j], 1e-12, "backward h[" + s + "]");
            }
        }
    }

    /** h_t = tanh(x_t K + h_{t-1} R + b), indexed by sequence position (for backwards: state after reading x_{T-1} .. x_t). */
    private static double[][] rnn(double[] x, double[] k, double[] rk, double[] b, int t, int f, int u, boolean backwards) {
        double[][] h = new double[t][u];
        double[] prev = new double[u];
        for (int step = 0; step < t; step++) {
            int pos = backwards ? t - 1 - step : step;
            double[] cur = new double[u];
            for (int j = 0; j < u; j++) {
                double z = b[j];
                for (int i = 0; i < f; i++) z += x[pos * f + i] * k[i * u + j];
                for (int i = 0; i < u; i++) z += prev[i] * rk[i * u + j];
                cur[j] = Math.tanh(z);
            }
            h[pos] = cur;
            prev = cur;
        }
        return h;
    }

    @Test
    void upsamplingRepeatsPixels() {
        double[] x = seq(3 * 2 * 2, 1);
        double[] out = infer("""
                model M {
                    input x: [3, 2, 2]
                    upsampling2d(size = [2, 3])
                }
                """, 1, Map.of("x", x));
        assertEquals(6 * 6 * 2, out.length);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                for (int c = 0; c < 2; c++) assertEquals(x[((i / 2) * 2 + j / 3) * 2 + c], out[(i * 6 + j) * 2 + c], 0, i + "," + j);
    }

    /** Keras Conv2DTranspose (valid): out[i*s + a, j*s + b, f] += x[i, j, c] * kernel[a, b, f, c], plus bias. */
    @Test
    void conv2dTransposeValidMatchesScatterDefinition() {
        int h = 2, w = 3, c = 2, kh = 3, kw = 2, fl = 2, sh = 2, sw = 1;
        int oh = h * sh + Math.max(kh - sh, 0), ow = w * sw + Math.max(kw - sw, 0);
        double[] x = seq(h * w * c, 1), k = seq(kh * kw * fl * c, 0.5), bias = {0.25, -0.5};
        double[] out = infer("""
                model M {
                    input x: [2, 3, 2]
                    conv2d_transpose(2, [3, 2], strides = [2, 1])
                }
                """, 1, Map.of("x", x, "conv2d_transpose.kernel", k, "conv2d_transpose.bias", bias));
        double[] exp = new double[oh * ow * fl];
        for (int i = 0; i < oh * ow; i++) for (int q = 0; q < fl; q++) exp[i * fl + q] = bias[q];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
                for (int a = 0; a < kh; a++)
                    for (int bb = 0; bb < kw; bb++)
                        for (int q = 0; q < fl; q++)
                            for (int ch = 0; ch < c; ch++)
                                exp[((i * sh + a) * ow + j * sw + bb) * fl + q] += x[(i * w + j) * c + ch] * k[((a * kw + bb) * fl + q) * c + ch];
        assertArrayEquals(exp, out, 1e-12);
    }
}
