package nnc.runtime.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Rng;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.Dataset;

/**
 * The training loop (Keras {@code fit}, {@code evaluate}, {@code predict}) over a {@link TrainableNetwork}.
 *
 * <p>Semantics (CONVENTIONS.md): an epoch visits every training sample once in mini-batches of
 * {@code batchSize}, the last one possibly smaller; with {@code shuffle} the order is a fresh seeded
 * permutation each epoch. {@code validationSplit} holds out the last rows before shuffling. The
 * reported training loss and metrics of an epoch accumulate over its mini-batches as they were trained
 * (dropout active), each batch weighted by its number of samples, as Keras 3's trackers do; validation
 * runs in inference mode. The same seed, data and thread count give bit-identical weights: shuffling
 * uses {@code Rng.derive(seed, "shuffle")} and the network is seeded with {@code Rng.derive(seed, "network")}.
 *
 * <p>Weights are not initialised here: call {@link Initializers#initialize} (or load a weights file) first.
 */
public final class Trainer {
    private Trainer() {}

    /** Trains {@code network} on {@code data} and returns the per-epoch history. */
    public static History fit(TrainableNetwork network, Optimizer optimizer, TrainConfig config, Dataset data) {
        checkData(network, data, true);
        Dataset train = data, val = config.validationData();
        if (val == null && config.validationSplit() > 0) {
            Dataset[] split = data.splitLast(config.validationSplit());
            train = split[0];
            val = split[1];
        }
        if (val != null) checkData(network, val, true);
        if (train.size() == 0) throw new IllegalArgumentException("no training samples");
        checkMonitors(network, config, val != null);
        ensureCapacity(network, config.batchSize());
        network.seed(Rng.derive(config.seed(), "network"));
        Rng shuffleRng = new Rng(Rng.derive(config.seed(), "shuffle"));

        ProgressLine progress = config.verbose() == 0 ? null
                : new ProgressLine(config.out(), config.verbose() == 1 && ProgressLine.isTerminal());
        TrainingContext context = new TrainingContext(network, optimizer, line -> {
            if (progress != null) progress.message(line);
        });
        History history = new History();
        List<Parameter> params = network.parameters();
        BatchBuffer buffer = new BatchBuffer(train, config.batchSize(), true);
        List<Metric> metrics = metrics(network, config.metrics());
        int n = train.size();
        int steps = (n + config.batchSize() - 1) / config.batchSize();
        int[] order = new int[n];

        for (Callback c : config.callbacks()) c.onTrainBegin(context);
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            if (progress != null) progress.epochBegin(epoch, config.epochs());
            long start = System.nanoTime();
            for (int k = 0; k < n; k++) order[k] = k;
            if (config.shuffle()) shuffleRng.shuffle(order);
            for (Metric m : metrics) m.reset();
            double lossSum = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * config.batchSize(), to = Math.min(n, from + config.batchSize());
                Batch batch = buffer.fill(train, order, from, to);
                network.forward(batch, Mode.TRAIN);
                float loss = network.loss(batch);
                network.backward(batch);
                optimizer.step(params);
                lossSum += (double) loss * batch.size();
                updateMetrics(network, metrics, batch);
                if (progress != null && progress.live()) {
                    Map<String, Double> partial = logs(lossSum / to, metrics, "");
                    progress.batchEnd(step + 1, steps, (System.nanoTime() - start) * 1e-9, partial);
                }
            }
            Map<String, Double> logs = logs(lossSum / n, metrics, "");
            if (val != null) logs.putAll(evaluate(network, val, config.batchSize(), config.metrics()).prefixed("val_"));
            for (Callback c : config.callbacks()) c.onEpochEnd(epoch, logs, context);
            history.append(logs);
            if (progress != null) progress.epochEnd(steps, (System.nanoTime() - start) * 1e-9, logs);
            if (context.stopRequested()) break;
        }
        for (Callback c : config.callbacks()) c.onTrainEnd(context);
        if (config.verbose() > 0) {
            for (Metric m : metrics) if (!m.scalar()) config.out().print(m.report()); // e.g. confusion_matrix of the last epoch
        }
        return history;
    }

    /** Loss and metrics of {@code network} on {@code data} in inference mode, sample-weighted over batches. */
    public static Evaluation evaluate(TrainableNetwork network, Dataset data, int batchSize, List<String> metricNames) {
        checkData(network, data, true);
        if (data.size() == 0) throw new IllegalArgumentException("no samples to evaluate");
        ensureCapacity(network, batchSize);
        BatchBuffer buffer = new BatchBuffer(data, batchSize, true);
        List<Metric> metrics = metrics(network, metricNames);
        double lossSum = 0;
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            Batch batch = buffer.fill(data, null, from, Math.min(n, from + batchSize));
            network.forward(batch, Mode.INFER);
            lossSum += (double) network.loss(batch) * batch.size();
            updateMetrics(network, metrics, batch);
        }
        return new Evaluation(logs(lossSum / n, metrics, ""), metrics);
    }

    /** Outputs of {@code network} for all rows of {@code inputs} (inference mode), one exact-size tensor per output. */
    public static List<Tensor> predict(TrainableNetwork network, List<Tensor> inputs, int batchSize) {
        Dataset data = new Dataset(inputs, List.of());
        checkData(network, data, false);
        ensureCapacity(network, batchSize);
        BatchBuffer buffer = new BatchBuffer(data, batchSize, false);
        int n = data.size();
        List<Tensor> outs = new ArrayList<>();
        for (TensorSpec s : network.outputs()) {
            int[] shape = new int[s.shape().length + 1];
            shape[0] = n;
            System.arraycopy(s.shape(), 0, shape, 1, s.shape().length);
            outs.add(Tensor.zeros(s.dtype(), shape));
        }
        for (int from = 0; from < n; from += batchSize) {
            Batch batch = buffer.fill(data, null, from, Math.min(n, from + batchSize));
            network.forward(batch, Mode.INFER);
            for (int k = 0; k < outs.size(); k++) {
                Tensor o = network.output(k), dst = outs.get(k);
                int w = dst.sampleSize();
                if (o.dtype() == nnc.runtime.DType.F32) System.arraycopy(o.floats(), 0, dst.floats(), from * w, batch.size() * w);
                else System.arraycopy(o.ints(), 0, dst.ints(), from * w, batch.size() * w);
            }
        }
        return outs;
    }

    /**
     * One deterministic forward and backward pass ({@link Mode#GRADIENT}: no dropout or noise) on the
     * whole batch: what {@code nnc gradients} writes.
     */
    public static GradientResult lossAndGradients(TrainableNetwork network, Batch batch) {
        ensureCapacity(network, batch.size());
        network.forward(batch, Mode.GRADIENT);
        float loss = network.loss(batch);
        network.backward(batch);
        List<Tensor> outs = new ArrayList<>();
        for (int k = 0; k < network.outputs().size(); k++) outs.add(network.output(k).rows(0, batch.size()));
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            if (p.trainable()) grads.put(p.name(), Tensor.of(p.grad.clone(), p.shape()));
        }
        return new GradientResult(loss, outs, grads, network.outputs());
    }

    private static void ensureCapacity(TrainableNetwork network, int n) {
        if (network.batchCapacity() < n) network.setBatchCapacity(n);
    }

    private static List<Metric> metrics(TrainableNetwork network, List<String> names) {
        List<Metric> list = new ArrayList<>();
        int outputs = network.outputs().size();
        for (int o = 0; o < outputs; o++) {
            for (String name : names) {
                Metric m = Metrics.byName(name);
                list.add(outputs == 1 ? m : new OutputMetric(m, o, network.outputs().get(o).name()));
            }
        }
        return list;
    }

    private static void updateMetrics(TrainableNetwork network, List<Metric> metrics, Batch batch) {
        int outputs = network.outputs().size();
        for (Metric m : metrics) {
            int o = m instanceof OutputMetric om ? om.output : 0;
            if (outputs >= 1) m.update(batch.target(o), network.output(o), batch.size());
        }
    }

    private static Map<String, Double> logs(double loss, List<Metric> metrics, String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", loss);
        for (Metric m : metrics) if (m.scalar()) logs.put(prefix + m.name(), m.result());
        return logs;
    }

    /** Fails before training when a callback monitors a key that will never be logged. */
    private static void checkMonitors(TrainableNetwork network, TrainConfig config, boolean validation) {
        List<String> keys = new ArrayList<>();
        keys.add("loss");
        for (Metric m : metrics(network, config.metrics())) if (m.scalar()) keys.add(m.name());
        if (validation) for (String k : List.copyOf(keys)) keys.add("val_" + k);
        for (Callback c : config.callbacks()) {
            String m = c.monitor();
            if (m != null && !keys.contains(m)) {
                String why = m.startsWith("val_") && !validation ? " (there is no validation data: set validation_split or validation_data)" : "";
                throw new IllegalArgumentException("a callback monitors '" + m + "', which training does not compute" + why
                        + "; available: " + String.join(", ", keys));
            }
        }
    }

    private static void checkData(TrainableNetwork network, Dataset data, boolean needTargets) {
        List<TensorSpec> in = network.inputs(), out = network.outputs();
        if (data.inputs().size() != in.size()) {
            throw new IllegalArgumentException("the model has " + in.size() + " inputs, the data " + data.inputs().size());
        }
        for (int k = 0; k < in.size(); k++) {
            Tensor t = data.inputs().get(k);
            if (t.sampleSize() != in.get(k).sampleSize() || t.dtype() != in.get(k).dtype()) {
                throw new IllegalArgumentException("input '" + in.get(k).name() + "' expects " + in.get(k) + " per sample, the data has " + t);
            }
        }
        if (needTargets && data.targets().size() != out.size()) {
            throw new IllegalArgumentException("the model has " + out.size() + " outputs, the data " + data.targets().size() + " targets");
        }
    }

    /** A metric bound to output {@code output} of a multi-output model, named {@code OUTPUT_metric}. */
    private static final class OutputMetric implements Metric {
        final Metric inner;
        final int output;
        final String prefix;

        OutputMetric(Metric inner, int output, String prefix) {
            this.inner = inner;
            this.output = output;
            this.prefix = prefix;
        }

        public String name() { return prefix + "_" + inner.name(); }
        public void reset() { inner.reset(); }
        public void update(nnc.runtime.Tensor y, nnc.runtime.Tensor p, int rows) { inner.update(y, p, rows); }
        public double result() { return inner.result(); }
        public boolean scalar() { return inner.scalar(); }
        public String report() { return prefix + " " + inner.report(); }
    }
}
