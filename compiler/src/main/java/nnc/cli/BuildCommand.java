package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.BuildRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc build FILE -o OUT.jar [--weights W]}: an embeddable jar of the compiled model. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an embeddable jar: the generated model class, the runtime and (with --weights) the weights.")
public final class BuildCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.jar", required = true) Path out;

    @Option(names = "--weights", paramLabel = "W", description = "weights to include (from nnc train)") Path weights;

    @Option(names = "--model", paramLabel = "M") String model;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> BuildRun.build(file, model, out, weights, spec.commandLine().getOut()));
    }
}
