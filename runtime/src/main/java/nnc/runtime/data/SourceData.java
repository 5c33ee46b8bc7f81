package nnc.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import nnc.runtime.Tensor;
import nnc.runtime.io.FileFormatException;

/**
 * The raw data a {@code data} block reads before its pipelines: a CSV table ({@code csv("file")}, whose
 * pipelines start with {@code columns(…)} or {@code column(…)}) or named arrays ({@code idx(images,
 * labels)}, whose pipelines start with {@code images} or {@code labels}).
 */
public final class SourceData {
    private final String name;
    private final CsvTable csv;
    private final Map<String, Tensor> arrays;
    private final boolean idx;

    private SourceData(String name, CsvTable csv, Map<String, Tensor> arrays, boolean idx) {
        this.name = name;
        this.csv = csv;
        this.arrays = arrays;
        this.idx = idx;
    }

    /** Whether this is an {@code idx(images, labels)} source (its labels are class ids). */
    public boolean isIdx() {
        return idx;
    }

    /** A CSV source. */
    public static SourceData csv(Path file) throws IOException {
        return csv(Csv.read(file));
    }

    /** A CSV source with another field delimiter ({@code csv("f.csv", delimiter = ";")}). */
    public static SourceData csv(Path file, String displayName, char delimiter) throws IOException {
        return csv(Csv.read(file, displayName, delimiter));
    }

    /** An {@code npy(x = "x.npy", …)} source: each named file becomes a field of that name. */
    public static SourceData npy(Map<String, Path> files) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        int rows = -1;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Tensor t = nnc.runtime.io.Npy.read(e.getValue());
            if (t.rank() == 0) throw new FileFormatException(e.getValue(), 0, "a data array needs a sample dimension; this one is a scalar");
            if (rows >= 0 && t.batch() != rows) {
                throw new FileFormatException(e.getValue(), 0, t.batch() + " rows, but the other arrays of this source have " + rows);
            }
            rows = t.batch();
            m.put(e.getKey(), t);
        }
        return new SourceData(files.values().iterator().next().toString(), null, m, false);
    }

    public static SourceData csv(CsvTable table) {
        return new SourceData(table.file(), table, Map.of(), false);
    }

    /** An IDX source: {@code images} and, when given, {@code labels}. The two must have the same number of rows. */
    public static SourceData idx(Path images, Path labels) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Tensor im = Idx.read(images);
        m.put("images", im);
        if (labels != null) {
            Tensor lb = Idx.read(labels);
            if (lb.batch() != im.batch()) {
                throw new FileFormatException(labels, 0, lb.batch() + " labels for " + im.batch() + " images in " + images);
            }
            m.put("labels", lb);
        }
        return new SourceData(images.toString(), null, m, true);
    }

    /** Named arrays (e.g. from .npy files). */
    public static SourceData arrays(String name, Map<String, Tensor> arrays) {
        return new SourceData(name, null, new LinkedHashMap<>(arrays), false);
    }

    /** The file name used in errors. */
    public String name() {
        return name;
    }

    /** The CSV table, or null for array sources. */
    public CsvTable csv() {
        return csv;
    }

    /** Number of samples. */
    public int rows() {
        return csv != null ? csv.size() : arrays.values().iterator().next().batch();
    }

    /** A named array ({@code images}, {@code labels}). */
    public Tensor array(String key) throws FileFormatException {
        Tensor t = arrays.get(key);
        if (t == null) throw new FileFormatException(name, 0, "this data source has no '" + key + "'; it has " + String.join(", ", arrays.keySet()));
        return t;
    }
}
