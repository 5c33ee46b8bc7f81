package nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import nnc.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** What numpy.save writes for a header dict: magic, version 1.0, length, dict padded with spaces and '\n' to 64 bytes. */
    static byte[] numpyStyle(String dict, int dataBytes) {
        int total = 128; // all dicts below fit in two 64-byte blocks
        String header = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.US_ASCII));
        return bb.array();
    }

    @Test
    void writesWhatNumpyWrites() {
        byte[] expected = numpyStyle("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
        ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN).position(128).asFloatBuffer().put(new float[] {0, 1, 2, 3, 4, 5});
        assertArrayEquals(expected, Npy.toBytes(Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3)));
        byte[] ints = numpyStyle("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 12);
        ByteBuffer.wrap(ints).order(ByteOrder.LITTLE_ENDIAN).position(128).asIntBuffer().put(new int[] {1, -2, 3});
        assertArrayEquals(ints, Npy.toBytes(Tensor.of(new int[] {1, -2, 3}, 3)));
        byte[] scalar = numpyStyle("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        ByteBuffer.wrap(scalar).order(ByteOrder.LITTLE_ENDIAN).putFloat(128, 2.5f);
        assertArrayEquals(scalar, Npy.toBytes(Tensor.scalar(2.5f)));
    }

    @Test
    void roundTripsThroughAFile() throws Exception {
        Path f = dir.resolve("x.npy");
        Tensor t = Tensor.of(new float[] {1.25f, -3, 4, 5, 6, 7, 8, 9}, 2, 2, 2);
        Npy.write(f, t);
        assertTrue(Npy.read(f).contentEquals(t));
        Tensor i = Tensor.of(new int[] {5, 6}, 2, 1);
        Npy.write(f, i);
        assertTrue(Npy.read(f).contentEquals(i));
    }

    @Test
    void rejectsOtherTypesClearly() {
        byte[] f8 = numpyStyle("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8);
        FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.parse("a.npy", f8));
        assertTrue(e.getMessage().startsWith("a.npy: error: array has dtype '<f8'"), e.getMessage());
        assertTrue(e.getMessage().contains("astype(numpy.float32)"));
        byte[] fortran = numpyStyle("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);
        e = assertThrows(FileFormatException.class, () -> Npy.parse("a.npy", fortran));
        assertTrue(e.getMessage().contains("Fortran order"));
        byte[] shortData = numpyStyle("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 8);
        e = assertThrows(FileFormatException.class, () -> Npy.parse("a.npy", shortData));
        assertTrue(e.getMessage().contains("truncated"));
        e = assertThrows(FileFormatException.class, () -> Npy.parse("a.csv", "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a .npy file"));
    }
}
