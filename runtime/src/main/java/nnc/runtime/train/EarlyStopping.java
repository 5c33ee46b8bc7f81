package nnc.runtime.train;

import java.util.List;
import java.util.Map;

/**
 * Keras 3 {@code EarlyStopping}: stops when {@code monitor} has not improved by more than
 * {@code min_delta} for {@code patience} epochs; with {@code restore_best_weights} the weights of the
 * best epoch are put back when training ends (also when it ran all its epochs).
 *
 * <p>An epoch improves when {@code current - min_delta > best} (maximising) or
 * {@code current + min_delta < best} (minimising). The counter {@code wait} is incremented every epoch
 * and reset on improvement (when a {@code baseline} is set, only on an improvement that also beats the
 * baseline); training stops once {@code wait >= patience} (never after the first epoch). Epochs before
 * {@code start_from_epoch} are ignored. With {@code verbose > 0} the stop and the restore are announced
 * ({@code Epoch 12: early stopping}), as in Keras, whose default is silent.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean maximise;
    private final boolean restoreBestWeights;
    private final Double baseline;
    private final int startFromEpoch;
    private final int verbose;
    private double best;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private List<float[]> bestWeights;

    /** Keras defaults: {@code monitor = val_loss, min_delta = 0, patience = 0, mode = auto, restore_best_weights = false}. */
    public EarlyStopping() {
        this("val_loss", 0, 0, "auto", false);
    }

    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights) {
        this(monitor, minDelta, patience, mode, restoreBestWeights, null, 0, 1);
    }

    /**
     * All of Keras' arguments.
     *
     * @param baseline       value the monitored quantity must beat for the patience counter to reset (null: none)
     * @param startFromEpoch number of initial epochs (warm-up) not looked at
     * @param verbose        0 silent, 1 announce the stop and the restore
     */
    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights,
                         Double baseline, int startFromEpoch, int verbose) {
        this.baseline = baseline;
        this.startFromEpoch = startFromEpoch;
        this.verbose = verbose;
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.maximise = Monitor.maximise(monitor, mode);
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public String monitor() {
        return monitor;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        stoppedEpoch = 0;
        bestEpoch = 0;
        bestWeights = null;
    }

    private boolean improves(double current, double reference) {
        return maximise ? current - minDelta > reference : current + minDelta < reference;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalArgumentException("early_stopping monitors '" + monitor + "', which is not computed; available: "
                    + String.join(", ", logs.keySet()));
        }
        if (epoch < startFromEpoch) return;
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = context.weights();
            bestEpoch = epoch;
        }
        wait++;
        if (improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) bestWeights = context.weights();
            if (baseline == null || improves(current, baseline)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            context.requestStop();
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (stoppedEpoch > 0 && verbose > 0) context.message("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) context.message("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            context.setWeights(bestWeights);
        }
    }

    /** The epoch (0-based) at which training was stopped, or 0 when it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (0-based) with the best monitored value. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
