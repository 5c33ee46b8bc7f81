package nnc.check;

import java.util.List;
import nnc.syntax.Diagnostic;

/**
 * The outcome of {@link Checker#check}: every diagnostic (syntax ones included, sorted by position), the
 * checked program (complete only when {@link #ok()}; partial otherwise, e.g. for editor hovers) and the
 * position index for editors.
 */
public record CheckResult(CheckedProgram program, List<Diagnostic> diagnostics, SpanIndex index) {
    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
