package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.InferenceRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc evaluate FILE --weights W [--data D]}: loss and metrics of trained weights on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print the loss and metrics of trained weights on the train block's data (or --data D).")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = "--weights", paramLabel = "W", required = true, description = "weights written by nnc train")
    Path weights;

    @Option(names = "--data", paramLabel = "D", description = "a data set of the program (default: the train block's)")
    String data;

    @Option(names = "--model", paramLabel = "M") String model;

    @Option(names = "--batch-size", paramLabel = "N") Integer batchSize;

    @Override
    public Integer call() {
        nnc.runtime.compiled.Warmup.start();   // the kernels compile while the front end works
        return CommandSupport.run(spec, () -> InferenceRun.evaluate(file, model, weights, data, batchSize,
                spec.commandLine().getOut()));
    }
}
