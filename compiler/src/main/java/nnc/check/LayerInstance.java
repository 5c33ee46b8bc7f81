package nnc.check;

import java.util.List;
import java.util.Map;
import nnc.syntax.Span;

/**
 * One node of a checked model, in evaluation order: a catalogue layer ({@code dense}), a model used as a
 * layer, a user {@code layer} declaration, or an arithmetic operation. {@code name} is the Keras instance
 * name ({@code dense_1}, or the {@code as} name) and also names the tensor it produces; {@code type} is the
 * {@code .nn} name of what was called ({@code dense}, {@code maxpool2d}, {@code Encoder}, {@code +});
 * {@code kerasClass} is the class shown by {@code nnc summary}. {@code args} holds every argument of the
 * layer's signature, defaults filled in. {@code params} carry the instance's own names ({@code kernel},
 * {@code dense.kernel} inside a nested model); {@link CheckedModel#params()} adds the instance prefix.
 */
public record LayerInstance(
        String name,
        Kind kind,
        String type,
        String kerasClass,
        Map<String, Value> args,
        List<Operand> inputs,
        List<Shape> inputShapes,
        Shape outputShape,
        List<ParamInfo> params,
        String activation,
        CheckedModel nested,
        Span span) {

    public enum Kind {
        /** A layer of the catalogue ({@code type} is its name, see {@code nnc.check.catalogue.Layers}). */
        LAYER,
        /** A model of the program used as a layer; {@link #nested()} is that model. */
        MODEL,
        /** A user {@code layer} declaration; see {@link CheckedProgram#layers()}. */
        USER_LAYER,
        /** A user {@code fn} applied as a layer (an activation); see {@link CheckedProgram#fns()}. */
        FN,
        /** Elementwise {@code + - * /} with broadcasting, {@code @} (matmul) or unary {@code -} ({@code type} is the symbol, "neg" for unary minus). */
        OP
    }

    public LayerInstance {
        args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        params = List.copyOf(params);
    }

    public long paramCount() {
        return params.stream().mapToLong(ParamInfo::count).sum();
    }

    public long trainableCount() {
        return params.stream().filter(ParamInfo::trainable).mapToLong(ParamInfo::count).sum();
    }

    /** The argument value by Keras name ({@link Value#NONE} when the signature has no such argument). */
    public Value arg(String name) {
        Value v = args.get(name);
        return v == null ? Value.NONE : v;
    }
}
