package nnc.check;

import java.util.List;

/**
 * One parameter tensor of a checked model. {@code name} is the full Keras-style name used in weight files,
 * {@code LAYER.PARAM} ({@code dense_1.kernel}, {@code encoder.dense.kernel} for a nested model,
 * {@code bidirectional.forward_lstm.kernel}); {@code shape} is in Keras layout.
 */
public record ParamInfo(String name, List<Integer> shape, boolean trainable, String initializer) {
    public ParamInfo {
        shape = List.copyOf(shape);
    }

    public long count() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
