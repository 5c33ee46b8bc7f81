package nnc.runtime.kernels;

/**
 * The elementwise activations of the {@code .nn} language (Keras 3 semantics).
 *
 * <p>{@code LEAKY_RELU} and {@code ELU} take a parameter {@code alpha} (the negative slope,
 * resp. the saturation value); the others ignore it. {@code GELU} is the exact (erf) form,
 * Keras 3's default {@code approximate=False}. {@code HARD_SIGMOID} is Keras 3's
 * {@code relu6(x + 3) / 6}. {@code STEP} is the Heaviside function (1 for {@code x >= 0},
 * else 0) with zero gradient.
 */
public enum Activation {
    LINEAR, RELU, LEAKY_RELU, ELU, SELU, GELU, SIGMOID, HARD_SIGMOID, TANH, SOFTPLUS, SOFTSIGN, STEP;

    /** SELU constants (Klambauer et al. 2017, as in Keras). */
    public static final float SELU_ALPHA = 1.6732632423543772f;
    public static final float SELU_SCALE = 1.0507009873554805f;

    /**
     * Whether {@link Activations#backwardFromOutput} can compute this derivative from the
     * activation's output alone (true for all but GELU), so callers need not keep the input.
     */
    public boolean derivativeFromOutput() {
        return this != GELU;
    }
}
