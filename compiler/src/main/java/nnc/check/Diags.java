package nnc.check;

import java.util.ArrayList;
import java.util.List;
import nnc.syntax.Diagnostic;
import nnc.syntax.Severity;
import nnc.syntax.Span;

/** The diagnostics of one check run, collected as values (several per run; never thrown). */
final class Diags {
    final List<Diagnostic> list = new ArrayList<>();

    void error(String code, Span span, String message, String hint) {
        list.add(new Diagnostic(code, Severity.ERROR, span, message, hint));
    }

    void error(String code, Span span, String message) {
        error(code, span, message, null);
    }

    void warning(String code, Span span, String message, String hint) {
        list.add(new Diagnostic(code, Severity.WARNING, span, message, hint));
    }

    int errorCount() {
        return (int) list.stream().filter(Diagnostic::isError).count();
    }
}
