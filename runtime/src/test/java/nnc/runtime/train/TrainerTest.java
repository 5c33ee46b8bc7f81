package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import nnc.runtime.Batch;
import nnc.runtime.Parameter;
import nnc.runtime.Regularizer;
import nnc.runtime.Tensor;
import nnc.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** Two Gaussian blobs, linearly separable with a margin; labels one-hot (3 classes when k = 3). */
    static Dataset blobs(int n, int classes, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 2], y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            double angle = 2 * Math.PI * c / classes;
            x[2 * i] = (float) (3 * Math.cos(angle) + 0.5 * r.nextGaussian());
            x[2 * i + 1] = (float) (3 * Math.sin(angle) + 0.5 * r.nextGaussian());
            y[i * classes + c] = 1;
        }
        return new Dataset(List.of(Tensor.of(x, n, 2)), List.of(Tensor.of(y, n, classes)));
    }

    static DenseNet init(DenseNet net, long seed) {
        Initializers.initialize(net.parameters(), seed);
        return net;
    }

    @Test
    void softmaxRegressionLearnsSeparableData() {
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        Dataset data = blobs(150, 3, 5);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(30).withBatchSize(16).withSeed(3).withMetrics(List.of("accuracy"));
        History h = Trainer.fit(net, Optimizers.adam(LearningRateSchedule.constant(0.05), 0.9, 0.999, 1e-7, false), cfg, data);
        assertEquals(30, h.epochs());
        assertTrue(h.get("loss").get(29) < 0.5 * h.get("loss").get(0), "loss decreases: " + h.get("loss"));
        assertTrue(h.last("accuracy") >= 0.97, "training accuracy " + h.last("accuracy"));
        Evaluation e = Trainer.evaluate(net, data, 32, List.of("accuracy", "confusion_matrix"));
        assertTrue(e.values().get("accuracy") >= 0.97);
        assertTrue(e.reports().startsWith("confusion_matrix"));
        assertEquals(List.of("loss", "accuracy"), List.copyOf(e.values().keySet()));
    }

    @Test
    void logisticRegressionWithSgdAndValidationSplit() {
        Dataset data = blobs(200, 2, 9);
        // binary target: first column of the one-hot
        float[] y = new float[200];
        for (int i = 0; i < 200; i++) y[i] = data.targets().get(0).floats()[2 * i];
        Dataset bin = new Dataset(data.inputs(), List.of(Tensor.of(y, 200, 1)));
        DenseNet net = init(new DenseNet(2, 1, "sigmoid", "binary_crossentropy", 0, Regularizer.l2(1e-3f)), 2);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(20).withBatchSize(10).withValidationSplit(0.25)
                .withMetrics(List.of("accuracy", "auc"));
        History h = Trainer.fit(net, Optimizers.sgd(LearningRateSchedule.constant(0.1), 0.9, true), cfg, bin);
        assertEquals(List.of("loss", "accuracy", "auc", "val_loss", "val_accuracy", "val_auc"), h.keys());
        assertTrue(h.last("val_accuracy") >= 0.95, "val accuracy " + h.last("val_accuracy"));
        // validation = the last 25 % of the rows, before shuffling: evaluating them now reproduces val_loss exactly
        Evaluation last = Trainer.evaluate(net, bin.slice(150, 200), 10, List.of());
        assertEquals(h.last("val_loss"), last.loss(), 0.0);
        Evaluation first = Trainer.evaluate(net, bin.slice(0, 50), 10, List.of());
        assertNotEquals(h.last("val_loss"), first.loss());
    }

    @Test
    void linearRegressionRecoversWeights() {
        Random r = new Random(1);
        int n = 64;
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0.5;
            double[] w = {2, -1, 0.5};
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) r.nextGaussian();
                s += w[j] * x[i * 3 + j];
            }
            y[i] = (float) s;
        }
        DenseNet net = init(new DenseNet(3, 1, "linear", "mse", 0, null), 4);
        Dataset d = new Dataset(List.of(Tensor.of(x, n, 3)), List.of(Tensor.of(y, n, 1)));
        History h = Trainer.fit(net, Optimizers.sgd(LearningRateSchedule.constant(0.05), 0, false),
                TrainConfig.defaults().withEpochs(60).withBatchSize(8).withMetrics(List.of("mae", "rmse")), d);
        assertArrayEquals(new float[] {2, -1, 0.5f}, net.kernel.value, 1e-3f);
        assertEquals(0.5f, net.bias.value[0], 1e-3f);
        assertTrue(h.last("rmse") < 1e-3 && h.last("mae") < 1e-3);
    }

    @Test
    void lastPartialBatchIsKept() {
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        Optimizer opt = Optimizers.adam();
        Trainer.fit(net, opt, TrainConfig.defaults().withEpochs(3).withBatchSize(4), blobs(10, 3, 1));
        assertEquals(9, opt.iterations(), "3 epochs x ceil(10 / 4) steps");
    }

    static byte[] trainedWeights(long seed, float dropout) {
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", dropout, null), seed);
        Trainer.fit(net, Optimizers.rmsprop(), TrainConfig.defaults().withEpochs(5).withBatchSize(7).withSeed(seed)
                .withValidationSplit(0.2), blobs(60, 3, 2));
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * 9);
        for (Parameter p : net.parameters()) for (float v : p.value) bb.putFloat(v);
        return bb.array();
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        assertArrayEquals(trainedWeights(11, 0.3f), trainedWeights(11, 0.3f));
        assertFalse(java.util.Arrays.equals(trainedWeights(11, 0.3f), trainedWeights(12, 0.3f)));
    }

    @Test
    void shuffleChangesTheTrajectory() {
        DenseNet a = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        DenseNet b = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        Dataset d = blobs(30, 3, 3);
        Trainer.fit(a, Optimizers.sgd(), TrainConfig.defaults().withEpochs(2).withBatchSize(5).withShuffle(false), d);
        Trainer.fit(b, Optimizers.sgd(), TrainConfig.defaults().withEpochs(2).withBatchSize(5).withShuffle(true), d);
        assertFalse(java.util.Arrays.equals(a.kernel.value, b.kernel.value));
    }

    @Test
    void progressLinesLookLikeKeras() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        Trainer.fit(net, Optimizers.adam(), TrainConfig.defaults().withEpochs(2).withBatchSize(10).withValidationSplit(0.2)
                .withMetrics(List.of("accuracy")).withVerbose(1, ps), blobs(50, 3, 1));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length, String.join("\n", lines));
        assertEquals("Epoch 1/2", lines[0]);
        assertEquals("Epoch 2/2", lines[2]);
        String re = "4/4 ━{20} \\d+s \\d+(s|ms|us)/step - accuracy: \\d\\.\\d{4} - loss: \\d\\.\\d{4}"
                + " - val_accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4}";
        assertTrue(lines[1].matches(re), lines[1]);
        assertTrue(lines[3].matches(re), lines[3]);
    }

    @Test
    void predictAndGradients() {
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0.5f, Regularizer.l1(0.01f)), 1);
        Dataset d = blobs(9, 3, 4);
        List<Tensor> out = Trainer.predict(net, d.inputs(), 4);
        assertArrayEquals(new int[] {9, 3}, out.get(0).shape());
        for (int r = 0; r < 9; r++) {
            float s = 0;
            for (int j = 0; j < 3; j++) s += out.get(0).floats()[r * 3 + j];
            assertEquals(1, s, 1e-5);
        }
        Batch b = Batch.of(d.inputs(), d.targets());
        GradientResult g = Trainer.lossAndGradients(net, b);
        // GRADIENT mode is deterministic (no dropout): twice the same
        GradientResult g2 = Trainer.lossAndGradients(net, b);
        assertEquals(g.loss(), g2.loss());
        assertTrue(g.gradients().get("dense.kernel").contentEquals(g2.gradients().get("dense.kernel")));
        assertTrue(g.outputs().get(0).contentEquals(out.get(0)), "GRADIENT-mode outputs equal inference outputs");
        // finite differences on the kernel (loss includes the l1 penalty)
        float[] w = net.kernel.value;
        for (int k = 0; k < w.length; k++) {
            float old = w[k];
            w[k] = old + 1e-2f;
            double lp = Trainer.lossAndGradients(net, b).loss();
            w[k] = old - 1e-2f;
            double lm = Trainer.lossAndGradients(net, b).loss();
            w[k] = old;
            assertEquals((lp - lm) / 2e-2, g.gradients().get("dense.kernel").floats()[k], 2e-3);
        }
        assertEquals(List.of("loss", "output", "grad.dense.kernel", "grad.dense.bias"), List.copyOf(g.toNamedTensors().keySet()));
    }

    @Test
    void earlyStoppingStopsAndRestores() {
        // An SGD learning rate far too large makes the validation loss grow after the first epoch.
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        EarlyStopping es = new EarlyStopping("val_loss", 0, 2, "auto", true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        History h = Trainer.fit(net, Optimizers.sgd(LearningRateSchedule.constant(50), 0.99, false),
                TrainConfig.defaults().withEpochs(50).withBatchSize(5).withValidationSplit(0.3).withCallbacks(List.of(es))
                        .withVerbose(2, new PrintStream(bytes, true, StandardCharsets.UTF_8)), blobs(60, 3, 7));
        assertTrue(h.epochs() < 50, "stopped early after " + h.epochs());
        List<Double> val = h.get("val_loss");
        int best = 0;
        for (int e = 1; e < val.size(); e++) if (val.get(e) < val.get(best)) best = e;
        assertEquals(best, es.bestEpoch());
        assertEquals(best + 3, h.epochs(), "patience 2: two non-improving epochs after the best");
        // restored weights reproduce the best validation loss
        Evaluation ev = Trainer.evaluate(net, blobs(60, 3, 7).slice(42, 60), 5, List.of());
        assertEquals(val.get(best), ev.loss(), 1e-6);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Epoch " + h.epochs() + ": early stopping"), text);
    }

    @Test
    void unknownMonitorFailsBeforeTraining() {
        DenseNet net = init(new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null), 1);
        float before = net.kernel.value[0];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.fit(net, Optimizers.sgd(),
                TrainConfig.defaults().withEpochs(3).withCallbacks(List.of(new EarlyStopping())), blobs(12, 3, 1)));
        assertEquals("a callback monitors 'val_loss', which training does not compute (there is no validation data: set "
                + "validation_split or validation_data); available: loss", e.getMessage());
        assertEquals(before, net.kernel.value[0], "no step was taken");
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.fit(net, Optimizers.sgd(), TrainConfig.defaults()
                .withValidationSplit(0.5).withMetrics(List.of("accuracy"))
                .withCallbacks(List.of(new ReduceLROnPlateau("val_acc", 0.5, 1, "auto", 0, 0, 0))), blobs(12, 3, 1)));
        assertTrue(e.getMessage().endsWith("available: loss, accuracy, val_loss, val_accuracy"), e.getMessage());
    }
}
