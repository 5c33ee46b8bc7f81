package nnc.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnc.autodiff.Autodiff;
import nnc.autodiff.Losses;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Origin;
import nnc.ir.Shape;
import nnc.opt.Pipeline;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;
import nnc.runtime.TrainableNetwork;
import nnc.testing.Models;
import nnc.testing.RefEval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated classes against the double-precision reference evaluator: outputs, loss and
 * every parameter gradient, for hand-built graphs covering every op the generator knows;
 * every class passes ASM's verifier.
 */
class CodegenTest {

    static CompiledModel compile(Graph forward, String name) {
        Pipeline.Result r = Pipeline.optimize(forward, true, null);
        CompiledModel m = Codegen.compile(r, "nnc.generated." + name, name + ".nn");
        String report = BytecodeText.verify(m.classBytes(), CodegenTest.class.getClassLoader());
        assertEquals("", report, "CheckClassAdapter:\n" + report);
        return m;
    }

    /**
     * Runs forward (GRADIENT mode), loss and backward on the generated network and the
     * reference evaluator (on the plain differentiated graph, so the passes are checked
     * too) with the same random parameters and data, and compares all results.
     */
    static void compareWithReference(Graph forward, String name, int capacity, int batch, double tol) {
        CompiledModel m = compile(forward, name);
        TrainableNetwork net = m.newInstance();
        net.setBatchCapacity(capacity);
        Random rnd = new Random(name.hashCode());
        Map<String, double[]> feeds = new HashMap<>();
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) p.value[i] = (float) (rnd.nextDouble() * 1.4 - 0.7);
            double[] d = new double[p.size()];
            for (int i = 0; i < d.length; i++) d[i] = p.value[i];
            feeds.put(p.name(), d);
        }
        List<Tensor> ins = new ArrayList<>(), targets = new ArrayList<>();
        for (Node in : forward.inputs()) {
            int per = in.shape().perSample();
            float[] data = new float[capacity * per];   // rows beyond the batch are garbage on purpose
            for (int i = 0; i < data.length; i++) data[i] = (float) (rnd.nextDouble() * 2 - 1);
            if (in.attrs().b("target", false) && in.dtype() == DType.I32) {
                int classes = in.attrs().has("classes") ? in.attrs().i("classes") : 3;
                for (int i = 0; i < data.length; i++) data[i] = rnd.nextInt(classes);
            } else if (in.attrs().b("target", false)) {
                java.util.Arrays.fill(data, 0f);
                for (int r = 0; r < capacity; r++) data[r * per + rnd.nextInt(per)] = 1f;
            } else if (in.dtype() == DType.I32) {
                for (int i = 0; i < data.length; i++) data[i] = rnd.nextInt(4);
            }
            double[] d = new double[batch * per];
            for (int i = 0; i < d.length; i++) d[i] = data[i];
            feeds.put(in.name(), d);
            int[] shape = new int[in.shape().rank()];
            shape[0] = capacity;
            for (int k = 1; k < shape.length; k++) shape[k] = in.shape().dim(k);
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

        // a second identical step must give the same bits (nothing may overwrite constants or inputs)
        List<float[]> first = new ArrayList<>();
        for (Parameter p : net.parameters()) if (p.trainable()) first.add(p.grad.clone());
        net.forward(b, Mode.GRADIENT);
        assertEquals(loss, net.loss(b));
        net.backward(b);
        int gi = 0;
        for (Parameter p : net.parameters()) if (p.trainable()) assertArrayEquals(first.get(gi++), p.grad, "repeat " + p.name());
        Graph ref = Autodiff.differentiate(forward, "loss");
        RefEval.Val[] v = RefEval.run(ref, batch, feeds, null);
        try {
            checkAll(ref, v, net, loss, batch, tol);
        } catch (AssertionError err) {
            String hint;
            try {
                hint = DebugNodes.firstMismatch(Pipeline.optimize(forward), net, batch, feeds) + "\n" + nnc.opt.FusedPrinter.print(Pipeline.optimize(forward));
            } catch (Exception ex) {
                hint = ex.toString();
            }
            throw new AssertionError(err.getMessage() + "\n" + hint, err);
        }
    }

    static void checkAll(Graph ref, RefEval.Val[] v, TrainableNetwork net, float loss, int batch, double tol) {
        assertClose(v[ref.outputs().get("loss")].data(), new float[] {loss}, tol, "loss");
        double[] out = v[ref.outputs().get("output")].data();
        assertClose(out, net.output(0).floats(), tol, "output");
        assertEquals(batch, net.output(0).dim(0));
        for (Parameter p : net.parameters()) {
            if (!p.trainable()) continue;
            assertClose(v[ref.outputs().get("grad." + p.name())].data(), p.grad, tol, "grad." + p.name());
        }
    }

    static void assertClose(double[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            assertTrue(err <= tol, what + "[" + i + "]: expected " + expected[i] + ", generated " + actual[i]);
        }
    }

    @Test
    void mlpSoftmaxCrossEntropyMatchesReference() {
        compareWithReference(Models.mlp(new int[] {4, 16, 3}, Op.RELU, true), "Mlp", 8, 5, 1e-4);
        compareWithReference(Models.mlp(new int[] {3, 40, 7, 2}, Op.TANH, false), "Mlp2", 6, 6, 1e-4);
    }

    @Test
    void manyOpsMatchReference() {
        compareWithReference(Models.mixed(), "Mixed", 7, 3, 1e-4);
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"NEG", "ABS", "SQUARE", "EXP", "RELU", "LEAKY_RELU", "ELU", "SELU", "GELU",
            "SIGMOID", "HARD_SIGMOID", "TANH", "SOFTPLUS", "SOFTSIGN", "CLIP", "STEP", "SIGN"})
    void everyActivationMatchesReference(Op op) {
        Attrs a = switch (op) {
            case LEAKY_RELU -> Attrs.of("alpha", 0.2);
            case ELU -> Attrs.of("alpha", 1.0);
            case CLIP -> Attrs.of("min", -0.3, "max", 0.4);
            default -> Attrs.NONE;
        };
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(19));       // 19: a vector part and a scalar tail
        int w = b.parameter("dense.kernel", Shape.of(19, 19), "zeros");
        int h = b.unary(op, b.matmul(x, w), a);
        b.output("output", h);
        int y = b.target("target", Shape.batched(19), DType.F32);
        b.output("loss", Losses.lower(b, "mse", h, y));
        compareWithReference(b.build(), "Act" + op.name(), 4, 3, 1e-4);
    }

    @Test
    void sparseLabelsKlDivergenceAndOneHotMatchReference() {
        for (String loss : new String[] {"sparse_categorical_crossentropy", "kl_divergence"}) {
            GraphBuilder b = new GraphBuilder();
            int x = b.input("x", Shape.batched(5));
            int w = b.parameter("dense.kernel", Shape.of(5, 3), "glorot_uniform");
            int p = b.softmax(b.matmul(x, w));
            b.output("output", p);
            boolean sparse = loss.startsWith("sparse");
            int y = sparse ? b.target("target", Shape.batched(1), DType.I32) : b.target("target", Shape.batched(3), DType.F32);
            b.output("loss", Losses.lower(b, loss, p, y));
            compareWithReference(b.build(), sparse ? "Sparse" : "Kl", 6, 5, 1e-4);
        }
    }

    @Test
    void positiveDomainOpsMatchReference() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(9));
        int w = b.parameter("w", Shape.of(9), "zeros");
        int pos = b.add(b.unary(Op.SQUARE, b.mul(x, w)), b.constant(0.5));
        int h = b.add(b.add(b.unary(Op.SQRT, pos), b.unary(Op.LOG, pos)), b.unary(Op.RECIPROCAL, pos));
        h = b.binary(Op.MAXIMUM, b.binary(Op.MINIMUM, h, b.scale(x, 3)), b.div(x, pos));
        b.output("output", h);
        int y = b.target("target", Shape.batched(9), DType.F32);
        b.output("loss", Losses.lower(b, "huber", h, y));
        compareWithReference(b.build(), "Positive", 5, 5, 1e-4);
    }

    @Test
    void shapeOpsEmbeddingAndReductionsMatchReference() {
        GraphBuilder b = new GraphBuilder().at(new Origin("emb.nn", 3, 1));
        int ids = b.input("ids", Shape.batched(5), DType.I32);
        int table = b.parameter("embedding.embeddings", Shape.of(4, 3), "random_uniform");
        int e = b.gather(table, ids);                                  // [N, 5, 3]
        int t = b.transpose(e, 0, 2, 1);                                // [N, 3, 5]
        int f = b.reshape(t, Shape.batched(15));
        int mx = b.reduce(Op.REDUCE_MAX, e, new int[] {1}, false);      // [N, 3]
        int sm = b.reduce(Op.REDUCE_SUM, e, new int[] {0, 2}, true);    // [1, 5, 1]
        int bc = b.reshape(b.broadcastTo(sm, Shape.batched(5, 3)), Shape.batched(15));
        int w = b.parameter("dense.kernel", Shape.of(33, 4), "glorot_uniform");
        int cat = b.concat(1, f, mx, b.slice(bc, 1, 0, 15));
        int logits = b.matmul(cat, w);
        int p = b.softmax(logits);
        b.output("output", p);
        int y = b.target("target", Shape.batched(4), DType.F32);
        b.output("loss", Losses.lower(b, "categorical_crossentropy", p, y));
        compareWithReference(b.build(), "Embedding", 6, 4, 1e-4);
    }

    @Test
    void convolutionalNetworkMatchesReference() {
        // LeNet in miniature: conv2d(same) relu, maxpool, conv2d(valid, stride 2), avgpool, conv1d, dense, softmax
        GraphBuilder b = new GraphBuilder().at(new Origin("lenet.nn", 2, 1));
        int x = b.input("image", Shape.batched(9, 9, 2));
        int k1 = b.parameter("conv2d.kernel", Shape.of(3, 3, 2, 4), "glorot_uniform");
        int b1 = b.parameter("conv2d.bias", Shape.of(4), "zeros");
        int c1 = b.unary(Op.RELU, b.add(b.add(Op.CONV, Attrs.of("rank", 2, "strides", new int[] {1, 1}, "padding", "same"), x, k1), b1));
        int p1 = b.add(Op.POOL, Attrs.of("kind", "max", "rank", 2, "pool", new int[] {2, 2}, "strides", new int[] {2, 2}, "padding", "valid"), c1);
        int k2 = b.parameter("conv2d_1.kernel", Shape.of(2, 2, 4, 3), "glorot_uniform");
        int c2 = b.unary(Op.TANH, b.add(Op.CONV, Attrs.of("rank", 2, "strides", new int[] {1, 1}, "padding", "valid"), p1, k2));
        int p2 = b.add(Op.POOL, Attrs.of("kind", "avg", "rank", 2, "pool", new int[] {2, 2}, "strides", new int[] {1, 1}, "padding", "same"), c2);
        int seq = b.reshape(p2, Shape.batched(9, 3));
        int k3 = b.parameter("conv1d.kernel", Shape.of(3, 3, 2), "glorot_uniform");
        int c3 = b.add(Op.CONV, Attrs.of("rank", 1, "strides", new int[] {2}, "padding", "same"), seq, k3);
        int flat = b.reshape(c3, Shape.batched(10));
        int w = b.parameter("dense.kernel", Shape.of(10, 3), "glorot_uniform");
        int p = b.softmax(b.matmul(flat, w));
        b.output("output", p);
        int y = b.target("target", Shape.batched(3), DType.F32);
        b.output("loss", Losses.lower(b, "categorical_crossentropy", p, y));
        compareWithReference(b.build(), "LeNetMini", 5, 4, 2e-4);
    }

    @Test
    void recurrentNetworksMatchReference() {
        for (String cell : new String[] {"simple", "lstm", "gru"}) {
            GraphBuilder b = new GraphBuilder().at(new Origin("rnn.nn", 4, 1));
            int ids = b.input("ids", Shape.batched(6), DType.I32);
            int table = b.parameter("embedding.embeddings", Shape.of(4, 3), "random_uniform");
            int e = b.gather(table, ids);
            int g = nnc.ir.Recurrent.gates(cell), u = 5;
            String layer = cell.equals("simple") ? "simple_rnn" : cell;
            int k = b.parameter(layer + ".kernel", Shape.of(3, g * u), "glorot_uniform");
            int rk = b.parameter(layer + ".recurrent_kernel", Shape.of(u, g * u), "orthogonal");
            int bias = b.parameter(layer + ".bias", cell.equals("gru") ? Shape.of(2, g * u) : Shape.of(g * u), "zeros");
            int seq = nnc.ir.Recurrent.apply(b, cell, e, k, rk, bias, "tanh", "sigmoid", true);
            int last = nnc.ir.Recurrent.apply(b, cell, seq, b.parameter(layer + "_1.kernel", Shape.of(u, g * 2), "glorot_uniform"),
                    b.parameter(layer + "_1.recurrent_kernel", Shape.of(2, g * 2), "orthogonal"), -1, "relu", "sigmoid", false);
            int out = b.unary(Op.SIGMOID, last);
            b.output("output", out);
            int y = b.target("target", Shape.batched(2), DType.F32);
            b.output("loss", Losses.lower(b, "binary_crossentropy", out, y));
            compareWithReference(b.build(), "Rnn" + cell, 5, 3, 1e-4);
        }
    }

    @Test
    void decoderWithTransposedConvolutionAndReverseMatchesReference() {
        GraphBuilder b = new GraphBuilder();
        int z = b.input("z", Shape.batched(8));
        int w = b.parameter("dense.kernel", Shape.of(8, 36), "glorot_uniform");
        int img = b.reshape(b.unary(Op.RELU, b.matmul(z, w)), Shape.batched(3, 3, 4));
        int k = b.parameter("conv2d_transpose.kernel", Shape.of(3, 3, 2, 4), "glorot_uniform");
        int up = b.add(Op.CONV_BACKPROP_INPUT, Attrs.of("rank", 2, "strides", new int[] {2, 2}, "padding", "same",
                "inShape", new int[] {-1, 6, 6, 2}), img, k);
        int rows = b.reshape(up, Shape.batched(6, 12));
        int out = b.unary(Op.SIGMOID, b.reshape(b.add(rows, b.reverse(rows, 1)), Shape.batched(72)));
        b.output("output", out);
        int y = b.target("target", Shape.batched(72), DType.F32);
        b.output("loss", Losses.lower(b, "mse", out, y));
        compareWithReference(b.build(), "Decoder", 4, 4, 1e-4);
    }

    private static Graph batchnormNet() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(3));
        int w = b.parameter("dense.kernel", Shape.of(3, 4), "glorot_uniform");
        int h = Models.batchnorm(b, b.matmul(x, w), "batchnorm", 0.9, 1e-3);
        int out = b.unary(Op.SIGMOID, h);
        b.output("output", out);
        int y = b.target("target", Shape.batched(4), DType.F32);
        b.output("loss", Losses.lower(b, "mse", out, y));
        return b.build();
    }

    @Test
    void batchnormGradientsUseBatchStatistics() {
        compareWithReference(batchnormNet(), "BatchNorm", 6, 5, 1e-4);
    }

    @Test
    void batchnormUpdatesMovingStatisticsInTrainingAndUsesThemInInference() {
        TrainableNetwork net = compile(batchnormNet(), "BatchNormModes").newInstance();
        net.setBatchCapacity(2);
        Parameter w = net.parameter("dense.kernel");
        for (int i = 0; i < w.size(); i++) w.value[i] = i == 0 ? 1f : 0f;   // h[:, 0] = x[:, 0], other columns 0
        Parameter mm = net.parameter("batchnorm.moving_mean"), mv = net.parameter("batchnorm.moving_variance");
        java.util.Arrays.fill(mv.value, 1f);
        java.util.Arrays.fill(net.parameter("batchnorm.gamma").value, 1f);
        Batch batch = new Batch(List.of(Tensor.of(new float[] {1, 0, 0, 3, 0, 0}, 2, 3)), List.of(), 2);
        net.forward(batch, Mode.GRADIENT);
        assertEquals(0f, mm.value[0], "no update outside TRAIN");
        net.forward(batch, Mode.TRAIN);
        assertEquals(0.1f * 2f, mm.value[0], 1e-6f, "0.9 * 0 + 0.1 * mean(1, 3)");
        assertEquals(0.9f + 0.1f * 1f, mv.value[0], 1e-6f, "0.9 * 1 + 0.1 * var(1, 3)");
        assertFalse(mv.trainable());
        // inference: (x - 0.2) / sqrt(1.0 + 1e-3), then sigmoid
        net.forward(batch, Mode.INFER);
        double expected = 1 / (1 + Math.exp(-(3 - 0.2) / Math.sqrt(1.0 + 1e-3)));
        assertEquals(expected, net.output(0).floats()[4], 1e-5);
    }

    @Test
    void dropoutIsOnlyActiveWhileTrainingAndSeeded() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(1000));
        int m = b.dropoutMask(Shape.batched(1000), 0.25, 0);
        int out = b.mul(x, m);
        b.output("output", out);
        int y = b.target("target", Shape.batched(1000), DType.F32);
        b.output("loss", Losses.lower(b, "mse", out, y));
        CompiledModel cm = compile(b.build(), "Drop");
        TrainableNetwork net = cm.newInstance();
        net.setBatchCapacity(1);
        float[] ones = new float[1000];
        java.util.Arrays.fill(ones, 1f);
        Batch batch = new Batch(List.of(Tensor.of(ones, 1, 1000)), List.of(Tensor.of(new float[1000], 1, 1000)), 1);
        net.forward(batch, Mode.INFER);
        for (float v : net.output(0).floats()) assertEquals(1f, v);
        net.seed(42);
        net.forward(batch, Mode.TRAIN);
        float[] first = net.output(0).floats().clone();
        int zeros = 0;
        for (float v : first) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.75f, v, 1e-6);
        }
        assertTrue(zeros > 180 && zeros < 320, "about a quarter dropped: " + zeros);
        net.seed(42);
        net.forward(batch, Mode.TRAIN);
        assertArrayEquals(first, net.output(0).floats(), "same seed, same mask");
    }

    @Test
    void bytecodeHasSourceFileAndLineNumbers() {
        CompiledModel m = compile(Models.mlp(new int[] {4, 16, 3}, Op.RELU, true), "Lines");
        String text = m.bytecodeText();
        assertTrue(text.contains("// compiled from: Lines.nn"), text);
        assertTrue(text.contains("LINENUMBER 3"), "the first dense layer's line");
        assertTrue(text.contains("nnc/runtime/compiled/SmallGemm.sgemm"), text);
        assertTrue(text.contains("jdk/incubator/vector/FloatVector"), "a vectorised loop");
        assertTrue(text.contains("runForward") && text.contains("runBackward"), text);
    }

    @Test
    void aFailureInGeneratedCodeNamesTheModelLine() {
        GraphBuilder b = new GraphBuilder().at(new Origin("emb.nn", 7, 5));
        int ids = b.input("ids", Shape.batched(2), DType.I32);
        int table = b.parameter("embedding.embeddings", Shape.of(4, 3), "zeros");
        b.output("output", b.reshape(b.gather(table, ids), Shape.batched(6)));
        TrainableNetwork net = compile(b.build(), "emb").newInstance();   // SourceFile emb.nn
        Batch bad = new Batch(List.of(Tensor.of(new int[] {1, 9}, 1, 2)), List.of(), 1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> net.forward(bad, Mode.INFER));
        boolean named = false;
        for (StackTraceElement f : e.getStackTrace()) named |= "emb.nn".equals(f.getFileName()) && f.getLineNumber() == 7;
        assertTrue(named, "a stack frame at emb.nn:7");
    }

    @Test
    void layoutSurvivesBytesSoAClassCanBeStored() {
        CompiledModel m = compile(Models.mlp(new int[] {4, 5, 3}, Op.RELU, true), "Stored");
        nnc.runtime.compiled.NetworkLayout copy = nnc.runtime.compiled.NetworkLayout.fromBytes(m.layout().toBytes());
        assertArrayEquals(m.layout().toBytes(), copy.toBytes());
        assertEquals(m.layout().inputs(), copy.inputs());
        assertThrows(IllegalArgumentException.class, () -> nnc.runtime.compiled.NetworkLayout.fromBytes(new byte[] {1, 2}));
    }

    @Test
    void scalarAndVectorPathsAgree() {
        // the vector flag is read when the network is created: compare a network created
        // with the flag on against the same code forced onto the scalar tail
        Graph g = Models.mlp(new int[] {4, 37, 3}, Op.SIGMOID, true);
        CompiledModel m = compile(g, "Paths");
        float[] a = runOnce(m, false), c = runOnce(m, true);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], c[i], 1e-5f * Math.max(1, Math.abs(a[i])));
    }

    private static float[] runOnce(CompiledModel m, boolean scalar) {
        String key = "nnc.scalar";
        String old = System.getProperty(key);
        try {
            if (scalar) System.setProperty(key, "true");
            else System.clearProperty(key);
            TrainableNetwork net = m.newInstance();
            net.setBatchCapacity(3);
            Random rnd = new Random(3);
            for (Parameter p : net.parameters()) for (int i = 0; i < p.size(); i++) p.value[i] = (float) rnd.nextGaussian() * 0.3f;
            float[] x = new float[12];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            float[] y = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            Batch b = new Batch(List.of(Tensor.of(x, 3, 4)), List.of(Tensor.of(y, 3, 3)), 3);
            net.forward(b, Mode.GRADIENT);
            net.loss(b);
            net.backward(b);
            List<Float> all = new ArrayList<>();
            for (Parameter p : net.parameters()) for (float v : p.grad) all.add(v);
            float[] r = new float[all.size()];
            for (int i = 0; i < r.length; i++) r[i] = all.get(i);
            return r;
        } finally {
            if (old == null) System.clearProperty(key);
            else System.setProperty(key, old);
        }
    }
}
