package nnc.runtime;

/**
 * Fills a parameter's initial values. The standard ones (glorot_uniform, he_normal, orthogonal,
 * zeros, …) are in {@code nnc.runtime.train.Initializers}; fan-in/fan-out follow Keras:
 * for a kernel of shape {@code [..., in, out]}, {@code fan_in = in * receptive}, {@code fan_out = out * receptive}
 * with {@code receptive} the product of the leading dimensions.
 */
@FunctionalInterface
public interface Initializer {
    /**
     * Writes initial values into {@code w} (length = product of {@code shape}).
     *
     * @param w     the parameter's value array
     * @param shape the parameter's shape (Keras layout)
     * @param rng   the generator for this parameter (derived from the model seed and the parameter name)
     */
    void initialize(float[] w, int[] shape, Rng rng);
}
