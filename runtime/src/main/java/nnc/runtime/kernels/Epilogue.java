package nnc.runtime.kernels;

/**
 * Activation applied by a fused GEMM epilogue while the output tile is still in registers:
 * {@code C = act(alpha * op(A) op(B) + beta * C + bias[col])}.
 *
 * <p>The derivative is expressed through the activation's <em>output</em> {@code y}
 * (relu: {@code y > 0}, sigmoid: {@code y (1 - y)}, tanh: {@code 1 - y^2}), so the backward
 * pass needs only the stored forward output, not the pre-activation value.
 */
public enum Epilogue {
    /** {@code f(x) = x}. */
    IDENTITY,
    /** {@code f(x) = max(x, 0)}. */
    RELU,
    /** {@code f(x) = 1 / (1 + e^-x)}. */
    SIGMOID,
    /** {@code f(x) = tanh(x)}. */
    TANH;

    /** Applies the activation to one value (the scalar reference used by every path). */
    public float apply(float x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> x > 0f ? x : 0f;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
        };
    }

    /** The derivative {@code f'(x)} expressed through the output {@code y = f(x)}. */
    public float derivativeFromOutput(float y) {
        return switch (this) {
            case IDENTITY -> 1f;
            case RELU -> y > 0f ? 1f : 0f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
        };
    }
}
