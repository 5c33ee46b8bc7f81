package nnc.check.catalogue;

import java.util.List;
import nnc.check.Value;

/**
 * One parameter of a layer, activation, loss, optimizer, callback or transform: its Keras name, what it
 * accepts, its default ({@code null}: required) and the allowed numeric range ({@code null}: any).
 */
public record ArgSpec(String name, ArgKind kind, Value defaultValue, Range range, List<String> choices) {
    public ArgSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public boolean required() {
        return defaultValue == null;
    }

    public static ArgSpec req(String name, ArgKind kind) {
        return new ArgSpec(name, kind, null, null, null);
    }

    public static ArgSpec req(String name, ArgKind kind, Range range) {
        return new ArgSpec(name, kind, null, range, null);
    }

    public static ArgSpec opt(String name, ArgKind kind, Value def) {
        return new ArgSpec(name, kind, def, null, null);
    }

    public static ArgSpec opt(String name, ArgKind kind, Value def, Range range) {
        return new ArgSpec(name, kind, def, range, null);
    }

    public static ArgSpec choice(String name, String def, String... choices) {
        return new ArgSpec(name, ArgKind.ENUM, def == null ? null : new Value.Sym(def), null, List.of(choices));
    }

    // Short value constructors for the catalogue tables.
    public static Value i(long v) { return new Value.Int(v); }
    public static Value f(double v) { return new Value.Real(v); }
    public static Value b(boolean v) { return new Value.Bool(v); }
    public static Value s(String sym) { return new Value.Sym(sym); }
    public static final Value NONE = Value.NONE;
}
