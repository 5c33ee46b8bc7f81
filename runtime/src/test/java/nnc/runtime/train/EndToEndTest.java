package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import nnc.runtime.Batch;
import nnc.runtime.Tensor;
import nnc.runtime.data.Binding;
import nnc.runtime.data.Csv;
import nnc.runtime.data.DataState;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.SourceData;
import nnc.runtime.data.Steps;
import nnc.runtime.io.Safetensors;
import nnc.runtime.io.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's whole path as {@code nnc train} / {@code predict} / {@code gradients} use it: a CSV with
 * raw features and string labels, a data pipeline, training with a validation split, weights plus
 * preprocessing statistics in one safetensors file, then prediction from raw inputs by a fresh network.
 */
class EndToEndTest {
    @TempDir
    Path dir;

    static final List<String> SPECIES = List.of("versicolor", "setosa", "virginica");

    Path writeCsv(int n, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("length,width,species\n");
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            // raw features on a large scale and offset: standardize matters
            double len = 100 + 40 * c + 4 * r.nextGaussian(), wid = 2000 - 300 * c + 30 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.3f,%.2f,\"%s\"%n", len, wid, SPECIES.get(c)));
        }
        Path f = dir.resolve("flowers.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void trainSavePredictFromRawInputs() throws Exception {
        Path csv = writeCsv(120, 3);
        Binding x = new Binding(List.of("x"), List.of(Steps.columns(List.of("length", "width")), Steps.standardize()));
        Binding y = new Binding(List.of("y"), List.of(Steps.column("species"), Steps.onehot(3)));
        DataState state = new DataState();
        Map<String, Tensor> t = Binding.runAll(List.of(x, y), SourceData.csv(csv), state, true, 0.25);
        Dataset data = new Dataset(List.of(t.get("x")), List.of(t.get("y")));

        DenseNet net = new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null);
        Initializers.initialize(net.parameters(), 7);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(40).withBatchSize(16).withSeed(7).withValidationSplit(0.25)
                .withMetrics(List.of("accuracy"))
                .withCallbacks(List.of(new EarlyStopping("val_loss", 0, 5, "auto", true)));
        History h = Trainer.fit(net, Optimizers.adam(LearningRateSchedule.constant(0.05), 0.9, 0.999, 1e-7, false), cfg, data);
        assertTrue(h.last("val_accuracy") >= 0.95, "validation accuracy " + h.last("val_accuracy"));

        Path weights = dir.resolve("flowers.safetensors");
        Weights.save(weights, net.parameters(), state.tensors(), state.metadata());
        byte[] first = Files.readAllBytes(weights);
        Weights.save(weights, net.parameters(), state.tensors(), state.metadata());
        assertArrayEquals(first, Files.readAllBytes(weights), "saving is deterministic");

        // A fresh network in another "process": weights and statistics from the file only.
        DenseNet fresh = new DenseNet(2, 3, "softmax", "categorical_crossentropy", 0, null);
        Weights.load(weights, fresh.parameters());
        Safetensors.Contents c = Safetensors.read(weights);
        DataState loaded = new DataState(c.tensors(), c.metadata());
        assertEquals(List.of("setosa", "versicolor", "virginica"), loaded.labels("y"));
        assertNull(loaded.labels("x"));
        Path raw = dir.resolve("new.csv");
        Files.writeString(raw, "width,length\n2000,100\n1700,140\n1400,180\n");
        Tensor px = x.run(SourceData.csv(raw), loaded, false, 3).get("x");
        Tensor out = Trainer.predict(fresh, List.of(px), 32).get(0);
        int[] expected = {1, 0, 2}; // setosa, versicolor, virginica in sorted-label order
        for (int r = 0; r < 3; r++) assertEquals(expected[r], Metrics.argmax(out, r * 3, 3), "row " + r);
        // identical to what the trained network predicts for the same preprocessed rows
        assertTrue(out.contentEquals(Trainer.predict(net, List.of(px), 1).get(0)));

        // nnc gradients: one deterministic pass, written and read back
        Batch b = Batch.of(data.inputs(), data.targets());
        Path g = dir.resolve("g.safetensors");
        Safetensors.write(g, Trainer.lossAndGradients(fresh, b).toNamedTensors(), Map.of());
        Map<String, Tensor> back = Safetensors.read(g).tensors();
        assertEquals(List.of("grad.dense.bias", "grad.dense.kernel", "loss", "output"), List.copyOf(back.keySet()));
        assertEquals(0, back.get("loss").rank());
        assertArrayEquals(new int[] {120, 3}, back.get("output").shape());
        assertEquals(Trainer.evaluate(fresh, data, 120, List.of()).loss(), back.get("loss").floats()[0], 1e-6);
    }
}
