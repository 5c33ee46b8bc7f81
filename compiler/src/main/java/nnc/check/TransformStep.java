package nnc.check;

import java.util.List;
import java.util.Map;
import nnc.syntax.Span;

/**
 * One step of a data binding's pipeline, with the shape it produces per sample. The first step is the
 * source field: {@code columns} (arg {@code names}: list of strings), {@code column} ({@code name}),
 * {@code images}, {@code labels}, {@code array} ({@code name}: the npy field), or {@code binding}
 * ({@code name}: an earlier binding of the same data set, whose final value it starts from, as in
 * {@code y = x}). Then transforms:
 * {@code standardize}, {@code minmax}, {@code scale(factor)}, {@code onehot(num_classes)},
 * {@code windows(size, horizon, stride)}, {@code tokenize(num_words, lower)},
 * {@code pad_sequences(maxlen, padding, truncating, value)}, {@code reshape(target_shape)}, {@code cast(dtype)},
 * {@code noise(stddev, seed)}, {@code clip(min, max)}, {@code pad(width, value)} (adds {@code width} rows and
 * columns of {@code value} on each side of the first two axes of an image).
 */
public record TransformStep(String name, Map<String, Value> args, Shape output, Span span) {
    public TransformStep {
        args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }

    /** Shapes are per sample; {@code windows} changes the sample count, which is not static. */
    public List<Integer> dims() {
        return output.dims();
    }
}
