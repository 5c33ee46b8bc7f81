package nnc.runtime.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import nnc.runtime.Tensor;
import nnc.runtime.io.FileFormatException;

/**
 * The IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by the gzip magic
 * bytes): two zero bytes, a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
 * 0x0D float32, 0x0E float64), the number of dimensions, the dimensions as big-endian int32, then the
 * big-endian data. Values are returned as float32 (bytes keep their 0..255 values).
 */
public final class Idx {
    private Idx() {}

    public static Tensor read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file, 0, "no such file");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new FileFormatException(file, 0, "corrupt or truncated gzip data: " + e.getMessage());
            }
        }
        return parse(file.toString(), bytes);
    }

    public static Tensor parse(String name, byte[] bytes) throws FileFormatException {
        if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 0) {
            throw new FileFormatException(name, 0, "not an IDX file (it must start with two zero bytes)");
        }
        int type = bytes[2] & 0xff, rank = bytes[3] & 0xff;
        int size = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new FileFormatException(name, 0, String.format("unknown IDX element type 0x%02X", type));
        };
        if (bytes.length < 4 + 4 * rank) throw new FileFormatException(name, 0, "truncated IDX header");
        ByteBuffer bb = ByteBuffer.wrap(bytes); // big-endian
        bb.position(4);
        int[] shape = new int[rank];
        long n = 1;
        for (int k = 0; k < rank; k++) {
            shape[k] = bb.getInt();
            if (shape[k] < 0) throw new FileFormatException(name, 0, "corrupt IDX header: negative dimension");
            n *= shape[k];
        }
        if (n > Integer.MAX_VALUE || bytes.length - bb.position() < n * size) {
            throw new FileFormatException(name, 0, "truncated IDX file: dimensions " + java.util.Arrays.toString(shape) + " need "
                    + n * size + " data bytes, the file has " + (bytes.length - bb.position()));
        }
        float[] out = new float[(int) n];
        for (int k = 0; k < n; k++) {
            out[k] = switch (type) {
                case 0x08 -> bb.get() & 0xff;
                case 0x09 -> bb.get();
                case 0x0B -> bb.getShort();
                case 0x0C -> bb.getInt();
                case 0x0D -> bb.getFloat();
                default -> (float) bb.getDouble();
            };
        }
        return Tensor.of(out, shape);
    }
}
