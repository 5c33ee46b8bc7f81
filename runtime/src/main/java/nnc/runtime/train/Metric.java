package nnc.runtime.train;

import nnc.runtime.Tensor;

/**
 * A streaming metric (Keras 3 semantics): {@link #update} with each batch, {@link #result} over all
 * samples seen since {@link #reset}. Factories: {@link Metrics}.
 */
public interface Metric {
    /** Keras name as shown in the progress line and history ({@code accuracy}, {@code mse}, …). */
    String name();

    /** Forgets all accumulated state. */
    void reset();

    /** Accumulates rows {@code [0, rows)} of a batch. */
    void update(Tensor yTrue, Tensor yPred, int rows);

    /** The value over everything accumulated (0 when nothing was). */
    double result();

    /** Whether the metric is a single number shown per epoch (false for {@code confusion_matrix}). */
    default boolean scalar() {
        return true;
    }

    /** A multi-line text form for non-scalar metrics; the number otherwise. */
    default String report() {
        return name() + ": " + result();
    }
}
