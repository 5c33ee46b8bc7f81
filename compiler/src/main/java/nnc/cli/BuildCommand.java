package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.JarBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc build FILE -o OUT.jar [--model M] [--weights W]}: an embeddable jar of one model. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Pack a model, its weights and preprocessing, and the runtime into a jar that runs without nnc "
                + "(java --add-modules jdk.incubator.vector -jar OUT.jar INPUT.csv, or nnc.runtime.EmbeddedModel.load()).")
public final class BuildCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.jar", required = true) Path output;

    @Option(names = "--weights", paramLabel = "W", description = "trained weights (default: freshly initialised with the train block's seed)")
    Path weights;

    @Option(names = "--model", paramLabel = "M") String model;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> JarBuild.build(file, model, weights, output, spec.commandLine().getOut()));
    }
}
