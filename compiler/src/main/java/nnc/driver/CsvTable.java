package nnc.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read whole: the header's column names and the rows as text cells (RFC 4180 quoting),
 * with the file line of every row so that errors can say {@code FILE:LINE}. Numbers are parsed on
 * demand by {@link #number}, which reports a non-numeric cell with its file, line and column name.
 */
public final class CsvTable {
    private final String file;
    private final List<String> header;
    private final List<List<String>> rows;
    private final List<Integer> lines;

    private CsvTable(String file, List<String> header, List<List<String>> rows, List<Integer> lines) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code path}; with {@code header} false the columns are named {@code 0, 1, …}. */
    public static CsvTable read(Path path, char delimiter, boolean header) {
        List<String> text;
        try {
            text = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + path + ": no such file");
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
        String file = path.toString();
        List<String> names = null;
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isBlank()) continue;
            List<String> cells = split(line, delimiter);
            if (names == null && header) {
                names = new ArrayList<>();
                for (String c : cells) names.add(c.trim());
                continue;
            }
            if (names == null) {
                names = new ArrayList<>();
                for (int k = 0; k < cells.size(); k++) names.add(Integer.toString(k));
            }
            if (cells.size() != names.size()) {
                throw new UserError(file + ":" + (i + 1) + ": " + cells.size() + " fields, but the "
                        + (header ? "header has " : "first row has ") + names.size(),
                        "every row needs one value per column");
            }
            rows.add(cells);
            lines.add(i + 1);
        }
        if (names == null) throw new UserError(file + ": the file is empty");
        if (rows.isEmpty()) throw new UserError(file + ": the file has a header but no data rows");
        return new CsvTable(file, names, rows, lines);
    }

    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    public String file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public int rows() {
        return rows.size();
    }

    /** Index of column {@code name}; a {@link UserError} naming the file's columns when it is missing. */
    public int column(String name) {
        int k = header.indexOf(name);
        if (k < 0) {
            throw new UserError(file + ":1: no column '" + name + "'",
                    "the columns are: " + String.join(", ", header));
        }
        return k;
    }

    /** The number in row {@code r}, column {@code c}. */
    public double number(int r, int c) {
        String s = rows.get(r).get(c).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UserError(file + ":" + lines.get(r) + ": column " + header.get(c) + ": '" + s + "' is not a number");
        }
    }

    /** The file line of row {@code r} (for messages). */
    public int line(int r) {
        return lines.get(r);
    }

    /** Whether every cell of the first row parses as a number (a header-less numeric file). */
    public boolean allNumeric() {
        for (int c = 0; c < header.size(); c++) {
            try {
                Double.parseDouble(rows.get(0).get(c).trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
