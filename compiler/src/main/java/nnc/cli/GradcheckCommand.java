package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.GradientRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc gradcheck FILE}: analytic gradients against central finite differences, in double precision. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Compare the model's analytic gradients with central finite differences (double precision); exit 1 on failure.")
public final class GradcheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = "--model", paramLabel = "M") String model;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "4", description = "batch rows to check on (default 4)")
    int samples;

    @Option(names = "--checks", paramLabel = "K", defaultValue = "20", description = "entries checked per parameter (default 20)")
    int checks;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-5", description = "largest relative error allowed (default 1e-5)")
    double tolerance;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0") long seed;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> GradientRun.gradcheck(file, model, samples, checks, tolerance, seed,
                spec.commandLine().getOut()));
    }
}
