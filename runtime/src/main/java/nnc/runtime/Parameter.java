package nnc.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * One parameter tensor of a network, in its Keras 3 name and layout (CONVENTIONS.md), e.g.
 * {@code dense_1.kernel: [20, 3]}.
 *
 * <p>{@link #value} and {@link #grad} are the network's own arrays (the generated code reads and
 * writes them directly); the runtime's optimizers update {@code value} in place from {@code grad}.
 * Both are row-major with {@link #size()} elements. {@code grad} is {@code null} for non-trainable
 * parameters (e.g. batchnorm moving statistics).
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final boolean trainable;
    /** Current values; updated in place by optimizers and weight loading. */
    public final float[] value;
    /** Gradient of the batch loss (including this parameter's regularizer penalty); null if not trainable. */
    public final float[] grad;
    private final Regularizer regularizer;
    private final Initializer initializer;

    /**
     * @param name        Keras-style name {@code LAYER.PARAM} (nested models: {@code encoder.dense.kernel})
     * @param shape       Keras layout
     * @param trainable   whether optimizers update it (and {@code grad} exists)
     * @param value       value array (length = product of shape); used as is, not copied
     * @param grad        gradient array of the same length, or null when not trainable
     * @param regularizer penalty on this parameter ({@link Regularizer#NONE} for none; null means none)
     * @param initializer how {@code value} is initialised (null: left as is)
     */
    public Parameter(String name, int[] shape, boolean trainable, float[] value, float[] grad,
                     Regularizer regularizer, Initializer initializer) {
        this.name = Objects.requireNonNull(name);
        this.shape = shape.clone();
        this.trainable = trainable;
        this.value = Objects.requireNonNull(value);
        this.grad = grad;
        this.regularizer = regularizer == null ? Regularizer.NONE : regularizer;
        this.initializer = initializer;
        int n = Tensor.count(shape);
        if (value.length != n) {
            throw new IllegalArgumentException(name + ": value has " + value.length + " elements, shape " + Arrays.toString(shape) + " needs " + n);
        }
        if (trainable && (grad == null || grad.length != n)) {
            throw new IllegalArgumentException(name + ": a trainable parameter needs a gradient array of " + n + " elements");
        }
    }

    /** A trainable parameter with fresh zeroed value and gradient arrays. */
    public static Parameter trainable(String name, int[] shape, Initializer init, Regularizer reg) {
        int n = Tensor.count(shape);
        return new Parameter(name, shape, true, new float[n], new float[n], reg, init);
    }

    /** A non-trainable parameter (no gradient) with a fresh zeroed value array. */
    public static Parameter frozen(String name, int[] shape, Initializer init) {
        return new Parameter(name, shape, false, new float[Tensor.count(shape)], null, Regularizer.NONE, init);
    }

    public String name() {
        return name;
    }

    /** Keras-layout shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public boolean trainable() {
        return trainable;
    }

    public Regularizer regularizer() {
        return regularizer;
    }

    /** The initializer, or null when the value is set by other means. */
    public Initializer initializer() {
        return initializer;
    }

    /** Number of elements. */
    public int size() {
        return value.length;
    }

    /** The value as a tensor viewing {@link #value} (not copied). */
    public Tensor valueTensor() {
        return Tensor.of(value, shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (trainable ? "" : " (non-trainable)");
    }
}
