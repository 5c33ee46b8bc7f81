package nnc.runtime.train;

/**
 * Learning rate as a function of the optimizer step (Keras' {@code LearningRateSchedule}); the
 * step passed is {@link Optimizer#iterations()} before the update, i.e. 0 for the first step.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for the update that follows {@code step} completed steps. */
    double rate(long step);

    /** A constant rate. */
    static LearningRateSchedule constant(double lr) {
        return step -> lr;
    }

    /**
     * Keras {@code ExponentialDecay}: {@code initial * decay_rate ^ (step / decay_steps)}, with the
     * exponent floored when {@code staircase}.
     */
    static LearningRateSchedule exponentialDecay(double initial, long decaySteps, double decayRate, boolean staircase) {
        if (decaySteps <= 0) throw new IllegalArgumentException("decay_steps must be positive");
        return step -> {
            double p = (double) step / decaySteps;
            if (staircase) p = Math.floor(p);
            return initial * Math.pow(decayRate, p);
        };
    }
}
