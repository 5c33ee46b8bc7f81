package nnc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import nnc.syntax.DiagnosticRenderer;

/** The output streams a command writes to (so tests can capture them), and shared messages. */
public record Io(PrintStream out, PrintStream err) {

    /** Exit code of a successful command. */
    public static final int OK = 0;
    /** Exit code for a user error: a bad program, bad data, an unreadable file. */
    public static final int USER_ERROR = 1;
    /** Exit code for a usage error: unknown command or option, missing argument. */
    public static final int USAGE = 2;
    /** Exit code for a bug in nnc itself. */
    public static final int INTERNAL = 3;

    /** Prints {@code nnc: cannot read FILE: REASON} and returns {@link #USER_ERROR}. */
    public int cannotRead(Path file, IOException e) {
        err.println("nnc: cannot read " + file + ": " + reason(file, e));
        return USER_ERROR;
    }

    /** Prints a front-end result's diagnostics to stderr; returns 0 when it has no error, else 1. */
    public int report(FrontendResult result) {
        if (!result.diagnostics().isEmpty()) {
            err.print(DiagnosticRenderer.renderAll(result.diagnostics(), result.source()));
        }
        return result.ok() ? OK : USER_ERROR;
    }

    private static String reason(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof CharacterCodingException) return "the file is not UTF-8 text";
        if (Files.isDirectory(file)) return "it is a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
