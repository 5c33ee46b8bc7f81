package nnc.runtime.data;

import java.util.Map;
import java.util.TreeMap;
import nnc.runtime.Tensor;

/**
 * Statistics a pipeline fitted on the training rows, stored with the weights so that {@code predict}
 * applies the same preprocessing to raw inputs: numeric ones as float tensors named
 * {@code data.BINDING.STAT} ({@code data.x.mean}, {@code data.x.std}, {@code data.x.min},
 * {@code data.x.max}) and textual ones (string-label order of {@code onehot}, the {@code tokenize}
 * vocabulary) as safetensors metadata under the same kind of name, one entry per line.
 */
public final class DataState {
    private final Map<String, Tensor> tensors = new TreeMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    public DataState() {}

    /** State read back from a weights file's {@code data.…} tensors and metadata. */
    public DataState(Map<String, Tensor> tensors, Map<String, String> metadata) {
        tensors.forEach((k, v) -> {
            if (k.startsWith("data.")) this.tensors.put(k, v);
        });
        metadata.forEach((k, v) -> {
            if (k.startsWith("data.")) this.metadata.put(k, v);
        });
    }

    /** The tensors to store (sorted by name). */
    public Map<String, Tensor> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    /** The metadata entries to store. */
    public Map<String, String> metadata() {
        return java.util.Collections.unmodifiableMap(metadata);
    }

    /**
     * The class names of a binding's text {@code onehot} (index order), e.g. to print a predicted class
     * as {@code virginica}; null when the binding had numeric labels or no onehot.
     */
    public java.util.List<String> labels(String binding) {
        String s = metadata.get("data." + binding + ".labels");
        return s == null ? null : java.util.List.of(s.split("\n", -1));
    }

    void put(String key, Tensor t) {
        if (tensors.containsKey(key)) throw new IllegalStateException(key + " fitted twice: one statistic step of each kind per binding");
        tensors.put(key, t);
    }

    void putText(String key, String text) {
        if (metadata.containsKey(key)) throw new IllegalStateException(key + " fitted twice: one step of each kind per binding");
        metadata.put(key, text);
    }

    Tensor get(String key) {
        Tensor t = tensors.get(key);
        if (t == null) throw new IllegalStateException("the weights file lacks the preprocessing statistic " + key);
        return t;
    }

    String getText(String key) {
        String s = metadata.get(key);
        if (s == null) throw new IllegalStateException("the weights file lacks the preprocessing entry " + key);
        return s;
    }
}
