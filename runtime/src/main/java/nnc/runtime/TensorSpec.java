package nnc.runtime;

import java.util.Arrays;

/**
 * Name, per-sample shape and element type of a model input or output. The batch dimension is
 * never part of {@code shape}: a spec {@code x: [28, 28, 1]} describes batches of shape
 * {@code [n, 28, 28, 1]}.
 *
 * @param name  the input/output name as written in the {@code .nn} model (e.g. {@code x})
 * @param shape per-sample shape, batch dimension excluded (may be empty for a scalar per sample)
 * @param dtype element type
 */
public record TensorSpec(String name, int[] shape, DType dtype) {

    public TensorSpec {
        shape = shape.clone();
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("non-positive dimension in " + Arrays.toString(shape));
        }
    }

    /** Per-sample shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements in one sample (product of {@link #shape()}; 1 for a scalar). */
    public int sampleSize() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape) && t.dtype == dtype;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape) * 7 + dtype.hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + (dtype == DType.I32 ? "int" : "") + Arrays.toString(shape);
    }
}
