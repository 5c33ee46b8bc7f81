package nnc.runtime.train;

import java.util.List;
import nnc.runtime.Parameter;

/**
 * Updates parameters from their gradients, one step per mini-batch (Keras 3 update rules,
 * CONVENTIONS.md). Implementations keep per-parameter slot state (momenta, accumulators) keyed by
 * position in the list, so {@link #step} must always receive the same list in the same order.
 * Non-trainable parameters are skipped. Factories: {@link Optimizers}.
 */
public interface Optimizer {
    /**
     * Applies one update to every trainable parameter: reads {@link Parameter#grad}, writes
     * {@link Parameter#value}, then increments {@link #iterations()}.
     */
    void step(List<Parameter> parameters);

    /** Number of steps taken so far (Keras' {@code optimizer.iterations}); the next step is {@code t = iterations() + 1}. */
    long iterations();

    /** The learning rate the next step will use (after any schedule). */
    float learningRate();

    /**
     * Sets the base learning rate (used by {@code ReduceLROnPlateau}); with a schedule this replaces
     * the schedule's initial rate.
     */
    void setLearningRate(float lr);

    /** Keras name: {@code sgd}, {@code adam}, … */
    String name();

    /** Forgets all slot state and the iteration count (a fresh optimizer). */
    void reset();
}
