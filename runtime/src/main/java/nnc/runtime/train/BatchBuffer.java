package nnc.runtime.train;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Batch;
import nnc.runtime.Tensor;
import nnc.runtime.data.Dataset;

/** Reusable batch tensors of a fixed capacity, filled with chosen rows of a data set (no allocation per batch). */
final class BatchBuffer {
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Tensor> targets = new ArrayList<>();

    BatchBuffer(Dataset like, int capacity, boolean withTargets) {
        for (Tensor t : like.inputs()) inputs.add(alloc(t, capacity));
        if (withTargets) for (Tensor t : like.targets()) targets.add(alloc(t, capacity));
    }

    private static Tensor alloc(Tensor t, int capacity) {
        int[] s = t.shape();
        s[0] = capacity;
        return Tensor.zeros(t.dtype(), s);
    }

    /** A batch of rows {@code order[from..to)} of {@code data} (or rows from..to when order is null). */
    Batch fill(Dataset data, int[] order, int from, int to) {
        int n = to - from;
        copy(data.inputs(), inputs, order, from, n);
        copy(data.targets(), targets, order, from, n);
        return new Batch(inputs, targets, n);
    }

    private static void copy(List<Tensor> src, List<Tensor> dst, int[] order, int from, int n) {
        for (int k = 0; k < dst.size(); k++) {
            Tensor s = src.get(k), d = dst.get(k);
            int w = s.sampleSize();
            for (int r = 0; r < n; r++) {
                int row = order == null ? from + r : order[from + r];
                if (s.dtype() == nnc.runtime.DType.F32) System.arraycopy(s.floats(), row * w, d.floats(), r * w, w);
                else System.arraycopy(s.ints(), row * w, d.ints(), r * w, w);
            }
        }
    }
}
