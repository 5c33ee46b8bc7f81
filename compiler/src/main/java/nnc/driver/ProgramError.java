package nnc.driver;

import java.util.List;
import nnc.syntax.Diagnostic;

/** Errors found by the parser or the checker in a {@code .nn} file: rendered with source line and caret, exit code 1. */
public final class ProgramError extends UserError {
    private final List<Diagnostic> diagnostics;

    public ProgramError(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid program" : diagnostics.get(0).message());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
