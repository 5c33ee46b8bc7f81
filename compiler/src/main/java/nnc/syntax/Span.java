package nnc.syntax;

/**
 * A region of a source file. Lines and columns are 1-based; {@code endLine}/{@code endCol}
 * point just past the last character (exclusive), as do the 0-based character offsets
 * {@code start}/{@code end}. A zero-length span ({@code start == end}) marks a point,
 * e.g. where a missing token was expected.
 */
public record Span(String file, int line, int col, int endLine, int endCol, int start, int end) {

    /** The span from the start of {@code a} to the end of {@code b}. */
    public static Span covering(Span a, Span b) {
        if (a == null) return b;
        if (b == null) return a;
        Span first = a.start <= b.start ? a : b;
        Span last = a.end >= b.end ? a : b;
        return new Span(a.file, first.line, first.col, last.endLine, last.endCol, first.start, last.end);
    }

    /** A zero-length span at the start of this one. */
    public Span startPoint() {
        return new Span(file, line, col, line, col, start, start);
    }

    /** A zero-length span at the end of this one. */
    public Span endPoint() {
        return new Span(file, endLine, endCol, endLine, endCol, end, end);
    }

    /** Number of characters covered. */
    public int length() {
        return end - start;
    }

    /** {@code line:col}, as used in messages ("opened at 4:10"). */
    public String position() {
        return line + ":" + col;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + col + "-" + endLine + ":" + endCol;
    }
}
