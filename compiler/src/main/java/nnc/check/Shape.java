package nnc.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The static shape of one sample: the batch dimension is never part of it (it is always the leading,
 * dynamic one). {@code dims} holds positive sizes; a data binding of a single scalar per sample has no dims.
 */
public record Shape(List<Integer> dims, DType dtype) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(int... dims) {
        List<Integer> l = new ArrayList<>(dims.length);
        for (int d : dims) l.add(d);
        return new Shape(l, DType.FLOAT32);
    }

    public static Shape of(List<Integer> dims) {
        return new Shape(dims, DType.FLOAT32);
    }

    public int rank() {
        return dims.size();
    }

    public int dim(int i) {
        return dims.get(i < 0 ? dims.size() + i : i);
    }

    public int last() {
        return dims.get(dims.size() - 1);
    }

    /** Number of elements of one sample. */
    public long size() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    public Shape withDims(List<Integer> newDims) {
        return new Shape(newDims, dtype);
    }

    public Shape withDtype(DType t) {
        return new Shape(dims, t);
    }

    /** Replaces the last axis. */
    public Shape withLast(int d) {
        List<Integer> l = new ArrayList<>(dims);
        l.set(l.size() - 1, d);
        return new Shape(l, dtype);
    }

    public boolean isInt() {
        return dtype == DType.INT32;
    }

    /** {@code [28, 28, 1]}, prefixed with {@code int} for int tensors: the source syntax. */
    public String display() {
        StringBuilder b = new StringBuilder();
        if (dtype == DType.INT32) b.append("int");
        if (dtype == DType.STRING) b.append("string");
        b.append('[');
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(dims.get(i));
        }
        return b.append(']').toString();
    }

    /** Keras' rendering with the batch dimension: {@code (None, 28, 28, 6)}. */
    public String keras() {
        StringBuilder b = new StringBuilder("(None");
        for (int d : dims) b.append(", ").append(d);
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return display();
    }
}
