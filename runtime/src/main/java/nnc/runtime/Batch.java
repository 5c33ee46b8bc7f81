package nnc.runtime;

import java.util.List;

/**
 * One mini-batch: the model inputs (in {@link TrainableNetwork#inputs()} order) and the loss
 * targets (in {@link TrainableNetwork#outputs()} order; empty for prediction).
 *
 * <p>The tensors are batch-leading. Their leading dimension may exceed {@code size} when the
 * runtime reuses buffers sized for the full batch capacity; only rows {@code [0, size)} are valid,
 * and a network must read and average over exactly those rows.
 *
 * @param inputs  one tensor per model input
 * @param targets one tensor per model output (or empty)
 * @param size    number of valid samples, {@code 1 <= size <= capacity}
 */
public record Batch(List<Tensor> inputs, List<Tensor> targets, int size) {
    public Batch {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        if (size < 0) throw new IllegalArgumentException("negative batch size");
        for (Tensor t : inputs) {
            if (t.batch() < size) throw new IllegalArgumentException("input " + t + " has fewer than " + size + " rows");
        }
        for (Tensor t : targets) {
            if (t.batch() < size) throw new IllegalArgumentException("target " + t + " has fewer than " + size + " rows");
        }
    }

    /** A batch of exactly the rows of the given tensors (size = their leading dimension). */
    public static Batch of(List<Tensor> inputs, List<Tensor> targets) {
        int n = inputs.isEmpty() ? 0 : inputs.get(0).batch();
        return new Batch(inputs, targets, n);
    }

    /** Input {@code k}. */
    public Tensor input(int k) {
        return inputs.get(k);
    }

    /** Target {@code k}. */
    public Tensor target(int k) {
        return targets.get(k);
    }
}
