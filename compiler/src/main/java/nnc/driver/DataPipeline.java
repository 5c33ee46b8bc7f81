package nnc.driver;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.check.CheckedData;
import nnc.check.DataBinding;
import nnc.check.TransformStep;
import nnc.check.Value;
import nnc.runtime.DType;
import nnc.runtime.Tensor;
import nnc.runtime.data.Binding;
import nnc.runtime.data.DataState;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.SourceData;
import nnc.runtime.data.Step;
import nnc.runtime.data.Steps;
import nnc.runtime.io.FileFormatException;

/**
 * The bridge from a checked {@code data} block to the runtime's data pipelines
 * ({@code nnc.runtime.data}): each checked transform step becomes a runtime {@link Step}, the source
 * becomes a {@link SourceData}, and the results are packed in the per-sample shapes and element
 * types the checker inferred. Statistics are fitted on the training rows (before the validation
 * split) into a {@link DataState}, saved with the weights, and applied from it afterwards.
 */
public final class DataPipeline {
    private DataPipeline() {}

    /** A data set ready for the network and the preprocessing state fitted (or used) on the way. */
    public record Prepared(Dataset dataset, DataState state) {}

    /**
     * Loads {@code data} with bindings {@code inputs} (model-input order) and {@code targets} (output order).
     *
     * @param state statistics to apply (from a weights file); null to fit them on the training rows
     */
    public static Prepared load(CheckedData data, List<String> inputs, List<String> targets, double validationSplit,
                                DataState state) {
        boolean fit = state == null;
        DataState st = fit ? new DataState() : state;
        SourceData source = source(data);
        List<Binding> bindings = new ArrayList<>();
        Map<String, DataBinding> checked = new HashMap<>();
        for (DataBinding b : data.bindings()) checked.put(b.name(), b);
        List<String> needed = new ArrayList<>(inputs);
        needed.addAll(targets);
        // Tuple bindings ((x, y) = … |> windows) run once for both names.
        List<Integer> tuplesDone = new ArrayList<>();
        for (DataBinding b : data.bindings()) {
            if (b.tupleIndex() < 0) {
                if (needed.contains(b.name())) bindings.add(new Binding(List.of(b.name()), steps(b)));
            } else if (b.tupleIndex() == 0) {
                DataBinding second = data.bindings().stream().filter(o -> o.tupleIndex() == 1 && o.steps().equals(b.steps()))
                        .findFirst().orElse(null);
                if (second != null && !tuplesDone.contains(b.steps().hashCode())) {
                    bindings.add(new Binding(List.of(b.name(), second.name()), steps(b)));
                    tuplesDone.add(b.steps().hashCode());
                }
            }
        }
        Map<String, Tensor> values;
        try {
            values = Binding.runAll(bindings, source, st, fit, validationSplit);
        } catch (FileFormatException e) {
            throw fileError(e);
        }
        List<Tensor> in = new ArrayList<>(), tg = new ArrayList<>();
        for (String n : inputs) in.add(pack(checked.get(n), values.get(n), n));
        for (String n : targets) tg.add(pack(checked.get(n), values.get(n), n));
        try {
            return new Prepared(new Dataset(in, tg), st);
        } catch (IllegalArgumentException e) {
            throw new UserError("data " + data.name() + ": " + e.getMessage());
        }
    }

    /** A runtime file problem as a one-line user error ({@code FILE:LINE: DETAIL}). */
    static UserError fileError(FileFormatException e) {
        return new UserError(e.getMessage().replaceFirst(": error: ", ": "));
    }

