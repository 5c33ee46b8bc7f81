package nnc.runtime;

/**
 * How a {@link TrainableNetwork#forward forward} pass runs.
 */
public enum Mode {
    /** Training step: dropout and noise layers are active; activations are cached for {@code backward}. */
    TRAIN,
    /**
     * Deterministic pass that still caches activations for {@code backward}: dropout and noise are
     * switched off (as in inference). Used by {@code nnc gradients} and gradient checking.
     */
    GRADIENT,
    /** Inference: dropout and noise off, nothing cached for backward; batchnorm uses moving statistics. */
    INFER;

    /** Whether stochastic layers (dropout, gaussian noise) are active in this mode. */
    public boolean stochastic() {
        return this == TRAIN;
    }

    /** Whether the pass must keep what {@code backward} needs. */
    public boolean cachesForBackward() {
        return this != INFER;
    }
}
