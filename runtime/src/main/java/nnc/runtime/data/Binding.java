package nnc.runtime.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.Tensor;
import nnc.runtime.io.FileFormatException;

/**
 * One line of a {@code data} block: {@code x = columns(…) |> standardize}, or {@code (x, y) = … |> windows(7)}.
 *
 * @param names one name, or two for a pipeline ending in {@code windows}
 * @param steps the pipeline; the first step selects from the source ({@code columns}, {@code column}, {@code images}, {@code labels})
 */
public record Binding(List<String> names, List<Step> steps) {
    public Binding {
        names = List.copyOf(names);
        steps = List.copyOf(steps);
        if (names.isEmpty() || names.size() > 2) throw new IllegalArgumentException("a binding names one value or a pair");
    }

    /**
     * Runs every binding of a data block on {@code source}. When {@code fit}, statistics are fitted on the
     * first {@code floor(rows * (1 - validationSplit))} rows (the part {@code validation_split} leaves for
     * training) and recorded in {@code state}; otherwise {@code state} supplies them.
     *
     * @return the tensors by binding name
     */
    public static Map<String, Tensor> runAll(List<Binding> bindings, SourceData source, DataState state, boolean fit,
                                             double validationSplit) throws FileFormatException {
        int rows = source.rows();
        int trainRows = validationSplit > 0 ? (int) Math.floor(rows * (1.0 - validationSplit)) : rows;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Binding b : bindings) out.putAll(b.run(source, state, fit, trainRows));
        return out;
    }

    /** Runs this binding from the source (all steps). */
    public Map<String, Tensor> run(SourceData source, DataState state, boolean fit, int trainRows) throws FileFormatException {
        Value v = null;
        Step.Context ctx = new Step.Context(source, names.get(0), state, fit, trainRows);
        for (Step s : steps) v = s.apply(v, ctx);
        return bind(v, source.name());
    }

    /**
     * Applies the steps after the selecting one to an already selected raw array (e.g. a {@code .npy}
     * input to {@code predict}), with saved statistics.
     */
    public Tensor applyToRaw(Tensor raw, DataState state, String inputName) throws FileFormatException {
        Value v = new Value.Numeric(raw);
        Step.Context ctx = new Step.Context(null, names.get(0), state, false, raw.batch());
        for (Step s : steps.subList(1, steps.size())) v = s.apply(v, ctx);
        Map<String, Tensor> m = bind(v, inputName);
        return m.get(names.get(0));
    }

    private Map<String, Tensor> bind(Value v, String file) throws FileFormatException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (v instanceof Value.Pair p) {
            if (names.size() != 2) throw new FileFormatException(file, 0, "windows gives a pair: bind it as (" + names.get(0) + ", y) = …");
            out.put(names.get(0), p.x());
            out.put(names.get(1), p.y());
            return out;
        }
        if (names.size() != 1) throw new FileFormatException(file, 0, "only a pipeline ending in windows gives a pair (" + String.join(", ", names) + ")");
        Tensor t = switch (v) {
            case Value.Numeric n -> n.tensor();
            case Value.Strings s -> throw new FileFormatException(file, 0, "'" + names.get(0) + "' is text; convert it with onehot(n) or tokenize");
            case Value.Sequences s -> throw new FileFormatException(file, 0, "'" + names.get(0) + "' holds sequences of different lengths; add pad_sequences(maxlen)");
            default -> throw new IllegalStateException();
        };
        out.put(names.get(0), t);
        return out;
    }

    /** The step descriptions, for messages. */
    public List<String> describe() {
        List<String> l = new ArrayList<>();
        for (Step s : steps) l.add(s.describe());
        return l;
    }
}
