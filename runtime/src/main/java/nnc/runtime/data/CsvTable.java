package nnc.runtime.data;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Tensor;
import nnc.runtime.io.FileFormatException;

/**
 * The cells of a CSV file: the header's column names and the data rows as strings, each row with its
 * line number for error messages. Created by {@link Csv}.
 */
public final class CsvTable {
    private final String file;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;
    private final int headerLine;

    CsvTable(String file, List<String> header, List<String[]> rows, int[] lines, int headerLine) {
        this.file = file;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
        this.headerLine = headerLine;
    }

    /** The file name used in errors. */
    public String file() {
        return file;
    }

    public List<String> columns() {
        return header;
    }

    /** Number of data rows. */
    public int size() {
        return rows.size();
    }

    /** The line on which data row {@code r} (0-based) starts. */
    public int line(int r) {
        return lines[r];
    }

    /** The cell of row {@code r}, column {@code c}. */
    public String cell(int r, int c) {
        return rows.get(r)[c];
    }

    /** The index of a column; a missing name is an error on the header line, with a "did you mean". */
    public int columnIndex(String name) throws FileFormatException {
        int k = header.indexOf(name);
        if (k >= 0) return k;
        String near = null;
        int best = Integer.MAX_VALUE;
        for (String h : header) {
            int d = distance(h.toLowerCase(), name.toLowerCase());
            if (d < best) {
                best = d;
                near = h;
            }
        }
        String hint = near != null && best <= Math.max(2, name.length() / 3) ? " — did you mean '" + near + "'?" : "";
        throw new FileFormatException(file, headerLine, "no column named '" + name + "'; the columns are " + String.join(", ", header) + hint);
    }

    /** The strings of one column. */
    public List<String> strings(String name) throws FileFormatException {
        int c = columnIndex(name);
        List<String> out = new ArrayList<>(rows.size());
        for (String[] r : rows) out.add(r[c]);
        return out;
    }

    /** Columns parsed as numbers, one row per data row: shape {@code [rows, names.length]}. */
    public Tensor numbers(List<String> names) throws FileFormatException {
        int[] idx = new int[names.size()];
        for (int k = 0; k < idx.length; k++) idx[k] = columnIndex(names.get(k));
        float[] data = new float[rows.size() * idx.length];
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < idx.length; k++) data[r * idx.length + k] = number(r, idx[k]);
        }
        return Tensor.of(data, rows.size(), idx.length);
    }

    /** Whether every cell of a column parses as a number. */
    public boolean isNumeric(String name) throws FileFormatException {
        int c = columnIndex(name);
        for (String[] r : rows) {
            if (parse(r[c]) == null) return false;
        }
        return true;
    }

    float number(int r, int c) throws FileFormatException {
        String s = rows.get(r)[c];
        Float v = parse(s);
        if (v == null) {
            throw new FileFormatException(file, lines[r], s.isEmpty()
                    ? "empty cell in column '" + header.get(c) + "'; a number is needed"
                    : "column '" + header.get(c) + "' holds '" + s + "', which is not a number");
        }
        return v;
    }

    static Float parse(String s) {
        if (s.isEmpty()) return null;
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
            return switch (s.toLowerCase()) {
                case "nan" -> Float.NaN;
                case "inf", "infinity" -> Float.POSITIVE_INFINITY;
                default -> null;
            };
        }
        if (s.endsWith("f") || s.endsWith("F") || s.endsWith("d") || s.endsWith("D")) return null; // Java literal suffixes are not CSV numbers
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
