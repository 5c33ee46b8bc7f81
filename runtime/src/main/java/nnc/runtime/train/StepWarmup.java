package nnc.runtime.train;

import java.util.List;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.Dataset;

/**
 * Gets the JIT to compile a model's training step before the training starts, by running the
 * step on a throwaway copy of the network.
 *
 * <p>Each model is a class generated for it, so its methods are compiled afresh in every run;
 * until they are, they run interpreted, where every Vector API operation is an allocating call.
 * On iris (4-256-256-256-3) that made the first two epochs cost 5-16 ms a step against 0.3 ms
 * later. {@link #run} runs forward, loss, backward and an optimizer step on one-sample batches
 * of the real training data, on a separate instance of the generated class with its own
 * parameters and its own optimizer, so nothing of the real network, its optimizer state or
 * its random streams is touched: the training computes the same bits with or without it. The
 * launcher's JIT settings (bin/jvm-options) compile generated methods after a hundred calls,
 * which {@link #ROUNDS} covers. It is meant to run while the main thread would otherwise wait
 * for the kernels' warm-up ({@link nnc.runtime.compiled.Warmup}).
 */
public final class StepWarmup {
    private StepWarmup() {}

    /** Steps run: above the hundred calls after which bin/jvm-options compiles generated methods. */
    public static final int ROUNDS = 120;

    /**
     * The rehearsal stops after this long even if fewer steps ran: for a model whose one-sample
     * step is slow, the steps would cost more than the compilations save. (iris: 120 steps in
     * well under this while the kernels compile; a batch-1 step of a network with 4096-wide
     * layers streams 64 MB per layer.)
     */
    public static final long BUDGET_MILLIS = 500;

    /**
     * Runs {@code rounds} training steps of {@code scratch} (a network nobody else uses) with
     * {@code optimizer} (a fresh one, not the training's) on one-sample batches of {@code data}.
     */
    public static void run(TrainableNetwork scratch, Optimizer optimizer, Dataset data, int rounds) {
        run(scratch, optimizer, data, rounds, BUDGET_MILLIS);
    }

    /** As {@link #run(TrainableNetwork, Optimizer, Dataset, int)}, stopping after {@code budgetMillis}. */
    public static void run(TrainableNetwork scratch, Optimizer optimizer, Dataset data, int rounds, long budgetMillis) {
        if (data.size() == 0 || rounds <= 0) return;
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        if (scratch.batchCapacity() < 1) scratch.setBatchCapacity(1);
        BatchBuffer buffer = new BatchBuffer(data, 1, true);
        List<Parameter> params = scratch.parameters();
        for (int r = 0; r < rounds; r++) {
            int row = r % data.size();
            Batch batch = buffer.fill(data, null, row, row + 1);
            scratch.forward(batch, Mode.TRAIN);
            scratch.loss(batch);
            scratch.backward(batch);
            optimizer.step(params);
            if (System.nanoTime() - deadline > 0) break;
        }
    }
}
