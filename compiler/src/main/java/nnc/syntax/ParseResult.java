package nnc.syntax;

import java.util.List;
import nnc.syntax.ast.Program;

/**
 * The outcome of {@link SourceParser#parse}: the AST (always present; after syntax errors it
 * holds what could be recovered, with {@link nnc.syntax.ast.Expr.Missing} placeholders) and the
 * lexical/syntax diagnostics, sorted by position.
 */
public record ParseResult(Program ast, List<Diagnostic> diagnostics) {

    /** True when the parse reported no error. Later stages run only then. */
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }
}
