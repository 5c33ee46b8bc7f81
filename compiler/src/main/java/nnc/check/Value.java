package nnc.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A resolved, constant argument value: what an argument of a layer call, a setting of a train block or a
 * data transform is bound to after checking. Identifiers such as {@code relu} or {@code same} become
 * {@link Sym}; calls such as {@code l2(0.01)} or {@code adam(learning_rate = 0.01)} become {@link Call} with
 * every argument bound (defaults filled in); a layer passed as an argument ({@code bidirectional(lstm(8))})
 * becomes {@link Layer}.
 */
public sealed interface Value {
    record Int(long value) implements Value {
        @Override public String toString() { return Long.toString(value); }
    }

    record Real(double value) implements Value {
        @Override public String toString() { return formatReal(value); }
    }

    record Bool(boolean value) implements Value {
        @Override public String toString() { return Boolean.toString(value); }
    }

    record Str(String value) implements Value {
        @Override public String toString() { return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"'; }
    }

    /** An enum-like identifier: an activation, a padding mode, an initializer without arguments, a monitor. */
    record Sym(String name) implements Value {
        @Override public String toString() { return name; }
    }

    record ListV(List<Value> items) implements Value {
        public ListV { items = List.copyOf(items); }
        @Override public String toString() {
            return items.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** A named constructor with bound arguments (in declaration order, defaults included). */
    record Call(String name, Map<String, Value> args) implements Value {
        public Call { args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args)); }
        @Override public String toString() {
            return name + args.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                    .collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** A layer given as an argument (the wrapped layer of {@code bidirectional}). */
    record Layer(String type, Map<String, Value> args) implements Value {
        public Layer { args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args)); }
        @Override public String toString() {
            return type + args.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                    .collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** Keras' {@code None}: "not given", e.g. a regularizer or pooling strides left out. */
    record None() implements Value {
        @Override public String toString() { return "none"; }
    }

    None NONE = new None();

    static String formatReal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(java.util.Locale.ROOT, "%.1f", v);
        return Double.toString(v);
    }

    /** The value as a double when it is numeric, else NaN. */
    default double asDouble() {
        if (this instanceof Int i) return i.value();
        if (this instanceof Real r) return r.value();
        return Double.NaN;
    }

    default boolean isNone() {
        return this instanceof None;
    }
}
