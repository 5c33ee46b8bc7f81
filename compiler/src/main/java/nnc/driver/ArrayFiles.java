package nnc.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nnc.runtime.DType;
import nnc.runtime.Tensor;
import nnc.runtime.io.AtomicFiles;
import nnc.runtime.io.FileFormatException;
import nnc.runtime.io.Npy;

/**
 * Arrays in and out of the command line (LANGUAGE.md, Files): {@code .npy} (float32/int32, C order)
 * and {@code .csv} (numbers; a header line is skipped when it is not numeric). Read arrays are
 * reshaped to {@code [rows, ...perSample]} after checking that the element count fits.
 */
public final class ArrayFiles {
    private ArrayFiles() {}

    /** Whether {@code p} names a .npy file (else CSV). */
    public static boolean isNpy(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** Reads an array as doubles with its row count ({@code [0]} of the result's shape). */
    public record Raw(double[] values, int rows, int[] shape) {}

    public static Raw read(Path p) {
        try {
            if (isNpy(p)) {
                Tensor t = Npy.read(p);
                double[] v = new double[t.size()];
                if (t.dtype() == DType.I32) for (int i = 0; i < v.length; i++) v[i] = t.ints()[i];
                else for (int i = 0; i < v.length; i++) v[i] = t.floats()[i];
                int rows = t.rank() == 0 ? 1 : t.dim(0);
                return new Raw(v, rows, t.shape());
            }
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + p + ": no such file");
        } catch (FileFormatException e) {
            throw new UserError(e.getMessage().replaceFirst("^(.*?): error: ", "$1: "));
        } catch (IOException e) {
            throw new UserError("cannot read " + p + ": " + e.getMessage());
        }
        CsvTable t = CsvTable.read(p, ',', false);
        int start = t.allNumeric() ? 0 : 1;
        int w = t.header().size(), n = t.rows() - start;
        if (n <= 0) throw new UserError(p + ": no data rows");
        double[] v = new double[n * w];
        for (int r = 0; r < n; r++) for (int c = 0; c < w; c++) v[r * w + c] = t.number(r + start, c);
        return new Raw(v, n, new int[] {n, w});
    }

    /** {@code raw} as a batch tensor of per-sample shape {@code perSample} and type {@code dtype}. */
    public static Tensor toTensor(Raw raw, int[] perSample, DType dtype, Path from, String what) {
        int per = 1;
        for (int d : perSample) per *= d;
        if (raw.values().length % per != 0 || raw.values().length / per != raw.rows()) {
            throw new UserError(from + ": " + what + " needs " + per + " values per sample (shape "
                    + java.util.Arrays.toString(perSample) + "), the file has " + java.util.Arrays.toString(raw.shape()));
        }
        int[] shape = new int[perSample.length + 1];
        shape[0] = raw.rows();
        System.arraycopy(perSample, 0, shape, 1, perSample.length);
        if (dtype == DType.I32) {
            int[] iv = new int[raw.values().length];
            for (int i = 0; i < iv.length; i++) iv[i] = (int) Math.rint(raw.values()[i]);
            return Tensor.of(iv, shape);
        }
        float[] f = new float[raw.values().length];
        for (int i = 0; i < f.length; i++) f[i] = (float) raw.values()[i];
        return Tensor.of(f, shape);
    }

    /** Writes {@code t} as .npy or as CSV (one row per sample, flattened), atomically. */
    public static void write(Path p, Tensor t) throws IOException {
        if (isNpy(p)) {
            AtomicFiles.write(p, Npy.toBytes(t));
        } else {
            AtomicFiles.write(p, csv(List.of(t)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** CSV text of the outputs side by side: one line per sample. */
    public static String csv(List<Tensor> outputs) {
        StringBuilder sb = new StringBuilder();
        int n = outputs.get(0).dim(0);
        for (int r = 0; r < n; r++) {
            boolean first = true;
            for (Tensor t : outputs) {
                int w = t.sampleSize();
                for (int k = 0; k < w; k++) {
                    if (!first) sb.append(',');
                    first = false;
                    float v = t.dtype() == DType.I32 ? t.ints()[r * w + k] : t.floats()[r * w + k];
                    sb.append(format(v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String format(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return Integer.toString((int) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
