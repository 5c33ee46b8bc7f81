package nnc.driver;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.TrainableNetwork;

/**
 * The nnc side of {@code bench/run models} (not a test): trains a sample in-process as
 * {@code nnc train} does and times the training loop, then times single-sample inference through the
 * runtime API ({@code forward(batch of 1, INFER)} and reading the output) in a plain loop,
 * over the training rows in turn.
 * Prints {@code key=value} lines: {@code setup_s} (from the start of the run to its first epoch:
 * front end, data, code generation, JIT warm-ups), {@code train_s}, {@code train_acc}, {@code predict_median_us},
 * {@code predict_p99_us}, {@code backend}; with {@code --warm-runs N}, also {@code train_warm_s}: the
 * median training time of N further runs in the same JVM (model compiled afresh each time, the
 * runtime kernels already compiled by the JIT), which separates the steady-state speed from the
 * JIT warm-up that the first run pays.
 *
 * <p>Usage: {@code ModelBenchmark FILE [--epochs N] [--predict-iters N] [--warm-runs N]}
 */
public final class ModelBenchmark {
    private ModelBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Integer epochs = null;
        int iters = 20000;
        int warmRuns = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--predict-iters" -> iters = Integer.parseInt(args[++i]);
                case "--warm-runs" -> warmRuns = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("nnc-bench");
        Path weights = tmp.resolve("w.safetensors");
        TrainingRun.Options options = new TrainingRun.Options(file, null, epochs, null, null, weights, null, true);
        TrainingRun.Result r;
        double[] warm = new double[warmRuns];
        try {
            r = TrainingRun.run(options, new PrintWriter(new StringWriter()));
            for (int i = 0; i < warmRuns; i++) {
                warm[i] = TrainingRun.run(options, new PrintWriter(new StringWriter())).trainSeconds();
            }
        } finally {
            Files.deleteIfExists(weights);
            Files.deleteIfExists(tmp);
        }
        TrainableNetwork net = r.network();
        double acc = r.history().keys().contains("accuracy") ? r.history().last("accuracy") : Double.NaN;

        // One-sample batches of the training rows, as the model saw them (preprocessed), taken in
        // turn: latency varies with the input (a relu's zeros spare reading weights), and a single
        // repeated input would let the branch predictors and prefetchers learn its pattern.
        nnc.runtime.data.Dataset data = r.trainData();
        int rows = data.size();
        Batch[] samples = new Batch[rows];
        for (int i = 0; i < rows; i++) samples[i] = new Batch(data.slice(i, i + 1).inputs(), List.of(), 1);
        net.setBatchCapacity(Math.max(1, net.batchCapacity()));
        float sink = 0;
        for (int i = 0; i < Math.min(iters, 5000); i++) {
            net.forward(samples[i % rows], Mode.INFER);
            sink += net.output(0).getFloat(0);
        }
        long[] t = new long[iters];
        for (int i = 0; i < iters; i++) {
            Batch one = samples[i % rows];
            long t0 = System.nanoTime();
            net.forward(one, Mode.INFER);
            sink += net.output(0).getFloat(0);
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        System.out.println("backend=" + (net instanceof InterpretedNetwork ? "interpreter" : "bytecode"));
        System.out.println(String.format(Locale.ROOT, "setup_s=%.4f", r.setupSeconds()));
        System.out.println(String.format(Locale.ROOT, "train_s=%.4f", r.trainSeconds()));
        if (warmRuns > 0) {
            Arrays.sort(warm);
            System.out.println(String.format(Locale.ROOT, "train_warm_s=%.4f", warm[warmRuns / 2]));
        }
        System.out.println(String.format(Locale.ROOT, "train_acc=%.4f", acc));
        System.out.println(String.format(Locale.ROOT, "predict_median_us=%.2f", t[iters / 2] / 1000.0));
        System.out.println(String.format(Locale.ROOT, "predict_p99_us=%.2f", t[(int) Math.min(iters - 1, Math.floor(iters * 0.99))] / 1000.0));
        if (sink == 12345.678f) System.out.println("(sink)");
    }
}
