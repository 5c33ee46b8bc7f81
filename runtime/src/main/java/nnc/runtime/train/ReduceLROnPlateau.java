package nnc.runtime.train;

import java.util.Map;

/**
 * Keras 3 {@code ReduceLROnPlateau}: when {@code monitor} has not improved (by {@code min_delta}) for
 * {@code patience} epochs, the learning rate is multiplied by {@code factor} (not below {@code min_lr}),
 * then {@code cooldown} epochs pass before counting again. Adds {@code learning_rate} to the logs.
 */
public final class ReduceLROnPlateau implements Callback {
    private final String monitor;
    private final double factor;
    private final int patience;
    private final boolean maximise;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private final int verbose;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** Keras defaults: {@code monitor = val_loss, factor = 0.1, patience = 10, mode = auto, min_delta = 1e-4, cooldown = 0, min_lr = 0}. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10, "auto", 1e-4, 0, 0);
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience, String mode, double minDelta, int cooldown, double minLr) {
        this(monitor, factor, patience, mode, minDelta, cooldown, minLr, 1);
    }

    /** With Keras' {@code verbose}: 0 silent, 1 announce each reduction. */
    public ReduceLROnPlateau(String monitor, double factor, int patience, String mode, double minDelta, int cooldown, double minLr,
                             int verbose) {
        this.verbose = verbose;
        if (factor >= 1) throw new IllegalArgumentException("reduce_on_plateau: factor must be < 1, got " + factor);
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.maximise = Monitor.maximise(monitor, mode);
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    @Override
    public String monitor() {
        return monitor;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        Optimizer opt = context.optimizer();
        logs.put("learning_rate", (double) opt.learningRate());
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalArgumentException("reduce_on_plateau monitors '" + monitor + "', which is not computed; available: "
                    + String.join(", ", logs.keySet()));
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        boolean better = maximise ? current > best + minDelta : current < best - minDelta;
        if (better) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience) {
                float old = opt.learningRate();
                if (old > (float) minLr) {
                    float lr = (float) Math.max(old * factor, minLr);
                    opt.setLearningRate(lr);
                    if (verbose > 0) context.message("Epoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + lr + ".");
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
