package nnc.runtime.data;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Tensor;

/**
 * A whole data set in memory: one batch-leading tensor per model input and per loss target, all with
 * the same number of rows (samples). Targets are empty for prediction-only data.
 *
 * @param inputs  in the order of the network's inputs
 * @param targets in the order of the network's outputs
 */
public record Dataset(List<Tensor> inputs, List<Tensor> targets) {
    public Dataset {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        if (inputs.isEmpty()) throw new IllegalArgumentException("a data set needs at least one input");
        int n = inputs.get(0).batch();
        for (Tensor t : inputs) check(t, n);
        for (Tensor t : targets) check(t, n);
    }

    private static void check(Tensor t, int n) {
        if (t.rank() == 0 || t.batch() != n) {
            throw new IllegalArgumentException("all tensors of a data set need " + n + " rows; got " + t);
        }
    }

    /** Number of samples. */
    public int size() {
        return inputs.get(0).batch();
    }

    /** Rows {@code [from, to)} as a new data set (copies). */
    public Dataset slice(int from, int to) {
        List<Tensor> in = new ArrayList<>(), tg = new ArrayList<>();
        for (Tensor t : inputs) in.add(t.rows(from, to));
        for (Tensor t : targets) tg.add(t.rows(from, to));
        return new Dataset(in, tg);
    }

    /** The rows listed in {@code index}, in that order (copies). */
    public Dataset gather(int[] index) {
        List<Tensor> in = new ArrayList<>(), tg = new ArrayList<>();
        for (Tensor t : inputs) in.add(t.gather(index));
        for (Tensor t : targets) tg.add(t.gather(index));
        return new Dataset(in, tg);
    }

    /**
     * Keras' {@code validation_split}: the last {@code fraction} of the rows (taken before any shuffling)
     * become the validation set; the split index is {@code floor(size * (1 - fraction))}.
     *
     * @return {training, validation}
     */
    public Dataset[] splitLast(double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("validation_split must be in (0, 1), got " + fraction);
        int at = (int) Math.floor(size() * (1.0 - fraction));
        if (at <= 0 || at >= size()) {
            throw new IllegalArgumentException("validation_split = " + fraction + " leaves an empty training or validation set for "
                    + size() + " samples");
        }
        return new Dataset[] {slice(0, at), slice(at, size())};
    }
}
