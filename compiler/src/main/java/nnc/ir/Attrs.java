package nnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable attributes of a node, sorted by key so that the printer and CSE see one
 * canonical form. Values are Integer, Double, Boolean, String, List&lt;Integer&gt; (int
 * arrays are stored as lists so that equality is by value), an enum, or a record with
 * value equality (a fused group's program).
 */
public record Attrs(Map<String, Object> map) {
    public static final Attrs NONE = new Attrs(Map.of());

    public Attrs {
        map = Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** {@code Attrs.of("axis", -1, "keepdims", true)}. int[] and double values are normalised. */
    public static Attrs of(Object... kv) {
        if (kv.length % 2 != 0) throw new IllegalArgumentException("key/value pairs expected");
        TreeMap<String, Object> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], normalise(kv[i + 1]));
        return new Attrs(m);
    }

    public Attrs with(String key, Object value) {
        TreeMap<String, Object> m = new TreeMap<>(map);
        m.put(key, normalise(value));
        return new Attrs(m);
    }

    private static Object normalise(Object v) {
        if (v instanceof int[] a) {
            List<Integer> l = new ArrayList<>(a.length);
            for (int x : a) l.add(x);
            return List.copyOf(l);
        }
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof List<?> l) return List.copyOf(l);
        return v;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    public Object get(String key) {
        Object v = map.get(key);
        if (v == null) throw new IllegalArgumentException("missing attribute '" + key + "'");
        return v;
    }

    public int i(String key) {
        return ((Number) get(key)).intValue();
    }

    public double d(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public boolean b(String key) {
        return (Boolean) get(key);
    }

    public boolean b(String key, boolean dflt) {
        return has(key) ? b(key) : dflt;
    }

    public String s(String key) {
        return get(key).toString();
    }

    public int[] ints(String key) {
        List<?> l = (List<?>) get(key);
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).intValue();
        return a;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(e.getKey()).append('=');
            Object v = e.getValue();
            sb.append(v instanceof String s ? '"' + s + '"' : String.valueOf(v));
        }
        return sb.toString();
    }
}
