package nnc.runtime.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}, as Keras callbacks. Epochs are numbered from 0 here (Keras'
 * {@code epoch} argument); messages meant for the user go through {@link TrainingContext#message}.
 */
public interface Callback {
    /**
     * The log key this callback watches ({@code val_loss}, …), or null. {@link Trainer#fit} checks it
     * against the keys training will produce before the first epoch, so a typo or a validation key
     * without validation data fails at once instead of after an epoch.
     */
    default String monitor() {
        return null;
    }

    /** Before the first epoch. */
    default void onTrainBegin(TrainingContext context) {}

    /**
     * After each epoch, with that epoch's logs ({@code loss}, metrics, {@code val_…}); a callback may
     * add entries (e.g. {@code learning_rate}), which then appear in the history.
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {}

    /** After the last epoch (or the early stop). */
    default void onTrainEnd(TrainingContext context) {}
}
