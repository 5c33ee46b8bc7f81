package nnc.lsp;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the editor shows about something callable: a catalogue layer, an activation, a user
 * {@code layer}, {@code fn} or {@code model}. {@code args} excludes the input tensor.
 */
record Signature(String name, Kind kind, List<Arg> args, String doc) {

    enum Kind { LAYER, ACTIVATION, FN, MODEL, USER_LAYER, LOSS, METRIC, OPTIMIZER, SCHEDULE, CALLBACK, INITIALIZER,
        REGULARIZER, DATA_SOURCE, TRANSFORM }

    /** What kind of value an argument takes, which decides the values completion offers for it. */
    enum ValueKind { ACTIVATION, ENUM, BOOL, INITIALIZER, REGULARIZER, LAYER, OTHER }

    /** One argument: {@code defaultText} is null when the argument is required; {@code choices} for enums. */
    record Arg(String name, ValueKind kind, String defaultText, List<String> choices) {
        Arg {
            choices = choices == null ? List.of() : List.copyOf(choices);
        }

        boolean required() {
            return defaultText == null;
        }

        @Override
        public String toString() {
            return required() ? name : name + " = " + defaultText;
        }
    }

    Signature {
        args = List.copyOf(args);
        doc = doc == null ? "" : doc;
    }

    Arg arg(String argName) {
        for (Arg a : args) if (a.name().equals(argName)) return a;
        return null;
    }

    /** {@code dense(units, activation = linear, …)} — or the bare name for something without arguments. */
    String display() {
        if (kind == Kind.MODEL) return "model " + name;
        return name + "(" + args.stream().map(Arg::toString).collect(Collectors.joining(", ")) + ")";
    }

    String kindLabel() {
        return switch (kind) {
            case LAYER -> "layer";
            case ACTIVATION -> "activation";
            case FN -> "fn";
            case MODEL -> "model";
            case USER_LAYER -> "layer (this file)";
            case LOSS -> "loss";
            case METRIC -> "metric";
            case OPTIMIZER -> "optimizer";
            case SCHEDULE -> "learning-rate schedule";
            case CALLBACK -> "callback";
            case INITIALIZER -> "initializer";
            case REGULARIZER -> "regularizer";
            case DATA_SOURCE -> "data source";
            case TRANSFORM -> "data transform";
        };
    }
}
