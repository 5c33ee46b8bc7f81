package nnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nnc check FILE…}: parse and check; prints diagnostics; exit 0 when clean, else 1. */
@Command(name = "check", description = "Parse and shape-check a .nn file; exit 0, or print errors and exit 1.",
        mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the .nn file(s) to check")
    List<Path> files;

    CheckCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        int exit = Io.OK;
        for (Path file : files) {
            FrontendResult result;
            try {
                result = Frontend.run(file);
            } catch (IOException e) {
                exit = Math.max(exit, io.cannotRead(file, e));
                continue;
            }
            int code = io.report(result);
            if (code == Io.OK) io.out().println(file + ": ok");
            exit = Math.max(exit, code);
        }
        return exit;
    }
}
