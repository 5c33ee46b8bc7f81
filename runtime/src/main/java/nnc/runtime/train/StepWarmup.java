package nnc.runtime.train;

import java.util.List;
import java.util.Map;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.Dataset;

/**
 * Gets the JIT to compile a model's training loop before the training starts, by rehearsing
 * the training on a throwaway copy of the network.
 *
 * <p>Each model is a class generated for it, so its methods are compiled afresh in every run;
 * until they are, they run interpreted, where every Vector API operation is an allocating call.
 * {@link #rehearse} runs a short, silent {@link Trainer#fit} of a separate instance of the
 * generated class, with its own parameters and its own optimizer, on a slice of the real
 * training data, as the real training will run: same batch size, metrics, shuffling and
 * validation. So every method of the loop is hot, and was profiled on the batch shapes the
 * training uses, when the training starts; nothing of the real network, its optimizer state or
 * its random streams is touched, and the training computes the same bits with or without it.
 *
 * <p>Measured on iris (docs/internals.md, "Training rehearsal"): a rehearsal on one-sample
 * batches only made C2 compile every loop over the rows as never repeating, and the first real
 * batch trapped out of the compiled code (first epoch 26 ms instead of 1.3 ms); methods the
 * rehearsal had left cold were compiled during the training, on the core next to it, which ran
 * the first 30-90 epochs about 30 % slower.
 */
public final class StepWarmup {
    private StepWarmup() {}

    /**
     * Steps of a rehearsal: enough that the training loop's methods have been compiled when it
     * ends. With the launcher's settings (bin/jvm-options) a generated method was queued for
     * compilation after about 200 calls (150 steps were not enough).
     */
    public static final int STEPS = 300;

    /**
     * The rehearsal stops after the epoch (of its slice) in which this much time has passed, even
     * if fewer steps ran: for a model whose step is slow, the steps would cost more than the
     * compilations save. (iris: 300 steps take about 0.2 s, the first ones interpreted.)
     */
    public static final long BUDGET_MILLIS = 400;

    /**
     * A silent {@link Trainer#fit} of {@code scratch} (a network nobody else uses) with
     * {@code optimizer} (a fresh one, not the training's) on a slice of {@code data}, as
     * {@code config} will train the real network, for about {@code steps} steps and at most
     * about {@code budgetMillis}. The slice holds two full batches and a last one of the size the
     * real epochs end with, so every batch shape occurs; validation (when the config has it)
     * runs on a slice of one batch and a remainder. The config's callbacks are not run: they
     * hold state, and are not what makes a training fast or slow.
     */
    public static void rehearse(TrainableNetwork scratch, Optimizer optimizer, Dataset data, TrainConfig config,
                                int steps, long budgetMillis) {
        Dataset train = data, val = config.validationData();
        if (val == null && config.validationSplit() > 0) {
            Dataset[] split = data.splitLast(config.validationSplit());
            train = split[0];
            val = split[1];
        }
        int b = config.batchSize();
        if (train.size() == 0 || steps <= 0) return;
        int rows = Math.min(train.size(), 2 * b + train.size() % b);
        int perEpoch = (rows + b - 1) / b;
        Dataset valPart = val == null || val.size() == 0 ? null : val.slice(0, Math.min(val.size(), b + val.size() % b));
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        Callback timeUp = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                if (System.nanoTime() - deadline > 0) context.requestStop();
            }
        };
        TrainConfig rehearsal = config.withEpochs((steps + perEpoch - 1) / perEpoch).withValidationSplit(0)
                .withValidationData(valPart).withCallbacks(List.of(timeUp)).withVerbose(0, config.out());
        Trainer.fit(scratch, optimizer, rehearsal, train.slice(0, rows));
    }
}
