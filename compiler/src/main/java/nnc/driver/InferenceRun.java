package nnc.driver;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nnc.check.CheckedData;
import nnc.check.CheckedModel;
import nnc.check.DataBinding;
import nnc.check.TrainSpec;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.data.DataState;
import nnc.runtime.data.Dataset;
import nnc.runtime.io.FileFormatException;
import nnc.runtime.io.Safetensors;
import nnc.runtime.io.Weights;
import nnc.runtime.train.Evaluation;
import nnc.runtime.train.Trainer;

/** {@code nnc evaluate} and {@code nnc predict}: trained weights applied to data. */
public final class InferenceRun {
    private InferenceRun() {}

    /** Loads a weights file into the compiled model; returns its {@code data.…} statistics. */
    public static DataState loadWeights(ModelCompiler.Compiled c, Path weights) {
        if (!Files.exists(weights)) {
            throw new UserError("cannot read " + weights + ": no such file", "train first: nnc train FILE --weights-out " + weights);
        }
        try {
            Map<String, Tensor> tensors = Weights.load(weights, c.parameters());
            return new DataState(tensors, Safetensors.read(weights).metadata());
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + weights + ": no such file");
        } catch (FileFormatException e) {
            throw new UserError(e.getMessage().replaceFirst("^(.*?): error: ", "$1: "));
        } catch (IOException e) {
            throw new UserError("cannot read " + weights + ": " + e.getMessage());
        }
    }

    public static int evaluate(Path file, String modelName, Path weights, String dataName, Integer batchSize, PrintWriter out) {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        TrainSpec spec = s.train(model);
        TrainingRun.Prepared shapes = null;
        // Compile first (the weights say which statistics to apply), then load the data with them.
        CheckedData data = s.data(spec.data());
        List<nnc.check.Shape> targetShapes = List.of(data.binding(spec.target())
                .orElseThrow(() -> new UserError("data " + data.name() + " has no binding '" + spec.target() + "'")).shape());
        ModelCompiler.Compiled c = ModelCompiler.compile(s.program(), model, Session.lossName(spec), Session.huberDelta(spec),
                targetShapes);
        DataState stats = loadWeights(c, weights);
        Dataset ds;
        if (dataName != null) {
            CheckedData other = s.data(dataName);
            List<String> inputs = new ArrayList<>();
            for (var in : model.inputs()) inputs.add(spec.inputBindings().get(in.name()));
            ds = DataPipeline.load(other, inputs, List.of(spec.target()), 0, stats).dataset();
        } else {
            shapes = TrainingRun.prepare(s, model, withoutSplit(spec), stats);
            ds = shapes.train();
        }
        int bs = batchSize != null ? batchSize : spec.batchSize();
        Evaluation e;
        try {
            e = Trainer.evaluate(c.network(), ds, bs, spec.metrics());
        } catch (IllegalArgumentException ex) {
            throw new UserError(ex.getMessage());
        }
        StringBuilder line = new StringBuilder();
        e.values().forEach((k, v) -> {
            if (line.length() > 0) line.append(" - ");
            line.append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v));
        });
        out.println(ds.size() + " samples - " + line);
        String reports = e.reports();
        if (!reports.isEmpty()) out.print(reports);
        out.flush();
        return 0;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The train block with its validation split removed: evaluate runs on every row of the data. */
    private static TrainSpec withoutSplit(TrainSpec t) {
        return new TrainSpec(t.model(), t.data(), t.loss(), t.optimizer(), t.metrics(), t.epochs(), t.batchSize(), 0.0, null,
                t.shuffle(), t.seed(), t.callbacks(), t.verbose(), t.inputBindings(), t.target(), t.span());
    }

    public static int predict(Path file, String modelName, Path weights, Path input, Path output, PrintWriter out)
            throws IOException {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        ModelCompiler.Compiled c = ModelCompiler.compile(s.program(), model, null, 1, List.of());
        DataState stats = loadWeights(c, weights);
        if (model.inputs().size() != 1) throw new UserError("predict takes one input array; model " + model.name() + " has "
                + model.inputs().size() + " inputs");
        if (output != null) Session.checkWritable(output);
        Tensor x = rawInput(s, model, input, stats, c.network().inputs().get(0));
        List<Tensor> outs = Trainer.predict(c.network(), List.of(x), 256);
        if (output == null) {
            out.print(ArrayFiles.csv(outs));
        } else {
            if (outs.size() != 1) throw new UserError("this model has several outputs; print them (no --output) instead");
            ArrayFiles.write(output, outs.get(0));
            out.println("predictions written to " + output + " (" + outs.get(0).dim(0) + " rows)");
        }
        out.flush();
        return 0;
    }

    /**
     * The model input from a raw file: the saved preprocessing of the train block's binding is applied
     * (a CSV with the data set's column names, or plain numbers standing for the source columns).
     */
    private static Tensor rawInput(Session s, CheckedModel model, Path input, DataState stats, TensorSpec spec) {
        Optional<TrainSpec> t = s.trainIfAny(model);
        String inputName = model.inputs().get(0).name();
        DataBinding binding = null;
        if (t.isPresent()) {
            CheckedData d = s.data(t.get().data());
            String bn = t.get().inputBindings().get(inputName);
            binding = bn == null ? null : d.binding(bn).orElse(null);
        }
        if (binding == null) {
            return ArrayFiles.toTensor(ArrayFiles.read(input), spec.shape(), spec.dtype(), input, "input " + inputName);
        }
        List<String> cols = DataPipeline.sourceColumns(binding);
        if (!ArrayFiles.isNpy(input)) {
            CsvTable table = CsvTable.read(input, ',', true);
            boolean headerIsNumbers = table.header().stream().allMatch(InferenceRun::isNumber);
            if (!headerIsNumbers && !cols.isEmpty()) {
                // a header: it must name the data set's columns (the error names the missing one)
                for (String col : cols) table.column(col);
                return DataPipeline.applyRaw(binding, input, null, stats);
            }
        }
        ArrayFiles.Raw raw = ArrayFiles.read(input);
        int width = cols.isEmpty() ? spec.sampleSize() : cols.size();
        if (raw.values().length != raw.rows() * width) {
            throw new UserError(input + ": " + width + " raw values per sample expected"
                    + (cols.isEmpty() ? "" : " (" + String.join(", ", cols) + ")") + ", the file has " + java.util.Arrays.toString(raw.shape()));
        }
        float[] f = new float[raw.values().length];
        for (int i = 0; i < f.length; i++) f[i] = (float) raw.values()[i];
        return DataPipeline.applyRaw(binding, null, Tensor.of(f, raw.rows(), width), stats);
    }
}
