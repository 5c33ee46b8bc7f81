package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.GradientRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc gradients}: one deterministic forward+backward pass written as safetensors (LANGUAGE.md, Files). */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = "One forward+backward pass on the given batch (dropout and noise off); writes loss, output and grad.LAYER.PARAM.")
public final class GradientsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = "--weights", paramLabel = "W", required = true) Path weights;

    @Option(names = "--input", paramLabel = "X", required = true, description = "model input after the data pipeline (.npy or .csv)")
    Path input;

    @Option(names = "--target", paramLabel = "Y", required = true, description = "loss target after the data pipeline (.npy or .csv)")
    Path target;

    @Option(names = "--out", paramLabel = "G", required = true, description = "the .safetensors file to write")
    Path out;

    @Option(names = "--model", paramLabel = "M") String model;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> GradientRun.gradients(file, model, weights, input, target, out,
                spec.commandLine().getOut()));
    }
}
