package nnc.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nnc.runtime.DType;
import nnc.runtime.Tensor;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON header
 * ({@code {"NAME": {"dtype": "F32", "shape": [..], "data_offsets": [BEGIN, END]}, …, "__metadata__": {…}}},
 * padded with spaces to a multiple of 8), then the raw little-endian tensor bytes; offsets are relative
 * to the start of the data. nnc writes tensors sorted by name, both in the header and in the data, so
 * the same tensors always give the same bytes. Types: F32 and I32.
 */
public final class Safetensors {
    /** Upper bound on header size accepted when reading (guards against garbage lengths). */
    static final long MAX_HEADER = 100L << 20;

    private Safetensors() {}

    /** What a file holds: tensors by name (sorted) and the optional string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** The bytes of a safetensors file with {@code tensors} (sorted by name) and {@code metadata} (may be empty). */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        StringBuilder h = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                if (!first) h.append(',');
                first = false;
                h.append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            }
            h.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("__metadata__ is not a tensor name");
            Tensor t = e.getValue();
            long bytes = 4L * t.size();
            if (h.length() > 1) h.append(',');
            h.append(Json.quote(e.getKey())).append(":{\"dtype\":\"").append(t.dtype().safetensorsName())
                    .append("\",\"shape\":").append(Arrays.toString(t.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        if (8L + padded + offset > Integer.MAX_VALUE) throw new IllegalArgumentException("tensors too large for one file");
        ByteBuffer bb = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(padded);
        bb.put(header);
        for (int k = header.length; k < padded; k++) bb.put((byte) ' ');
        for (Tensor t : sorted.values()) {
            int n = t.size();
            if (t.dtype() == DType.F32) {
                float[] f = t.floats();
                for (int k = 0; k < n; k++) bb.putFloat(f[k]);
            } else {
                int[] a = t.ints();
                for (int k = 0; k < n; k++) bb.putInt(a[k]);
            }
        }
        return bb.array();
    }

    /** Writes the file atomically (see {@link AtomicFiles}). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(tensors, metadata);
        AtomicFiles.write(file, bytes);
    }

    /** Reads a file; any structural problem is a {@link FileFormatException} naming the file. */
    public static Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file, 0, "no such file");
        }
        return parse(file.toString(), bytes);
    }

    /** Parses the bytes of a safetensors file; {@code name} is used in error messages. */
    public static Contents parse(String name, byte[] bytes) throws FileFormatException {
        if (bytes.length < 8) {
            throw new FileFormatException(name, 0, "not a safetensors file: " + bytes.length + " bytes is shorter than the 8-byte header length (truncated?)");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong();
        if (n <= 0 || n > MAX_HEADER || n > bytes.length - 8) {
            throw new FileFormatException(name, 0, "not a safetensors file or truncated: header length " + Long.toUnsignedString(n)
                    + " does not fit in the file's " + bytes.length + " bytes");
        }
        String headerText = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = Json.parse(headerText);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(name, 0, "corrupt safetensors header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) throw new FileFormatException(name, 0, "corrupt safetensors header: not a JSON object");
        int dataStart = (int) (8 + n);
        long dataLength = bytes.length - dataStart;
        Map<String, Tensor> tensors = new TreeMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long maxEnd = 0;
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> meta)) throw new FileFormatException(name, 0, "corrupt safetensors header: __metadata__ is not an object");
                for (Map.Entry<?, ?> m : meta.entrySet()) metadata.put((String) m.getKey(), String.valueOf(m.getValue()));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) throw new FileFormatException(name, 0, "corrupt safetensors header: entry '" + key + "' is not an object");
            Object dtypeName = info.get("dtype");
            DType dtype;
            if ("F32".equals(dtypeName)) dtype = DType.F32;
            else if ("I32".equals(dtypeName)) dtype = DType.I32;
            else throw new FileFormatException(name, 0, "tensor '" + key + "' has dtype " + dtypeName + "; nnc reads F32 and I32 only");
            int[] shape = ints(name, key, "shape", info.get("shape"));
            int[] offsets = ints(name, key, "data_offsets", info.get("data_offsets"));
            if (offsets.length != 2) throw new FileFormatException(name, 0, "corrupt safetensors header: '" + key + "' needs two data_offsets");
            long count = 1;
            for (int d : shape) count *= d;
            long begin = offsets[0], end = offsets[1];
            if (end < begin || end - begin != 4 * count) {
                throw new FileFormatException(name, 0, "corrupt safetensors header: '" + key + "' has shape " + Arrays.toString(shape)
                        + " (" + 4 * count + " bytes) but data_offsets [" + begin + ", " + end + "]");
            }
            if (end > dataLength) {
                throw new FileFormatException(name, 0, "truncated file: tensor '" + key + "' ends at byte " + (dataStart + end)
                        + " but the file has " + bytes.length + " bytes");
            }
            maxEnd = Math.max(maxEnd, end);
            ByteBuffer data = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            if (dtype == DType.F32) {
                float[] f = new float[(int) count];
                data.asFloatBuffer().get(f);
                tensors.put(key, Tensor.of(f, shape));
            } else {
                int[] a = new int[(int) count];
                data.asIntBuffer().get(a);
                tensors.put(key, Tensor.of(a, shape));
            }
        }
        if (maxEnd != dataLength) {
            throw new FileFormatException(name, 0, "corrupt safetensors file: " + dataLength + " data bytes but the tensors cover " + maxEnd);
        }
        return new Contents(tensors, metadata);
    }

    private static int[] ints(String file, String key, String field, Object v) throws FileFormatException {
        if (!(v instanceof List<?> l)) throw new FileFormatException(file, 0, "corrupt safetensors header: '" + key + "' has no " + field + " list");
        int[] out = new int[l.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(l.get(k) instanceof Long x) || x < 0 || x > Integer.MAX_VALUE) {
                throw new FileFormatException(file, 0, "corrupt safetensors header: '" + key + "' " + field + " holds " + l.get(k));
            }
            out[k] = (int) (long) x;
        }
        return out;
    }
}
