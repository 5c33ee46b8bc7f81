package nnc.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.runtime.DType;
import nnc.runtime.Tensor;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) holding little-endian float32
 * ({@code <f4}) or int32 ({@code <i4}) arrays in C order. Other element types, big-endian data and
 * Fortran order are rejected with a message saying how to convert. Written files are version 1.0 with
 * the header padded so that the data starts at a multiple of 64 bytes, as NumPy writes them.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** The bytes of a {@code .npy} file for {@code t}. */
    public static byte[] toBytes(Tensor t) {
        int[] shape = t.shape();
        StringBuilder sh = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) sh.append(shape[k]).append(shape.length == 1 ? "," : k + 1 < shape.length ? ", " : "");
        sh.append(')');
        String dict = "{'descr': '" + (t.dtype() == DType.F32 ? "<f4" : "<i4") + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        int n = t.size();
        ByteBuffer bb = ByteBuffer.allocate(total + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.US_ASCII));
        if (t.dtype() == DType.F32) {
            float[] f = t.floats();
            for (int k = 0; k < n; k++) bb.putFloat(f[k]);
        } else {
            int[] a = t.ints();
            for (int k = 0; k < n; k++) bb.putInt(a[k]);
        }
        return bb.array();
    }

    /** Writes {@code t} atomically. */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicFiles.write(file, toBytes(t));
    }

    /** Reads a {@code .npy} file. */
    public static Tensor read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file, 0, "no such file");
        }
        return parse(file.toString(), bytes);
    }

    /** Parses the bytes of a {@code .npy} file; {@code name} is used in error messages. */
    public static Tensor parse(String name, byte[] bytes) throws FileFormatException {
        if (bytes.length < 10) throw new FileFormatException(name, 0, "not a .npy file (too short)");
        for (int k = 0; k < MAGIC.length; k++) {
            if (bytes[k] != MAGIC[k]) throw new FileFormatException(name, 0, "not a .npy file (no \\x93NUMPY magic); save arrays with numpy.save");
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new FileFormatException(name, 0, "truncated .npy header");
            headerLen = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new FileFormatException(name, 0, "unsupported .npy format version " + major);
        }
        if (headerStart + headerLen > bytes.length) throw new FileFormatException(name, 0, "truncated .npy header");
        String header = new String(bytes, headerStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new FileFormatException(name, 0, "corrupt .npy header: " + header.strip());
        String descr = d.group(1);
        DType dtype = switch (descr) {
            case "<f4" -> DType.F32;
            case "<i4" -> DType.I32;
            default -> throw new FileFormatException(name, 0, "array has dtype '" + descr
                    + "'; nnc reads little-endian float32 ('<f4') or int32 ('<i4') — convert with arr.astype(numpy.float32)");
        };
        if (f.group(1).equals("True")) {
            throw new FileFormatException(name, 0, "array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        String[] parts = s.group(1).split(",");
        int count = 0;
        for (String p : parts) if (!p.isBlank()) count++;
        int[] shape = new int[count];
        int k = 0;
        long n = 1;
        for (String p : parts) {
            if (p.isBlank()) continue;
            try {
                shape[k] = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new FileFormatException(name, 0, "corrupt .npy shape: (" + s.group(1) + ")");
            }
            n *= shape[k++];
        }
        int dataStart = (int) (headerStart + headerLen);
        if (bytes.length - dataStart < 4 * n) {
            throw new FileFormatException(name, 0, "truncated .npy file: shape " + java.util.Arrays.toString(shape) + " needs "
                    + 4 * n + " data bytes, the file has " + (bytes.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) (4 * n)).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.F32) {
            float[] a = new float[(int) n];
            data.asFloatBuffer().get(a);
            return Tensor.of(a, shape);
        }
        int[] a = new int[(int) n];
        data.asIntBuffer().get(a);
        return Tensor.of(a, shape);
    }
}
