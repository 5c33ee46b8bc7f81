package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc train FILE}: trains a model on its data and writes the weights (safetensors, atomically). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model as its train block says; write the weights (and the data statistics) as safetensors.")
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .nn program")
    Path file;

    @Option(names = "--model", paramLabel = "M", description = "the model to train (default: the first train block's)")
    String model;

    @Option(names = "--epochs", paramLabel = "N", description = "override epochs")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "override batch_size")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "S", description = "override seed (initialisation, shuffling, dropout)")
    Long seed;

    @Option(names = "--weights-out", paramLabel = "W", description = "where to write the weights (default: FILE with .safetensors)")
    Path weightsOut;

    @Option(names = "--plot", paramLabel = "PNG_OR_SVG", description = "write the loss/metric history as a PNG or SVG chart")
    Path plot;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            if (epochs != null && epochs < 0) throw new nnc.driver.UserError("--epochs must be 0 or more");
            if (batchSize != null && batchSize < 1) throw new nnc.driver.UserError("--batch-size must be 1 or more");
            TrainingRun.Options o = new TrainingRun.Options(file, model, epochs, batchSize, seed, weightsOut, plot, quiet);
            return TrainingRun.train(o, spec.commandLine().getOut(), spec.commandLine().getErr());
        });
    }
}
