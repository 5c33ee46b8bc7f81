package nnc.runtime.data;

import nnc.runtime.io.FileFormatException;

/**
 * One stage of a data pipeline ({@code columns(…)}, {@code standardize}, {@code onehot(3)}, …; see
 * {@link Steps}). When fitting, a step computes its statistics from the training rows and records them
 * in the {@link DataState}; otherwise it reads them from there.
 */
public interface Step {
    /** The step as written in a {@code .nn} file, e.g. {@code onehot(3)}. */
    String describe();

    /** Transforms {@code in}. */
    Value apply(Value in, Context ctx) throws FileFormatException;

    /**
     * Where a step runs.
     *
     * @param source    the raw data (for the selecting steps)
     * @param binding   the binding's name, prefix of state keys ({@code x} gives {@code data.x.mean})
     * @param state     fitted statistics (written when {@code fit}, read otherwise)
     * @param fit       whether to fit statistics (training) or reuse saved ones (predict)
     * @param trainRows rows {@code [0, trainRows)} are the training part that statistics are fitted on
     */
    record Context(SourceData source, String binding, DataState state, boolean fit, int trainRows) {
        String key(String stat) {
            return "data." + binding + "." + stat;
        }

        String file() {
            return source == null ? "input" : source.name();
        }
    }
}
