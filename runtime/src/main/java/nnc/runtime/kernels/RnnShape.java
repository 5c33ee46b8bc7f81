package nnc.runtime.kernels;

/**
 * Sizes of a recurrent layer applied to {@code x: [batch, time, input]} with {@code units}
 * hidden units. Sequence tensors are batch-major ({@code [batch, time, features]}, as Keras),
 * so the rows of one time step are {@code time * features} apart; the kernels pass that as the
 * GEMM leading dimension instead of transposing.
 */
public record RnnShape(int batch, int time, int input, int units) {
    public RnnShape {
        if (batch < 1 || time < 1 || input < 1 || units < 1) {
            throw new IllegalArgumentException("invalid recurrent shape: batch=" + batch + " time=" + time
                    + " input=" + input + " units=" + units);
        }
    }

    /** Rows of the whole-sequence matrices: {@code batch * time}. */
    public int rows() {
        return batch * time;
    }
}
