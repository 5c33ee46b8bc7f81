package nnc.check;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads just the headers of data files, so that the checker knows column names and array shapes without
 * loading the data: the first two lines of a CSV, the dimensions of an IDX file, the header dict of an NPY.
 */
final class DataFiles {
    private DataFiles() {}

    /** Column names and whether each column of the first data row is numeric. */
    record CsvHeader(List<String> columns, List<Boolean> numeric) {}

    /** Dimensions (first = sample count) and element type. */
    record ArrayHeader(List<Integer> dims, DType dtype) {}

    static CsvHeader csv(Path p, char delimiter) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(p), StandardCharsets.UTF_8))) {
            String head = r.readLine();
            if (head == null) throw new IOException("the file is empty");
            if (head.startsWith("\uFEFF")) head = head.substring(1);
            List<String> cols = split(head, delimiter);
            String row = r.readLine();
            List<Boolean> numeric = new ArrayList<>();
            List<String> cells = row == null ? List.of() : split(row, delimiter);
            for (int i = 0; i < cols.size(); i++) {
                boolean num = i < cells.size() && isNumber(cells.get(i));
                numeric.add(num);
            }
            return new CsvHeader(cols, numeric);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Splits one CSV line (RFC 4180 quotes). */
    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    static ArrayHeader idx(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(open(p))) {
            int zero = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int ndims = in.readUnsignedByte();
            if (zero != 0 || ndims == 0 || ndims > 8) throw new IOException("not an IDX file (bad magic number)");
            List<Integer> dims = new ArrayList<>();
            for (int i = 0; i < ndims; i++) dims.add(in.readInt());
            DType t = type == 0x0D || type == 0x0E ? DType.FLOAT32 : DType.INT32;
            return new ArrayHeader(dims, t);
        }
    }

    private static final Pattern NPY_DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern NPY_SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static ArrayHeader npy(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(open(p))) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if ((magic[0] & 0xFF) != 0x93 || magic[1] != 'N' || magic[2] != 'U') throw new IOException("not an NPY file");
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int len = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort())) : Integer.reverseBytes(in.readInt());
            byte[] h = new byte[len];
            in.readFully(h);
            String header = new String(h, StandardCharsets.ISO_8859_1);
            Matcher d = NPY_DESCR.matcher(header), s = NPY_SHAPE.matcher(header);
            if (!d.find() || !s.find()) throw new IOException("unreadable NPY header");
            List<Integer> dims = new ArrayList<>();
            for (String part : s.group(1).split(",")) if (!part.isBlank()) dims.add(Integer.parseInt(part.trim()));
            String descr = d.group(1);
            DType t = descr.contains("f") ? DType.FLOAT32 : DType.INT32;
            return new ArrayHeader(dims, t);
        }
    }

    private static InputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
