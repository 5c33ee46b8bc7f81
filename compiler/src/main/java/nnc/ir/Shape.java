package nnc.ir;

import java.util.Arrays;

/**
 * Static shape of an IR value. Every dimension is a known positive size, except that the
 * leading dimension may be {@link #BATCH}: the batch size, which is only known at run
 * time (at most the batch capacity the compiled model was sized for). No other dimension
 * may be symbolic; this keeps memory planning static (DeepDSL style).
 */
public final class Shape {
    /** The symbolic batch dimension; allowed only as dimension 0. */
    public static final int BATCH = -1;

    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;

    private Shape(int[] dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == BATCH ? i != 0 : dims[i] < 1) {
                throw new IllegalArgumentException("bad shape " + Arrays.toString(dims)
                        + ": sizes are positive and only dimension 0 may be the batch");
            }
        }
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** A shape with the symbolic batch dimension first, then the given per-sample dims. */
    public static Shape batched(int... perSample) {
        int[] d = new int[perSample.length + 1];
        d[0] = BATCH;
        System.arraycopy(perSample, 0, d, 1, perSample.length);
        return new Shape(d);
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end as in Python. */
    public int dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    public int[] dims() {
        return dims.clone();
    }

    public boolean isBatched() {
        return dims.length > 0 && dims[0] == BATCH;
    }

    /** Product of the non-batch dimensions (1 for a scalar). */
    public int perSample() {
        int n = 1;
        for (int d : dims) if (d != BATCH) n *= d;
        return n;
    }

    /** Element count when the batch dimension has size {@code batch}. */
    public int elements(int batch) {
        return isBatched() ? perSample() * batch : perSample();
    }

    /** Product of dims[from..to). The batch dim counts as {@code batch}. */
    public int product(int from, int to, int batch) {
        int n = 1;
        for (int i = from; i < to; i++) n *= dims[i] == BATCH ? batch : dims[i];
        return n;
    }

    /** Normalises a possibly negative axis; throws for an axis out of range. */
    public int axis(int a) {
        int r = a < 0 ? dims.length + a : a;
        if (r < 0 || r >= dims.length) {
            throw new IllegalArgumentException("axis " + a + " out of range for " + this);
        }
        return r;
    }

    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    public Shape dropAxis(int axis) {
        int a = axis(axis);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) if (i != a) d[j++] = dims[i];
        return new Shape(d);
    }

    public Shape append(int size) {
        int[] d = Arrays.copyOf(dims, dims.length + 1);
        d[dims.length] = size;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Text form: {@code [N, 4]}, where {@code N} is the batch dimension. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == BATCH ? "N" : Integer.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
