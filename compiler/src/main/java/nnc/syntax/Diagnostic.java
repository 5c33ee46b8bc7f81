package nnc.syntax;

/**
 * A problem found in a program, as a value: a stable {@code code} (e.g. {@code syntax.expected},
 * {@code lex.bad-char}; checker codes start with {@code check.}), a severity, the span it
 * is about, a one-line {@code message} and an optional {@code hint} (null when none).
 * Rendered by {@link DiagnosticRenderer}; the CLI and the language server show the same values.
 */
public record Diagnostic(String code, Severity severity, Span span, String message, String hint) {

    public static Diagnostic error(String code, Span span, String message, String hint) {
        return new Diagnostic(code, Severity.ERROR, span, message, hint);
    }

    public static Diagnostic error(String code, Span span, String message) {
        return new Diagnostic(code, Severity.ERROR, span, message, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** True for lexical and syntax errors (codes {@code lex.*} and {@code syntax.*}). */
    public boolean isSyntax() {
        return code.startsWith("lex.") || code.startsWith("syntax.");
    }

    /** The same diagnostic with another hint. */
    public Diagnostic withHint(String newHint) {
        return new Diagnostic(code, severity, span, message, newHint);
    }
}
