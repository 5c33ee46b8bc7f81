package nnc.runtime.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnc.runtime.DType;
import nnc.runtime.Tensor;
import nnc.runtime.io.AtomicFiles;
import nnc.runtime.io.FileFormatException;

/**
 * Reads a CSV file with a header line (RFC 4180: comma separated, fields optionally in double quotes,
 * {@code ""} for a quote inside quotes, quoted fields may span lines; CRLF or LF; a UTF-8 byte-order
 * mark is skipped; blank lines are ignored). Every problem is a {@link FileFormatException} with the
 * file and line.
 */
public final class Csv {
    private Csv() {}

    /** Reads and checks a whole CSV file. */
    public static CsvTable read(Path file) throws IOException {
        return read(file, file.toString());
    }

    /** Reads a CSV file, naming it {@code displayName} in errors. */
    public static CsvTable read(Path file, String displayName) throws IOException {
        return read(file, displayName, ',');
    }

    /** Reads a CSV file whose fields are separated by {@code delimiter} (e.g. {@code ';'} or a tab). */
    public static CsvTable read(Path file, String displayName, char delimiter) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new FileFormatException(displayName, 0, "no such file");
        } catch (CharacterCodingException e) {
            throw new FileFormatException(displayName, 0, "not a UTF-8 text file");
        }
        return parse(displayName, text, delimiter);
    }

    /** Parses comma-separated text; {@code name} is used in errors. */
    public static CsvTable parse(String name, String text) throws FileFormatException {
        return parse(name, text, ',');
    }

    /** Parses CSV text with the given field delimiter; {@code name} is used in errors. */
    public static CsvTable parse(String name, String text, char delimiter) throws FileFormatException {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') throw new IllegalArgumentException("bad CSV delimiter");
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 1, i = 0, n = text.length();
        while (i < n) {
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false, wasQuoted = false, blank = true;
            while (true) {
                if (i >= n) {
                    if (quoted) throw new FileFormatException(name, recordLine, "a quoted field is not closed (missing '\"')");
                    break;
                }
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') line++;
                        field.append(c);
                    }
                    continue;
                }
                if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                    field.setLength(0); // spaces before an opening quote are not part of the field
                    quoted = true;
                    wasQuoted = true;
                    blank = false;
                } else if (c == delimiter) {
                    fields.add(wasQuoted ? field.toString() : field.toString().strip());
                    field.setLength(0);
                    wasQuoted = false;
                    blank = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i < n && text.charAt(i) == '\n') i++;
                    line++;
                    break;
                } else {
                    if (wasQuoted) {
                        if (c == ' ' || c == '\t') continue;
                        throw new FileFormatException(name, line, "text after a closing quote in a field");
                    }
                    field.append(c);
                    if (!Character.isWhitespace(c)) blank = false;
                }
            }
            if (blank && fields.isEmpty()) continue; // blank line
            fields.add(wasQuoted ? field.toString() : field.toString().strip());
            records.add(fields);
            lines.add(recordLine);
        }
        if (records.isEmpty()) throw new FileFormatException(name, 1, "the file is empty; expected a header line with column names");
        List<String> header = records.get(0);
        for (int k = 0; k < header.size(); k++) {
            if (header.get(k).isEmpty()) throw new FileFormatException(name, lines.get(0), "column " + (k + 1) + " of the header has no name");
            for (int j = 0; j < k; j++) {
                if (header.get(j).equals(header.get(k))) {
                    throw new FileFormatException(name, lines.get(0), "column name '" + header.get(k) + "' appears twice in the header");
                }
            }
        }
        if (records.size() == 1) throw new FileFormatException(name, lines.get(0), "the file has a header but no data rows");
        List<String[]> rows = new ArrayList<>();
        int[] rowLines = new int[records.size() - 1];
        for (int r = 1; r < records.size(); r++) {
            List<String> f = records.get(r);
            if (f.size() != header.size()) {
                throw new FileFormatException(name, lines.get(r), "this row has " + f.size() + " field" + (f.size() == 1 ? "" : "s")
                        + " but the header has " + header.size() + " columns");
            }
            rows.add(f.toArray(new String[0]));
            rowLines[r - 1] = lines.get(r);
        }
        return new CsvTable(name, header, rows, rowLines, lines.get(0));
    }

    /**
     * The CSV text of a batch-leading tensor: one row per sample (flattened), a header line with
     * {@code columns} (or {@code NAME_0, NAME_1, …} when {@code columns} is null). Floats use the shortest
     * form that reads back exactly.
     */
    public static String format(Tensor t, List<String> columns, String name) {
        int n = t.rank() == 0 ? 1 : t.batch(), w = t.rank() == 0 ? 1 : t.sampleSize();
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < w; j++) {
            if (j > 0) sb.append(',');
            sb.append(columns != null ? quote(columns.get(j)) : w == 1 ? name : name + "_" + j);
        }
        sb.append('\n');
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < w; j++) {
                if (j > 0) sb.append(',');
                if (t.dtype() == DType.I32) sb.append(t.ints()[r * w + j]);
                else sb.append(number(t.floats()[r * w + j]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #format} atomically. */
    public static void write(Path file, Tensor t, List<String> columns, String name) throws IOException {
        AtomicFiles.writeString(file, format(t, columns, name));
    }

    private static String number(float v) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) return String.format(Locale.ROOT, "%d", (long) v);
        return Float.toString(v).replace("E", "e");
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
