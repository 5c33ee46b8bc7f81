package nnc.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the nnc command line (main class of the dist jar). Exit codes: 0 success,
 * 1 user error, 2 usage error, 3 internal error. No stack trace is ever printed: a failure that
 * is not a user error is reported as {@code nnc: internal error: …}.
 */
@Command(name = "nnc", mixinStandardHelpOptions = true, version = "nnc 0.1.0",
        description = "A compiler for the .nn neural-network language.",
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements Callable<Integer> {
    private final Io io;

    private Main(Io io) {
        this.io = io;
    }

    /** Builds the command tree. Add one line per subcommand. */
    static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new Main(io));
        cl.addSubcommand(new CheckCommand(io));
        cl.addSubcommand(new EmitCommand(io));
        cl.addSubcommand(new SummaryCommand(io));
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new EvaluateCommand());
        cl.addSubcommand(new PredictCommand());
        cl.addSubcommand(new GradientsCommand());
        cl.addSubcommand(new GradcheckCommand());
        cl.addSubcommand(new BuildCommand());
        // nnc lsp: the lsp module depends on this one, so its command is found by name (present in the dist jar).
        try { cl.addSubcommand(Class.forName("nnc.lsp.LspCommand").getDeclaredConstructor().newInstance()); } catch (ReflectiveOperationException | LinkageError e) { /* no language server on the class path */ }
        return cl;
    }

    /** Runs nnc with these arguments, writing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Io io = new Io(out, err);
        try {
            CommandLine cl = commandLine(io);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setParameterExceptionHandler((ex, a) -> {
                err.println("nnc: " + ex.getMessage());
                CommandLine sub = ex.getCommandLine();
                err.println("Try '" + sub.getCommandSpec().qualifiedName() + " --help' for more information.");
                return Io.USAGE;
            });
            cl.setExecutionExceptionHandler((ex, c, parsed) -> internalError(err, ex));
            return cl.execute(args);
        } catch (Throwable t) {
            return internalError(err, t);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static int internalError(PrintStream err, Throwable t) {
        err.println("nnc: internal error: " + t + (t.getStackTrace().length > 0 ? " at " + t.getStackTrace()[0] : ""));
        err.println("This is a bug in nnc; please report it with the file that caused it.");
        return Io.INTERNAL;
    }

    /** {@code nnc} without a command: show the usage and fail as a usage error. */
    @Override
    public Integer call() {
        io.err().println("nnc: a command is needed");
        io.err().print(commandLine(io).getUsageMessage());
        return Io.USAGE;
    }
}
