package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.InferenceRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc predict FILE --weights W --input X [--output O]}: the model's outputs for raw inputs. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Run the model on raw inputs (.csv or .npy; the saved preprocessing is applied) and print or write the outputs.")
public final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = "--weights", paramLabel = "W", required = true) Path weights;

    @Option(names = "--input", paramLabel = "X", required = true, description = ".csv (the data set's columns, or plain numbers) or .npy")
    Path input;

    @Option(names = {"--output", "-o"}, paramLabel = "O", description = ".csv or .npy (default: print CSV)")
    Path output;

    @Option(names = "--model", paramLabel = "M") String model;

    @Override
    public Integer call() {
        nnc.runtime.compiled.Warmup.start();   // the kernels compile while the front end works
        return CommandSupport.run(spec, () -> InferenceRun.predict(file, model, weights, input, output,
                spec.commandLine().getOut()));
    }
}
