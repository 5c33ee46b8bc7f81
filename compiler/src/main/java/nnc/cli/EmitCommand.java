package nnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nnc.syntax.AstPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc emit FILE --stage STAGE}: shows what a compiler stage made of the file. */
@Command(name = "emit", description = "Show a compiler stage: --stage ast|shapes|ir|fused|bytecode.",
        mixinStandardHelpOptions = true)
final class EmitCommand implements Callable<Integer> {
    /** The stages this build can show; later stages add themselves here. */
    static final List<String> STAGES = List.of("ast", "shapes", "ir", "fused", "bytecode");

    private final Io io;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .nn file")
    Path file;

    @Option(names = "--stage", required = true, paramLabel = "STAGE", description = "one of: ast, shapes, ir, fused, bytecode")
    String stage;

    @Option(names = "--model", paramLabel = "M", description = "the model (stages ir, fused, bytecode)")
    String model;

    EmitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!STAGES.contains(stage)) {
            throw new ParameterException(spec.commandLine(),
                    "unknown stage '" + stage + "'; this build knows: " + String.join(", ", STAGES));
        }
        if (nnc.driver.StageEmitter.STAGES.contains(stage)) {
            return CommandSupport.run(spec, () -> nnc.driver.StageEmitter.emit(file, stage, model, spec.commandLine().getOut()));
        }
        FrontendResult result;
        try {
            result = Frontend.run(file);
        } catch (IOException e) {
            return io.cannotRead(file, e);
        }
        if (result.hasSyntaxErrors() || (!stage.equals("ast") && !result.ok())) return io.report(result);
        switch (stage) {
            case "ast" -> io.out().print(AstPrinter.print(result.ast()));
            case "shapes" -> io.out().print(nnc.check.ShapesEmitter.emit(result.check().program()));
            default -> throw new IllegalStateException("stage " + stage);
        }
        return Io.OK;
    }
}
