package nnc.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keras' {@code History}: per key ({@code loss}, {@code accuracy}, {@code val_loss}, …) one value per epoch. */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** Appends one epoch's logs. Keys first seen later are padded with NaN for the earlier epochs. */
    public void append(Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            List<Double> l = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (l.size() < epochs) l.add(Double.NaN);
            l.add(e.getValue());
        }
        epochs++;
        for (List<Double> l : values.values()) while (l.size() < epochs) l.add(Double.NaN);
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    /** The keys in first-seen order. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** Values of {@code key} per epoch (unmodifiable); empty when unknown. */
    public List<Double> get(String key) {
        return Collections.unmodifiableList(values.getOrDefault(key, List.of()));
    }

    /** The last value of {@code key}, or NaN. */
    public double last(String key) {
        List<Double> l = values.get(key);
        return l == null || l.isEmpty() ? Double.NaN : l.get(l.size() - 1);
    }

    /** CSV with a header {@code epoch,key1,key2,…} and one row per epoch (epochs from 1). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        for (String k : values.keySet()) sb.append(',').append(k);
        sb.append('\n');
        for (int e = 0; e < epochs; e++) {
            sb.append(e + 1);
            for (List<Double> l : values.values()) sb.append(',').append(String.format(Locale.ROOT, "%.8g", l.get(e)));
            sb.append('\n');
        }
        return sb.toString();
    }
}
