package nnc.cli;

import java.util.List;
import nnc.check.CheckResult;
import nnc.syntax.Diagnostic;
import nnc.syntax.SourceFile;
import nnc.syntax.ast.Program;

/**
 * What the front end made of one file: the source, its AST and every diagnostic (sorted by
 * position), and the checker's result ({@code check}: null when parsing failed, since the checker
 * runs only on error-free parses).
 */
public record FrontendResult(SourceFile source, Program ast, List<Diagnostic> diagnostics, CheckResult check) {

    /** True when no diagnostic is an error. */
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** True when the file had lexical or syntax errors (the checker did not run then). */
    public boolean hasSyntaxErrors() {
        return diagnostics.stream().anyMatch(d -> d.isError() && d.isSyntax());
    }
}