    static SourceData source(CheckedData data) {
        try {
            return switch (data.source()) {
                case "csv" -> SourceData.csv(file(data, "path"));
                case "idx" -> SourceData.idx(file(data, "images"), data.files().get("labels"));
                default -> throw new UserError("data " + data.name() + ": " + data.source() + " sources cannot be loaded yet");
            };
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + e.getFile() + ": no such file");
        } catch (FileFormatException e) {
            throw fileError(e);
        } catch (IOException e) {
            throw new UserError("cannot read data " + data.name() + ": " + e.getMessage());
        }
    }

    private static Path file(CheckedData data, String key) {
        Path p = data.files().get(key);
        if (p == null) throw new UserError("data " + data.name() + ": no " + key + " file given");
        return p;
    }

    /** The runtime steps of a checked binding ({@link Steps#of} with the arguments as plain Java values). */
    static List<Step> steps(DataBinding b) {
        List<Step> out = new ArrayList<>();
        for (TransformStep s : b.steps()) {
            Map<String, Object> args = stepArgs(s);
            try {
                out.add(Steps.of(s.name(), args));
            } catch (IllegalArgumentException e) {
                throw new UserError("the data transform '" + s.name() + "' cannot be run: " + e.getMessage());
            }
        }
        return out;
    }

    /** A checked step's arguments as plain Java values, as {@link Steps#of} takes them (also packed by {@code nnc build}). */
    static Map<String, Object> stepArgs(TransformStep s) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        s.args().forEach((k, v) -> {
            Object o = plain(v);
            if (o != null) args.put(k, o);
        });
        if (s.name().equals("columns") && !args.containsKey("names") && !s.args().isEmpty()) {
            args.put("names", plain(s.args().values().iterator().next()));
        }
        if (s.name().equals("column") && !args.containsKey("name") && !s.args().isEmpty()) {
            args.put("name", plain(s.args().values().iterator().next()));
        }
        return args;
    }

    /** A checked value as Number, Boolean, String or a list of those (null for none). */
    private static Object plain(Value v) {
        return switch (v) {
            case Value.Int i -> i.value();
            case Value.Real r -> r.value();
            case Value.Bool bo -> bo.value();
            case Value.Str st -> st.value();
            case Value.Sym sy -> sy.name();
            case Value.ListV l -> {
                List<Object> items = new ArrayList<>();
                for (Value x : l.items()) items.add(plain(x));
                yield items;
            }
            case Value.None n -> null;
            default -> v.toString();
        };
    }

    private static Value first(Map<String, Value> a, String key) {
        Value v = a.get(key);
        if (v == null && !a.isEmpty()) v = a.values().iterator().next();
        return v == null ? Value.NONE : v;
    }

    static List<String> names(Value v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Value.ListV l) for (Value x : l.items()) out.add(text(x));
        else out.add(text(v));
        return out;
    }

    private static String text(Value v) {
        if (v instanceof Value.Str s) return s.value();
        if (v instanceof Value.Sym s) return s.name();
        return v.toString();
    }

    /** Column names the source step of {@code b} reads (empty for non-column sources). */
    public static List<String> sourceColumns(DataBinding b) {
        TransformStep s = b.steps().get(0);
        return switch (s.name()) {
            case "columns" -> names(first(s.args(), "names"));
            case "column" -> names(first(s.args(), "name"));
            default -> List.of();
        };
    }

    /** {@code t} in the binding's per-sample shape and element type (as the checker inferred them). */
    static Tensor pack(DataBinding b, Tensor t, String name) {
        if (t == null) throw new UserError("the data has no binding '" + name + "'");
        if (b == null) return t;
        List<Integer> dims = b.shape().dims();
        int per = 1;
        for (int d : dims) per *= d;
        int n = t.dim(0);
        if (t.sampleSize() != per) {
            throw new UserError("data binding " + name + ": " + t.sampleSize() + " values per sample, its shape " + dims + " needs " + per);
        }
        int[] shape = new int[dims.size() + 1];
        shape[0] = n;
        for (int i = 0; i < dims.size(); i++) shape[i + 1] = dims.get(i);
        boolean wantInt = b.shape().isInt();
        if (wantInt == (t.dtype() == DType.I32)) return t.reshape(shape);
        if (wantInt) {
            float[] f = t.floats();
            int[] iv = new int[f.length];
            for (int i = 0; i < f.length; i++) iv[i] = Math.round(f[i]);
            return Tensor.of(iv, shape);
        }
        int[] iv = t.ints();
        float[] f = new float[iv.length];
        for (int i = 0; i < iv.length; i++) f[i] = iv[i];
        return Tensor.of(f, shape);
    }

    /**
     * Applies a binding's saved preprocessing for {@code predict}: {@code table} a CSV with the data
     * set's named columns (the whole pipeline runs), or {@code raw} numbers standing for the source
     * step's output (the steps after it run).
     */
    public static Tensor applyRaw(DataBinding b, Path table, Tensor raw, DataState state) {
        try {
            Binding rb = new Binding(List.of(b.name()), steps(b));
            Tensor t = table != null ? rb.run(SourceData.csv(table), state, false, Integer.MAX_VALUE).get(b.name())
                    : rb.applyToRaw(raw, state, b.name());
            return pack(b, t, b.name());
        } catch (FileFormatException e) {
            throw fileError(e);
        } catch (IOException e) {
            throw new UserError("cannot read " + table + ": " + e.getMessage());
        }
    }
}
