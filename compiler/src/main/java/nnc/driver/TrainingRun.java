package nnc.driver;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.CheckedData;
import nnc.check.CheckedModel;
import nnc.check.Shape;
import nnc.check.TrainSpec;
import nnc.runtime.Tensor;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.DataState;
import nnc.runtime.data.Dataset;
import nnc.runtime.io.Weights;
import nnc.runtime.train.History;
import nnc.runtime.train.HistoryPlot;
import nnc.runtime.train.Initializers;
import nnc.runtime.train.Optimizer;
import nnc.runtime.train.StepWarmup;
import nnc.runtime.train.TrainConfig;
import nnc.runtime.train.Trainer;

/**
 * {@code nnc train}: check the program, load and preprocess its data, compile the model, fit it as
 * the train block says (command-line overrides applied) and write the weights with the data
 * statistics, atomically (a crash or an interrupt leaves the previous file, never a partial one).
 */
public final class TrainingRun {
    private TrainingRun() {}

    /** The command's options; null fields take the program's values or the defaults. */
    public record Options(Path file, String model, Integer epochs, Integer batchSize, Long seed, Path weightsOut,
                          Path plot, boolean quiet) {}

    /**
     * What a training run produced (for tests and benchmarks): {@code setupSeconds} is the time
     * before the first epoch (front end, data, code generation, the JIT warm-ups),
     * {@code trainSeconds} the training loop itself.
     */
    /** {@code trainData}: the training part of the data as the model saw it (preprocessed). */
    public record Result(TrainableNetwork network, History history, Path weights, double setupSeconds, double trainSeconds,
                         Dataset trainData) {}

    public static int train(Options o, PrintWriter out, PrintWriter err) throws IOException {
        Result r = run(o, out);
        out.println("weights written to " + r.weights());
        out.flush();
        return 0;
    }

    /**
     * At most this long, training waits for the kernels' JIT warm-up still running when the
     * front end is done (see {@link nnc.runtime.compiled.Warmup#awaitDone}). On iris here the
     * warm-up, compilations included, ends 0.35-0.6 s after the front end; a training that
     * started instead ran its first ten epochs at 1-4 ms a step rather than 0.3 ms.
     */
    static final long WARMUP_WAIT_MS = 1500;

    /** The whole run; throws {@link UserError} for bad input. */
    public static Result run(Options o, PrintWriter out) throws IOException {
        long start = System.nanoTime();
        nnc.runtime.compiled.Warmup.start();   // the kernels compile while the front end works
        Session s = Session.load(o.file());
        CheckedModel model = s.model(o.model());
        TrainSpec spec = s.train(model);
        Path weights = o.weightsOut() != null ? o.weightsOut() : s.defaultWeights();
        Session.checkWritable(weights);
        if (o.plot() != null) Session.checkWritable(o.plot());

        Prepared p = prepare(s, model, spec, null);
        ModelCompiler.Compiled c = ModelCompiler.compile(s.program(), model, Session.lossName(spec), Session.huberDelta(spec),
                p.targetShapes());
        TrainingSetup.Overrides ov = new TrainingSetup.Overrides(o.epochs(), o.batchSize(), o.seed());
        PrintStream progress = new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
        TrainConfig cfg = TrainingSetup.config(spec, ov, p.validation(), progress, o.quiet() ? 0 : spec.verbose());
        Initializers.initialize(c.parameters(), cfg.seed());
        Optimizer opt = TrainingSetup.optimizer(spec.optimizer());

        warmUp(c, spec, p.train(), cfg);
        long t0 = System.nanoTime();
        History h;
        try {
            h = Trainer.fit(c.network(), opt, cfg, p.train());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        double secs = (System.nanoTime() - t0) * 1e-9;
        progress.flush();

        Map<String, String> meta = new LinkedHashMap<>(p.state().metadata());
        meta.put("format", "nnc");
        meta.put("model", model.name());
        meta.put("source", s.file().getFileName().toString());
        Weights.save(weights, c.parameters(), p.state().tensors(), meta);
        if (o.plot() != null) HistoryPlot.write(h, o.plot());
        return new Result(c.network(), h, weights, (t0 - start) * 1e-9, secs, p.train());
    }

    /**
     * Gets the JIT to compile what the training will run before its first step: waits for the
     * kernels' warm-up (started with the run, {@link nnc.runtime.compiled.Warmup}), then
     * rehearses the training on a throwaway instance of the model ({@link StepWarmup}). Only
     * time is at stake: the real network, its optimizer and its random streams are not touched.
     */
    static void warmUp(ModelCompiler.Compiled c, TrainSpec spec, Dataset train, TrainConfig cfg) {
        nnc.runtime.compiled.Warmup.awaitDone(WARMUP_WAIT_MS);
        if (c.generated() == null || !nnc.runtime.compiled.Warmup.enabled()) return;
        try {
            TrainableNetwork scratch = c.generated().newInstance();
            Initializers.initialize(scratch.parameters(), cfg.seed());
            StepWarmup.rehearse(scratch, TrainingSetup.optimizer(spec.optimizer()), train, cfg, StepWarmup.STEPS,
                    StepWarmup.BUDGET_MILLIS);
        } catch (RuntimeException e) {
            // only time is at stake; the training itself reports whatever is wrong
        }
    }

    /** A train block's data, ready for the network: training set, validation set, statistics, target shapes. */
    public record Prepared(Dataset train, Dataset validation, DataState state, List<Shape> targetShapes) {}

    /**
     * Loads the data of {@code spec} in the order {@code model} needs it; with {@code stats} given the
     * statistics are applied rather than fitted (evaluate, and validation data always uses the training ones).
     */
    public static Prepared prepare(Session s, CheckedModel model, TrainSpec spec, DataState stats) {
        CheckedData data = s.data(spec.data());
        List<String> inputs = new ArrayList<>();
        for (var in : model.inputs()) {
            String b = spec.inputBindings().get(in.name());
            if (b == null) throw new UserError("data " + data.name() + " has no binding for the model input '" + in.name() + "'");
            inputs.add(b);
        }
        List<String> targets = List.of(spec.target());
        List<Shape> targetShapes = new ArrayList<>();
        for (String t : targets) {
            targetShapes.add(data.binding(t).orElseThrow(() -> new UserError("data " + data.name() + " has no binding '" + t + "'"))
                    .shape());
        }
        double split = spec.validationData() != null ? 0 : spec.validationSplit();
        DataPipeline.Prepared main = DataPipeline.load(data, inputs, targets, split, stats);
        Dataset val = null;
        if (spec.validationData() != null) {
            CheckedData vd = s.data(spec.validationData());
            val = DataPipeline.load(vd, inputs, targets, 0, main.state()).dataset();
        }
        return new Prepared(main.dataset(), val, main.state(), targetShapes);
    }
}
