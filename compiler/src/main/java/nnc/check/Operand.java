package nnc.check;

/** An input of a layer instance in a checked model: another tensor of the model, or a scalar constant. */
public sealed interface Operand {
    /** The tensor named after what produced it: a model input name or a layer instance name. */
    record Tensor(String name) implements Operand {
        @Override public String toString() { return name; }
    }

    /** A number in arithmetic, e.g. the {@code 2} of {@code x * 2}. */
    record Constant(double value) implements Operand {
        @Override public String toString() { return Value.formatReal(value); }
    }
}
