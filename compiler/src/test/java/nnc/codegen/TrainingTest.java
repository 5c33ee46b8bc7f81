package nnc.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import nnc.ir.Op;
import nnc.opt.Pipeline;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.Dataset;
import nnc.runtime.train.Evaluation;
import nnc.runtime.train.History;
import nnc.runtime.train.Initializers;
import nnc.runtime.train.Optimizers;
import nnc.runtime.train.TrainConfig;
import nnc.runtime.train.Trainer;
import nnc.testing.Models;
import org.junit.jupiter.api.Test;

/** A compiled iris-shaped MLP (4-16-3, softmax + cross-entropy) trained by the runtime's Trainer. */
class TrainingTest {

    /** Three Gaussian blobs in 4-D, one per class, well separated: an iris stand-in. */
    static Dataset blobs(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = {{2, 0, 0, -1}, {-1, 2, 1, 0}, {0, -2, -1, 2}};
        float[] x = new float[n * 4], y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) (centres[c][j] + 0.6 * rnd.nextGaussian());
            y[i * 3 + c] = 1;
        }
        return new Dataset(List.of(Tensor.of(x, n, 4)), List.of(Tensor.of(y, n, 3)));
    }

    private static TrainableNetwork fresh() {
        CompiledModel m = Codegen.compile(Pipeline.optimize(Models.mlp(new int[] {4, 16, 3}, Op.RELU, true)), "nnc.generated.Iris", "iris.nn");
        TrainableNetwork net = m.newInstance();
        Initializers.initialize(net.parameters(), 7);
        return net;
    }

    @Test
    void accuracyRisesAndLossFalls() {
        Dataset data = blobs(150, 1);
        TrainableNetwork net = fresh();
        assertEquals(4 * 16 + 16 + 16 * 3 + 3, net.parameterCount());
        TrainConfig cfg = TrainConfig.defaults().withEpochs(40).withBatchSize(30).withSeed(0).withMetrics(List.of("accuracy"));
        Evaluation before = Trainer.evaluate(net, data, 30, List.of("accuracy"));
        History h = Trainer.fit(net, Optimizers.adam(), cfg, data);
        Evaluation after = Trainer.evaluate(net, data, 30, List.of("accuracy"));
        assertTrue(before.values().get("accuracy") < 0.8, "untrained: " + before.values());
        assertTrue(after.values().get("accuracy") >= 0.95, "trained: " + after.values());
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss " + loss);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Dataset data = blobs(90, 2);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(5).withBatchSize(16).withSeed(3);
        TrainableNetwork a = fresh(), b = fresh();
        Trainer.fit(a, Optimizers.adam(), cfg, data);
        Trainer.fit(b, Optimizers.adam(), cfg, data);
        for (int i = 0; i < a.parameters().size(); i++) {
            Parameter pa = a.parameters().get(i), pb = b.parameters().get(i);
            assertArrayEquals(pa.value, pb.value, pa.name());
        }
    }
}
