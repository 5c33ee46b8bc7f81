package nnc.check.catalogue;

import java.util.List;
import nnc.check.Shape;

/**
 * The signature and static semantics of one catalogue layer: the {@code .nn} name ({@code maxpool2d}), the
 * Keras class ({@code MaxPooling2D}) and default instance name ({@code max_pooling2d}), the arguments in
 * Keras positional order, the input pattern shown in errors, how many input tensors it takes, and the rule
 * that gives the output shape and the parameters created for a given input.
 */
public record LayerSpec(
        String name,
        String kerasClass,
        String kerasName,
        List<ArgSpec> args,
        String inputPattern,
        String outputPattern,
        int minInputs,
        int maxInputs,
        Rule rule,
        String doc) {

    public LayerSpec {
        args = List.copyOf(args);
    }

    /** Output shape and parameters of a layer applied to given inputs. */
    public record Result(Shape output, List<ParamSpec> params) {
        public Result {
            params = List.copyOf(params);
        }
    }

    @FunctionalInterface
    public interface Rule {
        Result apply(List<Shape> inputs, Args args) throws ShapeError;
    }

    public ArgSpec arg(String name) {
        for (ArgSpec a : args) if (a.name().equals(name)) return a;
        return null;
    }

    public boolean isMerge() {
        return maxInputs > 1;
    }

    public Result apply(List<Shape> inputs, Args args) throws ShapeError {
        return rule.apply(inputs, args);
    }
}
