package nnc.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.syntax.Span;

/**
 * A {@code data} block after checking: source kind ({@code csv}, {@code idx}, {@code npy}), its arguments,
 * the files it reads resolved against the {@code .nn} file's folder (by argument name: {@code path} for csv,
 * {@code images}/{@code labels} for idx, the field names for npy), and the bindings.
 */
public record CheckedData(String name, String source, Map<String, Value> sourceArgs, Map<String, Path> files,
                          List<DataBinding> bindings, Span span) {
    public CheckedData {
        sourceArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sourceArgs));
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        bindings = List.copyOf(bindings);
    }

    public Optional<DataBinding> binding(String bindingName) {
        return bindings.stream().filter(b -> b.name().equals(bindingName)).findFirst();
    }
}
