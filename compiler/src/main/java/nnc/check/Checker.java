package nnc.check;

import java.util.List;
import nnc.syntax.ParseResult;
import nnc.syntax.SourceFile;
import nnc.syntax.SourceParser;

/**
 * The checker stage: name resolution (stdlib implicitly imported, {@code import "x.nn"} relative to the
 * file, models usable as layers, user {@code fn} and {@code layer} declarations), argument binding, shape
 * inference over the layer catalogue, Keras instance names, and the checks of {@code data} and
 * {@code train} blocks. It runs only when parsing produced no error, so that checker errors never pile
 * onto syntax errors.
 */
public final class Checker {
    private Checker() {}

    /** Parses and checks a file. */
    public static CheckResult check(SourceFile file) {
        return check(SourceParser.parse(file));
    }

    /**
     * Checks a parse result. Relative paths (imports, data files) resolve against the folder of the
     * program's file path; syntax errors are returned as they are, without checking.
     */
    public static CheckResult check(ParseResult parsed) {
        if (!parsed.ok()) {
            return new CheckResult(new CheckedProgram(List.of(), List.of(), List.of(), List.of(), List.of()),
                    parsed.diagnostics(), new SpanIndex());
        }
        return new ProgramChecker(parsed).run();
    }
}
