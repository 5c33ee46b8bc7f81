package nnc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nnc.runtime.DType;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;

/**
 * Saving and loading a network's parameters as safetensors: one tensor per parameter under its Keras
 * name ({@code dense_1.kernel}), plus the data pipeline's statistics under {@code data.…} names, so that
 * {@code predict} can take raw inputs.
 */
public final class Weights {
    /** Prefix of preprocessing tensors stored with the weights. */
    public static final String DATA_PREFIX = "data.";

    private Weights() {}

    /** Writes all parameters (and {@code extra} tensors, e.g. {@code data.x.mean}) atomically. */
    public static void save(Path file, List<Parameter> parameters, Map<String, Tensor> extra, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> all = new TreeMap<>();
        for (Parameter p : parameters) all.put(p.name(), Tensor.of(p.value, p.shape()));
        if (extra != null) {
            for (Map.Entry<String, Tensor> e : extra.entrySet()) {
                if (all.put(e.getKey(), e.getValue()) != null) throw new IllegalArgumentException("duplicate tensor name " + e.getKey());
            }
        }
        Safetensors.write(file, all, metadata);
    }

    /**
     * Loads a weights file into {@code parameters} (values copied). The file must hold exactly the
     * model's parameters with the same shapes (extra {@code data.…} tensors are allowed); otherwise a
     * {@link FileFormatException} names the first difference.
     *
     * @return the {@code data.…} tensors of the file (empty when none)
     */
    public static Map<String, Tensor> load(Path file, List<Parameter> parameters) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, Tensor> t = c.tensors();
        String problem = firstDifference(parameters, t);
        if (problem != null) {
            throw new FileFormatException(file, 0, "these weights are for another model: " + problem);
        }
        for (Parameter p : parameters) System.arraycopy(t.get(p.name()).floats(), 0, p.value, 0, p.size());
        Map<String, Tensor> data = new LinkedHashMap<>();
        t.forEach((k, v) -> {
            if (k.startsWith(DATA_PREFIX)) data.put(k, v);
        });
        return data;
    }

    /** The first mismatch between the model's parameters and a file's tensors, or null when they fit. */
    static String firstDifference(List<Parameter> parameters, Map<String, Tensor> file) {
        for (Parameter p : parameters) {
            Tensor t = file.get(p.name());
            if (t == null) {
                return "the model has parameter '" + p.name() + "' " + Arrays.toString(p.shape()) + ", which the file lacks"
                        + hint(file);
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                return "parameter '" + p.name() + "' has shape " + Arrays.toString(p.shape()) + " in the model but "
                        + Arrays.toString(t.shape()) + " in the file";
            }
            if (t.dtype() != DType.F32) return "parameter '" + p.name() + "' is " + t.dtype() + " in the file, F32 expected";
        }
        for (String k : file.keySet()) {
            if (k.startsWith(DATA_PREFIX)) continue;
            boolean known = false;
            for (Parameter p : parameters) known |= p.name().equals(k);
            if (!known) return "the file has tensor '" + k + "', which the model lacks";
        }
        return null;
    }

    private static String hint(Map<String, Tensor> file) {
        List<String> names = file.keySet().stream().filter(k -> !k.startsWith(DATA_PREFIX)).limit(4).toList();
        return names.isEmpty() ? " (the file holds no parameters)" : " (the file holds " + String.join(", ", names)
                + (file.size() > names.size() ? ", …" : "") + ")";
    }
}
