package nnc.syntax;

import java.util.Comparator;
import java.util.List;

/**
 * Prints diagnostics as LANGUAGE.md asks:
 * <pre>
 * FILE:LINE:COL: error: MESSAGE
 *     SOURCE LINE
 *     ^^^^^
 * hint: HINT
 * </pre>
 * The caret line underlines the span on its first line (one caret for a point). Tabs in the
 * source line are kept in the caret line's indentation so the caret lines up in a terminal.
 */
public final class DiagnosticRenderer {
    private static final String INDENT = "    ";

    private DiagnosticRenderer() {}

    /** One diagnostic, ending with a newline. {@code source} may be null (no source line then). */
    public static String render(Diagnostic d, SourceFile source) {
        StringBuilder out = new StringBuilder();
        Span s = d.span();
        out.append(s.file()).append(':').append(s.line()).append(':').append(s.col())
           .append(": ").append(d.severity().label()).append(": ").append(d.message()).append('\n');
        if (source != null && s.line() >= 1 && s.line() <= source.lineCount()) {
            String line = source.lineText(s.line());
            out.append(INDENT).append(line).append('\n');
            int from = Math.min(s.col() - 1, line.length());
            int to = s.endLine() == s.line() ? s.endCol() - 1 : line.length();
            to = Math.min(Math.max(to, from + 1), Math.max(line.length(), from + 1));
            StringBuilder caret = new StringBuilder(INDENT);
            for (int i = 0; i < from; i++) caret.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
            for (int i = from; i < to; i++) caret.append('^');
            out.append(caret).append('\n');
        }
        if (d.hint() != null && !d.hint().isEmpty()) out.append("hint: ").append(d.hint()).append('\n');
        return out.toString();
    }

    /** All diagnostics sorted by position, each rendered, followed by a count line when there are errors. */
    public static String renderAll(List<Diagnostic> diagnostics, SourceFile source) {
        StringBuilder out = new StringBuilder();
        List<Diagnostic> sorted = sorted(diagnostics);
        for (Diagnostic d : sorted) out.append(render(d, source));
        long errors = sorted.stream().filter(Diagnostic::isError).count();
        if (errors > 0) out.append(errors).append(errors == 1 ? " error\n" : " errors\n");
        return out.toString();
    }

    /** Diagnostics ordered by file offset, then by code (stable for equal positions). */
    public static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .sorted(Comparator.comparingInt((Diagnostic d) -> d.span().start()))
                .toList();
    }
}
