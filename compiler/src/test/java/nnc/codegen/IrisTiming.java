package nnc.codegen;

import java.util.List;
import nnc.ir.Op;
import nnc.opt.Pipeline;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Tensor;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.Dataset;
import nnc.runtime.train.Initializers;
import nnc.runtime.train.Optimizers;
import nnc.runtime.train.TrainConfig;
import nnc.runtime.train.Trainer;
import nnc.testing.Models;

/** Orientation timing (not a test): the iris workload 4-256-256-256-3, Adam, batch 30, 100 epochs; one-sample predict. */
public final class IrisTiming {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        CompiledModel m = Codegen.compile(Pipeline.optimize(Models.mlp(new int[] {4, 256, 256, 256, 3}, Op.RELU, true)),
                "nnc.generated.IrisBig", "iris.nn");
        long t1 = System.nanoTime();
        Dataset data = TrainingTest.blobs(150, 1);
        for (int rep = 0; rep < 3; rep++) {
            TrainableNetwork net = m.newInstance();
            Initializers.initialize(net.parameters(), 0);
            long s = System.nanoTime();
            Trainer.fit(net, Optimizers.adam(), TrainConfig.defaults().withEpochs(100).withBatchSize(30).withSeed(0), data);
            long e = System.nanoTime();
            System.out.printf("train 100 epochs: %.3f s%n", (e - s) / 1e9);
            if (rep == 2) {
                net.setBatchCapacity(30);
                float[] x = {0.1f, 0.2f, 0.3f, 0.4f};
                Batch one = new Batch(List.of(Tensor.of(x, 1, 4)), List.of(), 1);
                long[] lat = new long[20000];
                for (int i = 0; i < lat.length; i++) {
                    long a = System.nanoTime();
                    net.forward(one, Mode.INFER);
                    lat[i] = System.nanoTime() - a;
                }
                java.util.Arrays.sort(lat);
                System.out.printf("predict one sample: median %.1f us, p99 %.1f us%n", lat[lat.length / 2] / 1e3, lat[lat.length * 99 / 100] / 1e3);
            }
        }
        System.out.printf("compile: %.3f s%n", (t1 - t0) / 1e9);
    }
}
