package nnc.runtime.data;

import java.util.List;
import nnc.runtime.Tensor;

/** What flows between the steps of a data pipeline. */
public sealed interface Value {
    /** Number of samples (rows). */
    int rows();

    /** A numeric tensor, batch-leading. */
    record Numeric(Tensor tensor) implements Value {
        public int rows() {
            return tensor.batch();
        }
    }

    /** A string column (labels, texts). */
    record Strings(List<String> values) implements Value {
        public Strings {
            values = List.copyOf(values);
        }

        public int rows() {
            return values.size();
        }
    }

    /** Variable-length integer sequences (the output of {@code tokenize}). */
    record Sequences(List<int[]> values) implements Value {
        public int rows() {
            return values.size();
        }
    }

    /** An (input, target) pair, the output of {@code windows}; bound as {@code (x, y) = …}. */
    record Pair(Tensor x, Tensor y) implements Value {
        public int rows() {
            return x.batch();
        }
    }
}
