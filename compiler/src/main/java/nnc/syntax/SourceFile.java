package nnc.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The text of one {@code .nn} file with its display path, and line lookup for spans and
 * diagnostics. Columns count UTF-16 characters from 1; a tab counts as one column.
 */
public final class SourceFile {
    private final String path;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String path, String text) {
        this.path = path;
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    /** Reads a file as UTF-8; the display path is the path as given. */
    public static SourceFile read(Path file) throws IOException {
        return new SourceFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The path shown in diagnostics. */
    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** 1-based line of a 0-based character offset (offsets past the end map to the last line). */
    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, Math.max(0, offset));
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 1-based column of a 0-based character offset. */
    public int colOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1] + 1;
    }

    /** 0-based offset of the first character of a 1-based line. */
    public int lineStart(int line) {
        return lineStarts[Math.max(1, Math.min(line, lineStarts.length)) - 1];
    }

    /** The text of a 1-based line, without its line terminator ("" when out of range). */
    public String lineText(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int s = lineStarts[line - 1];
        int e = line < lineStarts.length ? lineStarts[line] : text.length();
        while (e > s && (text.charAt(e - 1) == '\n' || text.charAt(e - 1) == '\r')) e--;
        return text.substring(s, e);
    }

    /** The span of the characters {@code [start, end)}. */
    public Span span(int start, int end) {
        start = Math.max(0, Math.min(start, text.length()));
        end = Math.max(start, Math.min(end, text.length()));
        return new Span(path, lineOf(start), colOf(start), lineOf(end), colOf(end), start, end);
    }

    @Override
    public String toString() {
        return path;
    }
}
