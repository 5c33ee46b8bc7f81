package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Regularizer;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

class StepWarmupTest {
    /** Records what the warm-up asks of a network; its one parameter gets gradient 1. */
    static class Recorder implements TrainableNetwork {
        final Parameter w = new Parameter("d.kernel", new int[] {2}, true, new float[2], new float[2], Regularizer.NONE, null);
        final List<String> calls = new ArrayList<>();
        final List<Float> firstInputs = new ArrayList<>();
        int capacity;

        public List<TensorSpec> inputs() { return List.of(); }
        public List<TensorSpec> outputs() { return List.of(); }
        public List<Parameter> parameters() { return List.of(w); }
        public void setBatchCapacity(int n) { capacity = n; }
        public int batchCapacity() { return capacity; }
        public void forward(Batch b, Mode mode) {
            calls.add("forward " + mode + " n=" + b.size());
            firstInputs.add(b.inputs().get(0).getFloat(0));
        }
        public float loss(Batch b) { calls.add("loss"); return 0f; }
        public void backward(Batch b) { calls.add("backward"); w.grad[0] = 1f; w.grad[1] = 1f; }
        public Tensor output(int i) { throw new UnsupportedOperationException(); }
        public void seed(long s) { calls.add("seed"); }
    }

    @Test
    void runsTrainingStepsOnOneSampleBatchesOfTheDataWithTheGivenOptimizer() {
        Recorder scratch = new Recorder();
        Dataset data = new Dataset(List.of(Tensor.of(new float[] {10, 11, 20, 21, 30, 31}, new int[] {3, 2})),
                List.of(Tensor.of(new float[] {0, 1, 0}, new int[] {3, 1})));
        Optimizer sgd = Optimizers.sgd(LearningRateSchedule.constant(0.5), 0, false);
        StepWarmup.run(scratch, sgd, data, 5);
        assertEquals(1, scratch.capacity, "a one-sample batch capacity");
        assertEquals(List.of("forward TRAIN n=1", "loss", "backward"), scratch.calls.subList(0, 3));
        assertEquals(15, scratch.calls.size(), "five steps, no reseeding of the scratch network");
        assertEquals(List.of(10f, 20f, 30f, 10f, 20f), scratch.firstInputs, "the rows of the data in turn");
        assertEquals(5, sgd.iterations());
        assertArrayEquals(new float[] {-2.5f, -2.5f}, scratch.w.value, "five optimizer steps of the scratch parameter");
    }

    @Test
    void emptyDataOrNoRoundsDoNothing() {
        Recorder scratch = new Recorder();
        Dataset empty = new Dataset(List.of(Tensor.of(new float[0], new int[] {0, 2})), List.of(Tensor.of(new float[0], new int[] {0, 1})));
        StepWarmup.run(scratch, Optimizers.sgd(), empty, 5);
        StepWarmup.run(scratch, Optimizers.sgd(), new Dataset(List.of(Tensor.of(new float[2], new int[] {1, 2})),
                List.of(Tensor.of(new float[1], new int[] {1, 1}))), 0);
        assertEquals(List.of(), scratch.calls);
    }

    @Test
    void stopsWhenItsTimeIsUp() {
        Recorder scratch = new Recorder() {
            @Override
            public void backward(Batch b) {
                super.backward(b);
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Dataset data = new Dataset(List.of(Tensor.of(new float[2], new int[] {1, 2})), List.of(Tensor.of(new float[1], new int[] {1, 1})));
        StepWarmup.run(scratch, Optimizers.sgd(), data, 1000, 100);
        int steps = scratch.calls.size() / 3;
        assertTrue(steps >= 1 && steps <= 10, "about 100 ms of 30 ms steps, not 1000 steps: " + steps);
    }
}
