package nnc.runtime.train;

import nnc.runtime.Tensor;

/**
 * A loss of LANGUAGE.md evaluated by the runtime (for metrics, evaluation and tests; generated
 * networks compute their own fused loss, which must agree with these definitions).
 *
 * <p>Reduction (Keras 3 {@code sum_over_batch_size}): the prediction is seen as vectors along its
 * last axis; each vector gets a loss (mean or sum over the last axis, as the loss defines), and the
 * result is the mean over all vectors of the valid rows. Sparse targets hold one class index per vector.
 * Factories and definitions: {@link Losses}.
 */
public interface Loss {
    /** Keras name, e.g. {@code categorical_crossentropy}. */
    String name();

    /** The mean loss over rows {@code [0, rows)}, accumulated in double precision. */
    double value(Tensor yTrue, Tensor yPred, int rows);

    /**
     * Writes the gradient of {@link #value} with respect to {@code yPred} into {@code grad} (same
     * layout as {@code yPred}; only the first {@code rows} rows are written). Where a clip is active the
     * gradient is 0, as for Keras' clip.
     */
    void gradient(Tensor yTrue, Tensor yPred, int rows, float[] grad);
}
