package nnc.runtime.train;

import java.io.PrintStream;
import java.util.List;
import nnc.runtime.data.Dataset;

/**
 * The settings of a {@code train} block (Keras {@code compile} + {@code fit}) that the training loop
 * itself uses. Defaults as Keras' {@code fit}: one epoch, batch size 32, shuffling, no validation.
 *
 * @param epochs          number of passes over the training data
 * @param batchSize       samples per mini-batch (the last batch of an epoch may be smaller)
 * @param shuffle         reshuffle the training rows before every epoch
 * @param seed            seeds shuffling and the network's dropout/noise ({@code TrainableNetwork.seed})
 * @param validationSplit fraction of the LAST rows held out for validation, taken before shuffling (0: none)
 * @param validationData  explicit validation set (takes precedence over {@code validationSplit}); may be null
 * @param callbacks       e.g. {@link EarlyStopping}, {@link ReduceLROnPlateau}
 * @param metrics         metric names ({@link Metrics#byName}), computed on every output
 * @param verbose         0 silent, 1 progress bar (live on a terminal), 2 one line per epoch
 * @param out             where progress goes (usually {@code System.out})
 */
public record TrainConfig(int epochs, int batchSize, boolean shuffle, long seed, double validationSplit,
                          Dataset validationData, List<Callback> callbacks, List<String> metrics, int verbose,
                          PrintStream out) {
    public TrainConfig {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        if (validationSplit < 0 || validationSplit >= 1) {
            throw new IllegalArgumentException("validation_split must be in [0, 1), got " + validationSplit);
        }
        callbacks = List.copyOf(callbacks);
        metrics = List.copyOf(metrics);
        for (String m : metrics) Metrics.byName(m); // fail early on unknown names
    }

    /** Keras' defaults, silent. */
    public static TrainConfig defaults() {
        return new TrainConfig(1, 32, true, 0L, 0.0, null, List.of(), List.of(), 0, System.out);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, shuffle, seed, validationSplit, validationData, callbacks, metrics, verbose, out);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(epochs, b, shuffle, seed, validationSplit, validationData, callbacks, metrics, verbose, out);
    }

    public TrainConfig withShuffle(boolean s) {
        return new TrainConfig(epochs, batchSize, s, seed, validationSplit, validationData, callbacks, metrics, verbose, out);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, shuffle, s, validationSplit, validationData, callbacks, metrics, verbose, out);
    }

    public TrainConfig withValidationSplit(double f) {
        return new TrainConfig(epochs, batchSize, shuffle, seed, f, validationData, callbacks, metrics, verbose, out);
    }

    public TrainConfig withValidationData(Dataset d) {
        return new TrainConfig(epochs, batchSize, shuffle, seed, validationSplit, d, callbacks, metrics, verbose, out);
    }

    public TrainConfig withCallbacks(List<Callback> c) {
        return new TrainConfig(epochs, batchSize, shuffle, seed, validationSplit, validationData, c, metrics, verbose, out);
    }

    public TrainConfig withMetrics(List<String> m) {
        return new TrainConfig(epochs, batchSize, shuffle, seed, validationSplit, validationData, callbacks, m, verbose, out);
    }

    public TrainConfig withVerbose(int v, PrintStream o) {
        return new TrainConfig(epochs, batchSize, shuffle, seed, validationSplit, validationData, callbacks, metrics, v, o);
    }
}
