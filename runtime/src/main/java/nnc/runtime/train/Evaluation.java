package nnc.runtime.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result of {@link Trainer#evaluate}: {@code loss} and the scalar metrics, plus the metric objects
 * (for non-scalar ones such as {@code confusion_matrix}).
 */
public record Evaluation(Map<String, Double> values, List<Metric> metrics) {
    public Evaluation {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        metrics = List.copyOf(metrics);
    }

    public double loss() {
        return values.get("loss");
    }

    /** The values with {@code prefix} before each key (e.g. {@code val_}). */
    public Map<String, Double> prefixed(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(prefix + k, v));
        return m;
    }

    /** Text of the non-scalar metrics (one block each), empty when none. */
    public String reports() {
        StringBuilder sb = new StringBuilder();
        for (Metric m : metrics) if (!m.scalar()) sb.append(m.report());
        return sb.toString();
    }
}
