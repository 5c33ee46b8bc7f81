package nnc.runtime;

import java.util.Arrays;

/**
 * A dense, row-major (C order) array of {@code float} or {@code int} with a fixed shape.
 *
 * <p>Tensors that travel through a network are batch-leading: {@code shape[0]} is the batch
 * dimension and the rest is the per-sample shape of a {@link TensorSpec}. The shape is immutable;
 * the data array is exposed without copying (the runtime avoids allocation in the training loop), so
 * callers that keep a tensor must not assume someone else will not overwrite it.
 *
 * <p>Exactly one of {@link #floats()} / {@link #ints()} is available, according to {@link #dtype()}.
 * The data array may be longer than {@link #size()} (a buffer reused for smaller batches); only the
 * first {@code size()} elements are meaningful.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final float[] f;
    private final int[] i;

    private Tensor(DType dtype, int[] shape, float[] f, int[] i) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.f = f;
        this.i = i;
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        int len = f != null ? f.length : i.length;
        if (n > len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " elements, data has " + len);
        }
    }

    /** A float tensor viewing {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(DType.F32, shape, data, null);
    }

    /** An int tensor viewing {@code data} (not copied) with the given shape. */
    public static Tensor of(int[] data, int... shape) {
        return new Tensor(DType.I32, shape, null, data);
    }

    /** A zero-filled tensor of the given type and shape. */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = count(shape);
        return dtype == DType.F32 ? of(new float[n], shape) : of(new int[n], shape);
    }

    /** A scalar float tensor (shape {@code []}). */
    public static Tensor scalar(float v) {
        return of(new float[] {v});
    }

    /** Product of the dimensions. */
    public static int count(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements ({@code product(shape)}). */
    public int size() {
        return count(shape);
    }

    /** The leading (batch) dimension; 1 for a scalar. */
    public int batch() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Elements per leading index ({@code size() / batch()}). */
    public int sampleSize() {
        int n = 1;
        for (int k = 1; k < shape.length; k++) n *= shape[k];
        return n;
    }

    /** The float data (not a copy). @throws IllegalStateException for an int tensor */
    public float[] floats() {
        if (f == null) throw new IllegalStateException("int tensor has no float data");
        return f;
    }

    /** The int data (not a copy). @throws IllegalStateException for a float tensor */
    public int[] ints() {
        if (i == null) throw new IllegalStateException("float tensor has no int data");
        return i;
    }

    /** Element {@code k} of the flat data as a float (int tensors are converted). */
    public float getFloat(int k) {
        return f != null ? f[k] : i[k];
    }

    /** The same data with another shape of the same (or smaller) element count. */
    public Tensor reshape(int... newShape) {
        if (count(newShape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(dtype, newShape, f, i);
    }

    /** A copy of leading rows {@code [from, to)} as a new tensor with exactly that many rows. */
    public Tensor rows(int from, int to) {
        int s = sampleSize();
        int[] ns = shape.clone();
        ns[0] = to - from;
        return f != null ? of(Arrays.copyOfRange(f, from * s, to * s), ns) : of(Arrays.copyOfRange(i, from * s, to * s), ns);
    }

    /** A copy of the rows listed in {@code index}, in that order. */
    public Tensor gather(int[] index) {
        int s = sampleSize();
        int[] ns = shape.clone();
        ns[0] = index.length;
        Tensor out = zeros(dtype, ns);
        for (int r = 0; r < index.length; r++) {
            if (f != null) System.arraycopy(f, index[r] * s, out.f, r * s, s);
            else System.arraycopy(i, index[r] * s, out.i, r * s, s);
        }
        return out;
    }

    /** A deep copy with an exactly sized data array. */
    public Tensor copy() {
        int n = size();
        return f != null ? of(Arrays.copyOf(f, n), shape) : of(Arrays.copyOf(i, n), shape);
    }

    /** The data converted to float (a copy for int tensors, the exact-size prefix otherwise). */
    public float[] toFloatArray() {
        int n = size();
        if (f != null) return Arrays.copyOf(f, n);
        float[] out = new float[n];
        for (int k = 0; k < n; k++) out[k] = i[k];
        return out;
    }

    /** Same dtype, shape and the first {@code size()} elements bit-identical. */
    public boolean contentEquals(Tensor o) {
        if (o.dtype != dtype || !Arrays.equals(o.shape, shape)) return false;
        int n = size();
        if (f != null) {
            for (int k = 0; k < n; k++) if (Float.floatToIntBits(f[k]) != Float.floatToIntBits(o.f[k])) return false;
            return true;
        }
        return Arrays.equals(i, 0, n, o.i, 0, n);
    }

    @Override
    public String toString() {
        return (dtype == DType.F32 ? "f32" : "i32") + Arrays.toString(shape);
    }
}
