package nnc.check.catalogue;

import java.util.List;

/**
 * A parameter tensor a layer creates: its Keras name ({@code kernel}, {@code moving_mean}, or a dotted path
 * for wrapped layers such as {@code forward_lstm.kernel}), its shape in Keras layout, whether training
 * updates it, and the initializer that fills it (an identifier or call rendered as source text).
 */
public record ParamSpec(String name, List<Integer> shape, boolean trainable, String initializer) {
    public ParamSpec {
        shape = List.copyOf(shape);
    }

    public long count() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    public ParamSpec prefixed(String prefix) {
        return new ParamSpec(prefix + "." + name, shape, trainable, initializer);
    }
}
