package nnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.driver.ProgramError;
import nnc.driver.UserError;
import nnc.syntax.DiagnosticRenderer;
import nnc.syntax.SourceFile;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the compile-and-run commands (train, predict, evaluate, gradients, gradcheck, build, the
 * ir/fused/bytecode stages of emit) share: a user error becomes one clear message on stderr and exit
 * code 1, never a stack trace. An unexpected exception is a bug in nnc: it is reported as such, also
 * without a trace unless {@code NNC_DEBUG} is set.
 */
final class CommandSupport {
    private CommandSupport() {}

    static int run(CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (UserError e) {
            report(err, e);
            return 1;
        } catch (nnc.runtime.io.FileFormatException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        } catch (java.io.IOException e) {
            err.println("nnc: error: " + e.getMessage());
            err.flush();
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("nnc: error: out of memory; try a smaller --batch-size or a larger heap (NNC_JVM_OPTS=-Xmx4g)");
            err.flush();
            return 1;
        } catch (Exception | StackOverflowError | AssertionError e) {
            err.println("nnc: internal error: " + e + " (a bug in nnc; please report it with the .nn file)");
            if (System.getenv("NNC_DEBUG") != null) e.printStackTrace(err);
            err.flush();
            return 3;
        }
    }

    static void report(PrintWriter err, UserError e) {
        if (e instanceof ProgramError pe && !pe.diagnostics().isEmpty()) {
            SourceFile source = null;
            String file = pe.diagnostics().get(0).span().file();
            try {
                if (file != null && Files.isRegularFile(Path.of(file))) source = SourceFile.read(Path.of(file));
            } catch (Exception ignored) {
                // the message is still useful without the source line
            }
            err.print(DiagnosticRenderer.renderAll(pe.diagnostics(), source));
        } else {
            err.println("nnc: error: " + e.getMessage());
            if (e.hint() != null) err.println("hint: " + e.hint());
        }
        err.flush();
    }
}
