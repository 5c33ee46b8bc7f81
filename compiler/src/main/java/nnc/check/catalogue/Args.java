package nnc.check.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.Value;

/** Bound arguments of one call, every declared argument present (defaults filled in), in declaration order. */
public final class Args {
    private final Map<String, Value> values;

    public Args(Map<String, Value> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Value> asMap() {
        return values;
    }

    public Value get(String name) {
        Value v = values.get(name);
        return v == null ? Value.NONE : v;
    }

    public boolean isNone(String name) {
        return get(name).isNone();
    }

    public int integer(String name) {
        Value v = get(name);
        if (v instanceof Value.Int i) return (int) i.value();
        throw new IllegalStateException("argument " + name + " is not an int: " + v);
    }

    public double real(String name) {
        return get(name).asDouble();
    }

    public boolean bool(String name) {
        return get(name) instanceof Value.Bool b && b.value();
    }

    /** The identifier of an enum or activation argument ({@code relu}, {@code same}); for calls, the callee. */
    public String sym(String name) {
        Value v = get(name);
        if (v instanceof Value.Sym s) return s.name();
        if (v instanceof Value.Call c) return c.name();
        if (v instanceof Value.Str s) return s.value();
        return null;
    }

    /** An int-or-tuple argument expanded to {@code n} ints. */
    public int[] ints(String name, int n) {
        Value v = get(name);
        int[] out = new int[n];
        if (v instanceof Value.Int i) {
            java.util.Arrays.fill(out, (int) i.value());
        } else if (v instanceof Value.ListV l && l.items().size() == n) {
            for (int k = 0; k < n; k++) out[k] = (int) ((Value.Int) l.items().get(k)).value();
        } else {
            throw new IllegalStateException("argument " + name + " is not an int tuple of " + n + ": " + v);
        }
        return out;
    }

    public List<Integer> intList(String name) {
        List<Integer> out = new ArrayList<>();
        if (get(name) instanceof Value.ListV l) for (Value x : l.items()) out.add((int) ((Value.Int) x).value());
        return out;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
