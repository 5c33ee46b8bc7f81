package nnc.lsp;

import nnc.syntax.SourceFile;
import nnc.syntax.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between compiler spans (1-based lines and columns counted in UTF-16 characters) and
 * LSP positions (0-based lines and UTF-16 character offsets, the protocol's default encoding).
 */
final class Ranges {
    private Ranges() {}

    static Range toRange(Span span) {
        Position start = new Position(Math.max(0, span.line() - 1), Math.max(0, span.col() - 1));
        Position end = new Position(Math.max(0, span.endLine() - 1), Math.max(0, span.endCol() - 1));
        return new Range(start, end);
    }

    /** The position just after the last character of a span. */
    static Position end(Span span) {
        return new Position(Math.max(0, span.endLine() - 1), Math.max(0, span.endCol() - 1));
    }

    /** The 0-based character offset of an LSP position, clamped to the text. */
    static int offset(SourceFile source, Position position) {
        int line = position.getLine() + 1;
        if (line > source.lineCount()) return source.text().length();
        int start = source.lineStart(line);
        int length = source.lineText(line).length();
        return start + Math.max(0, Math.min(position.getCharacter(), length));
    }

    /** True when the 0-based offset lies inside the span (its end included, so a cursor just after a word counts). */
    static boolean contains(Span span, int offset) {
        return span != null && span.start() <= offset && offset <= span.end();
    }
}
