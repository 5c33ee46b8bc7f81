package nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A file built by hand from the format description, independent of the writer. */
    static byte[] handMade() {
        String header = "{\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"__metadata__\":{\"format\":\"pt\"}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(h.length).put(h).putFloat(1.5f).putFloat(-2f).putInt(7).putInt(-9);
        return bb.array();
    }

    @Test
    void readsAHandMadeFile() throws IOException {
        Safetensors.Contents c = Safetensors.parse("w.safetensors", handMade());
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1.5f, -2f}, c.tensors().get("a").floats());
        assertArrayEquals(new int[] {7, -9}, c.tensors().get("b").ints());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void writesTheFormatAndIsDeterministic() throws IOException {
        Map<String, Tensor> m1 = new LinkedHashMap<>(), m2 = new LinkedHashMap<>();
        Tensor k = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new int[] {4}, 1);
        m1.put("dense.kernel", k);
        m1.put("a.bias", b);
        m2.put("a.bias", b);
        m2.put("dense.kernel", k);
        byte[] x = Safetensors.toBytes(m1, Map.of("nnc", "1"));
        assertArrayEquals(x, Safetensors.toBytes(m2, Map.of("nnc", "1")), "tensor order does not matter");
        ByteBuffer bb = ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(x, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"nnc\":\"1\"},\"a.bias\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[4,28]}}"), header);
        assertEquals(8 + n + 28, x.length);
        assertEquals(4, bb.getInt((int) (8 + n)));
        assertEquals(1f, bb.getFloat((int) (8 + n + 4)));
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, m1, Map.of());
        Safetensors.Contents c = Safetensors.read(f);
        assertTrue(c.tensors().get("dense.kernel").contentEquals(k));
        assertTrue(c.tensors().get("a.bias").contentEquals(b));
        Tensor scalar = Safetensors.parse("s", Safetensors.toBytes(Map.of("loss", Tensor.scalar(0.25f)), null)).tensors().get("loss");
        assertEquals(0, scalar.rank());
        assertEquals(0.25f, scalar.floats()[0]);
    }

    @Test
    void truncatedAndCorruptFilesGiveClearErrors() {
        byte[] good = handMade();
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> Safetensors.parse("w.safetensors", java.util.Arrays.copyOf(good, good.length - 3)));
        assertTrue(e.getMessage().startsWith("w.safetensors: error: truncated file"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> Safetensors.parse("w.safetensors", java.util.Arrays.copyOf(good, 5)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> Safetensors.parse("w.safetensors", java.util.Arrays.copyOf(good, 40)));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
        byte[] bad = good.clone();
        bad[8] = '[';
        e = assertThrows(FileFormatException.class, () -> Safetensors.parse("w.safetensors", bad));
        assertTrue(e.getMessage().contains("corrupt safetensors header"), e.getMessage());
        String f16 = "{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        ByteBuffer bb = ByteBuffer.allocate(8 + f16.length() + 2).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(f16.length()).put(f16.getBytes(StandardCharsets.UTF_8));
        e = assertThrows(FileFormatException.class, () -> Safetensors.parse("h.safetensors", bb.array()));
        assertTrue(e.getMessage().contains("dtype F16"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> Safetensors.read(dir.resolve("none.safetensors")));
        assertTrue(e.getMessage().endsWith("error: no such file"));
    }

    @Test
    void weightsRoundTripAndMismatchNamesTheFirstDifference() throws IOException {
        Parameter k = Parameter.trainable("dense.kernel", new int[] {2, 3}, null, null);
        Parameter b = Parameter.trainable("dense.bias", new int[] {3}, null, null);
        for (int i = 0; i < 6; i++) k.value[i] = i * 0.5f;
        b.value[1] = 7;
        Path f = dir.resolve("model.safetensors");
        Weights.save(f, List.of(k, b), Map.of("data.x.mean", Tensor.of(new float[] {1, 2}, 2)), Map.of());
        Parameter k2 = Parameter.trainable("dense.kernel", new int[] {2, 3}, null, null);
        Parameter b2 = Parameter.trainable("dense.bias", new int[] {3}, null, null);
        Map<String, Tensor> data = Weights.load(f, List.of(k2, b2));
        assertArrayEquals(k.value, k2.value);
        assertArrayEquals(b.value, b2.value);
        assertArrayEquals(new float[] {1, 2}, data.get("data.x.mean").floats());

        Parameter wrongShape = Parameter.trainable("dense.kernel", new int[] {2, 4}, null, null);
        FileFormatException e = assertThrows(FileFormatException.class, () -> Weights.load(f, List.of(wrongShape, b2)));
        assertTrue(e.getMessage().contains("'dense.kernel' has shape [2, 4] in the model but [2, 3] in the file"), e.getMessage());
        Parameter other = Parameter.trainable("dense_1.kernel", new int[] {2, 3}, null, null);
        e = assertThrows(FileFormatException.class, () -> Weights.load(f, List.of(other, b2)));
        assertTrue(e.getMessage().contains("the model has parameter 'dense_1.kernel' [2, 3], which the file lacks"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> Weights.load(f, List.of(k2)));
        assertTrue(e.getMessage().contains("the file has tensor 'dense.bias', which the model lacks"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": error: these weights are for another model"));
    }

    @Test
    void atomicWriteKeepsTheOldFileOnFailure() throws IOException {
        Path f = dir.resolve("out.bin");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[] {9, 9});
            throw new IOException("interrupted");
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file left behind");
        }
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                    "not owner-only like a temporary file");
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
            AtomicFiles.writeString(f, "again");
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                    "an existing file keeps its permissions");
        }
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> AtomicFiles.write(dir.resolve("missing/out.bin"), new byte[1]));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> AtomicFiles.write(dir, new byte[1]));
        assertTrue(e.getMessage().contains("it is a folder"), e.getMessage());
    }
}
