package nnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import nnc.check.CheckResult;
import nnc.check.Checker;
import nnc.syntax.ParseResult;
import nnc.syntax.SourceFile;
import nnc.syntax.SourceParser;

/**
 * Runs the front end on one file: parse, then (once it exists) check. The checker runs only
 * when the parse had no error, so that its diagnostics never pile up on top of syntax errors.
 * Used by {@code nnc check}, {@code nnc emit}, the golden tests and later commands.
 */
public final class Frontend {
    private Frontend() {}

    /** Reads and processes a file; an unreadable file is an {@link IOException}. */
    public static FrontendResult run(Path file) throws IOException {
        return run(SourceFile.read(file));
    }

    /** Processes a source already in memory. */
    public static FrontendResult run(SourceFile source) {
        ParseResult parsed = SourceParser.parse(source);
        if (!parsed.ok()) return new FrontendResult(source, parsed.ast(), parsed.diagnostics(), null);
        CheckResult checked = Checker.check(parsed);
        return new FrontendResult(source, parsed.ast(), checked.diagnostics(), checked);
    }
}
