package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Tensor;
import nnc.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

class StepWarmupTest {
    /** A real (hand-written) network that records the batches it is given. */
    static class Recorder extends DenseNetDelegate {
        final List<String> forwards = new ArrayList<>();
        final long backwardSleepMillis;

        Recorder(long backwardSleepMillis) {
            super(new DenseNet(2, 1, "linear", "mse", 0, null));
            this.backwardSleepMillis = backwardSleepMillis;
        }

        @Override
        public void forward(Batch b, Mode mode) {
            forwards.add(mode + " " + b.size());
            super.forward(b, mode);
        }

        @Override
        public void backward(Batch b) {
            super.backward(b);
            if (backwardSleepMillis > 0) {
                try {
                    Thread.sleep(backwardSleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static Dataset rows(int n) {
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = 0.5f * i;
        }
        return new Dataset(List.of(Tensor.of(x, new int[] {n, 2})), List.of(Tensor.of(y, new int[] {n, 1})));
    }

    static int[] counter = new int[1];

    /** A callback of the real training: the rehearsal must not run it. */
    static final Callback COUNTING = new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
            counter[0]++;
        }
    };

    @Test
    void rehearsesOnTwoFullBatchesAndTheTrainingsLastBatchSize() {
        Recorder net = new Recorder(0);
        Initializers.initialize(net.parameters(), 1);
        Optimizer adam = Optimizers.adam();
        counter[0] = 0;
        TrainConfig config = TrainConfig.defaults().withBatchSize(5).withMetrics(List.of("mae")).withCallbacks(List.of(COUNTING));
        StepWarmup.rehearse(net, adam, rows(23), config, 9, 10_000);
        // 23 rows in batches of 5 end with a batch of 3: the slice is 5 + 5 + 3 rows
        assertEquals(List.of("TRAIN 5", "TRAIN 5", "TRAIN 3", "TRAIN 5", "TRAIN 5", "TRAIN 3", "TRAIN 5", "TRAIN 5", "TRAIN 3"),
                net.forwards);
        assertEquals(9, adam.iterations(), "the optimizer given, stepped once per batch");
        assertEquals(0, counter[0], "the config's callbacks are not run");
    }

    @Test
    void validatesOnASliceWhenTheTrainingValidates() {
        Recorder net = new Recorder(0);
        Initializers.initialize(net.parameters(), 1);
        TrainConfig config = TrainConfig.defaults().withBatchSize(4).withValidationData(rows(7));
        StepWarmup.rehearse(net, Optimizers.sgd(), rows(8), config, 2, 10_000);
        // one epoch of two batches, then validation on one batch and the remainder (4 + 3 rows)
        assertEquals(List.of("TRAIN 4", "TRAIN 4", "INFER 4", "INFER 3"), net.forwards);

        Recorder split = new Recorder(0);
        Initializers.initialize(split.parameters(), 1);
        StepWarmup.rehearse(split, Optimizers.sgd(), rows(10), TrainConfig.defaults().withBatchSize(4).withValidationSplit(0.2),
                2, 10_000);
        // validation_split holds out the last 2 of 10 rows first, as the training does: 8 rows train
        assertEquals(List.of("TRAIN 4", "TRAIN 4", "INFER 2"), split.forwards);
    }

    @Test
    void aSliceNeverExceedsTheData() {
        Recorder net = new Recorder(0);
        Initializers.initialize(net.parameters(), 1);
        StepWarmup.rehearse(net, Optimizers.sgd(), rows(3), TrainConfig.defaults().withBatchSize(30), 2, 10_000);
        assertEquals(List.of("TRAIN 3", "TRAIN 3"), net.forwards);
    }

    @Test
    void stopsWhenItsTimeIsUp() {
        Recorder net = new Recorder(30);
        Initializers.initialize(net.parameters(), 1);
        StepWarmup.rehearse(net, Optimizers.sgd(), rows(4), TrainConfig.defaults().withBatchSize(2), 1000, 100);
        int steps = net.forwards.size();
        assertTrue(steps >= 2 && steps <= 10, "about 100 ms of 30 ms steps (whole epochs of two), not 1000: " + steps);
    }

    @Test
    void emptyDataOrNoStepsDoNothing() {
        Recorder net = new Recorder(0);
        StepWarmup.rehearse(net, Optimizers.sgd(), rows(0), TrainConfig.defaults(), 5, 10_000);
        StepWarmup.rehearse(net, Optimizers.sgd(), rows(5), TrainConfig.defaults(), 0, 10_000);
        assertEquals(List.of(), net.forwards);
    }
}
