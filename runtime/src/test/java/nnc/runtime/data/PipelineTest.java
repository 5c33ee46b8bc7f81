package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import nnc.runtime.DType;
import nnc.runtime.Tensor;
import nnc.runtime.io.FileFormatException;
import nnc.runtime.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir
    Path dir;

    static final String IRIS = """
            sepal_length,petal_length,species
            5.0,1.4,setosa
            6.0,4.5,versicolor
            7.0,6.0,virginica
            5.5,1.5,setosa
            100,200,virginica
            """;

    @Test
    void standardizeAndOnehotFitOnTheTrainingPartOnly() throws Exception {
        SourceData src = SourceData.csv(Csv.parse("iris.csv", IRIS));
        Binding x = new Binding(List.of("x"), List.of(Steps.columns(List.of("sepal_length", "petal_length")), Steps.standardize()));
        Binding y = new Binding(List.of("y"), List.of(Steps.column("species"), Steps.onehot(3)));
        DataState state = new DataState();
        Map<String, Tensor> out = Binding.runAll(List.of(x, y), src, state, true, 0.2); // 4 training rows
        double m0 = (5.0 + 6 + 7 + 5.5) / 4, m1 = (1.4 + 4.5 + 6 + 1.5) / 4;
        double s0 = Math.sqrt((Math.pow(5 - m0, 2) + Math.pow(6 - m0, 2) + Math.pow(7 - m0, 2) + Math.pow(5.5 - m0, 2)) / 4);
        assertArrayEquals(new float[] {(float) m0, (float) m1}, state.tensors().get("data.x.mean").floats(), 1e-6f);
        assertEquals(s0, state.tensors().get("data.x.std").floats()[0], 1e-6);
        Tensor tx = out.get("x");
        assertArrayEquals(new int[] {5, 2}, tx.shape());
        assertEquals((100 - m0) / s0, tx.floats()[8], 1e-3, "the held-out row is transformed with training statistics");
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1}, out.get("y").floats());
        assertEquals("setosa\nversicolor\nvirginica", state.metadata().get("data.y.labels"));

        // Saved with the weights and read back, the statistics transform raw inputs identically.
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, state.tensors(), state.metadata());
        Safetensors.Contents c = Safetensors.read(w);
        DataState loaded = new DataState(c.tensors(), c.metadata());
        SourceData raw = SourceData.csv(Csv.parse("new.csv", "petal_length,sepal_length\n200,100\n"));
        Tensor px = x.run(raw, loaded, false, 1).get("x");
        assertArrayEquals(new float[] {tx.floats()[8], tx.floats()[9]}, px.floats(), 1e-6f);
        Tensor npy = x.applyToRaw(Tensor.of(new float[] {100, 200}, 1, 2), loaded, "in.npy");
        assertArrayEquals(px.floats(), npy.floats());
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> x.applyToRaw(Tensor.of(new float[] {1, 2, 3}, 1, 3), loaded, "in.npy"));
        assertTrue(e.getMessage().contains("3 features"), e.getMessage());
    }

    @Test
    void onehotErrors() throws Exception {
        SourceData src = SourceData.csv(Csv.parse("iris.csv", IRIS));
        Binding y = new Binding(List.of("y"), List.of(Steps.column("species"), Steps.onehot(2)));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Binding.runAll(List.of(y), src, new DataState(), true, 0));
        assertEquals("iris.csv: error: onehot(2) but the column has 3 different labels: setosa, versicolor, virginica", e.getMessage());
        SourceData nums = SourceData.csv(Csv.parse("d.csv", "label\n0\n2\n1.5\n"));
        Binding n = new Binding(List.of("y"), List.of(Steps.column("label"), Steps.onehot(3)));
        e = assertThrows(FileFormatException.class, () -> Binding.runAll(List.of(n), nums, new DataState(), true, 0));
        assertEquals("d.csv:4: error: onehot(3) needs integer labels in [0, 3), got 1.5", e.getMessage());
        SourceData blank = SourceData.csv(Csv.parse("b.csv", "s\na\n\"\"\nb\n"));
        Binding oh = new Binding(List.of("y"), List.of(Steps.column("s"), Steps.onehot(3)));
        e = assertThrows(FileFormatException.class, () -> Binding.runAll(List.of(oh), blank, new DataState(), true, 0));
        assertEquals("b.csv:3: error: empty label in a column used with onehot(3)", e.getMessage());
        SourceData typo = SourceData.csv(Csv.parse("d.csv", "v\n1\n2\nx3\n"));
        Binding col = new Binding(List.of("x"), List.of(Steps.column("v"), Steps.minmax()));
        e = assertThrows(FileFormatException.class, () -> Binding.runAll(List.of(col), typo, new DataState(), true, 0));
        assertEquals("d.csv:4: error: column 'v' holds 'x3', which is not a number", e.getMessage());
        Binding std = new Binding(List.of("x"), List.of(Steps.column("species"), Steps.standardize()));
        e = assertThrows(FileFormatException.class, () -> Binding.runAll(List.of(std), src, new DataState(), true, 0));
        assertTrue(e.getMessage().contains("standardize needs numbers, but the column holds text (e.g. 'setosa')"));
    }

    @Test
    void minmaxWindowsScaleReshape() throws Exception {
        SourceData src = SourceData.csv(Csv.parse("sun.csv", "value\n0\n10\n20\n30\n40\n"));
        Binding b = new Binding(List.of("x", "y"), List.of(Steps.column("value"), Steps.minmax(), Steps.windows(2)));
        DataState st = new DataState();
        Map<String, Tensor> out = Binding.runAll(List.of(b), src, st, true, 0.4); // fitted on 0, 10, 20
        assertArrayEquals(new int[] {3, 2, 1}, out.get("x").shape());
        assertArrayEquals(new int[] {3, 1}, out.get("y").shape());
        assertArrayEquals(new float[] {0, 0.5f, 0.5f, 1, 1, 1.5f}, out.get("x").floats(), 1e-6f);
        assertArrayEquals(new float[] {1, 1.5f, 2}, out.get("y").floats(), 1e-6f);
        assertArrayEquals(new float[] {20}, st.tensors().get("data.x.max").floats());

        SourceData img = SourceData.arrays("a.idx", Map.of("images", Tensor.of(new float[] {0, 255, 51, 102}, 1, 2, 2)));
        Binding im = new Binding(List.of("x"), List.of(Steps.array("images"), Steps.scale(1 / 255.0), Steps.reshape(new int[] {4, 1})));
        Tensor t = Binding.runAll(List.of(im), img, new DataState(), true, 0).get("x");
        assertArrayEquals(new int[] {1, 4, 1}, t.shape());
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, t.floats(), 1e-6f);
        Binding bad = new Binding(List.of("x"), List.of(Steps.array("images"), Steps.reshape(new int[] {3})));
        assertThrows(FileFormatException.class, () -> Binding.runAll(List.of(bad), img, new DataState(), true, 0));
    }

    @Test
    void tokenizeAndPadFollowKeras() throws Exception {
        String csv = "text,label\n\"The cat sat.\",1\n\"The dog, the CAT!\",0\n\"a bird\",1\n\"the zebra and the cat\",0\n";
        SourceData src = SourceData.csv(Csv.parse("r.csv", csv));
        // num_words = 3 keeps indices 1 and 2: "the" (5 times) and "cat" (3 times)
        Binding x = new Binding(List.of("x"), List.of(Steps.column("text"), Steps.tokenize(3), Steps.padSequences(3)));
        Binding y = new Binding(List.of("y"), List.of(Steps.column("label")));
        DataState st = new DataState();
        Map<String, Tensor> out = Binding.runAll(List.of(x, y), src, st, true, 0);
        Tensor t = out.get("x");
        assertEquals(DType.I32, t.dtype());
        // "the cat sat" -> [1, 2] -> pre-padded [0, 1, 2]; "the dog the cat" -> [1, 1, 2]; "a bird" -> [];
        // "the zebra and the cat" -> [1, 1, 2] (pre-truncation keeps the last 3)
        assertArrayEquals(new int[] {0, 1, 2, 1, 1, 2, 0, 0, 0, 1, 1, 2}, t.ints());
        assertArrayEquals(new float[] {1, 0, 1, 0}, out.get("y").floats());
        assertEquals("the\ncat", st.metadata().get("data.x.vocabulary"));
        // ties keep first-appearance order; all words with num_words = 0
        Tokenizer all = Tokenizer.fit(List.of("b a", "a c b"), 0);
        assertEquals("b\na\nc", all.vocabularyText());
        assertArrayEquals(new int[] {3, 1, 2}, all.sequence("C, b: A? zz"));
    }

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer bb = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        bb.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) bb.putInt(d);
        bb.put(data);
        return bb.array();
    }

    @Test
    void idxRawAndGzip() throws Exception {
        byte[] images = idx(0x08, new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, (byte) 255});
        Path raw = dir.resolve("img-idx3-ubyte");
        Files.write(raw, images);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(idx(0x08, new int[] {2}, new byte[] {7, 3}));
        }
        Path labels = dir.resolve("lbl-idx1-ubyte.gz");
        Files.write(labels, gz.toByteArray());
        SourceData s = SourceData.idx(raw, labels);
        assertArrayEquals(new int[] {2, 2, 2}, s.array("images").shape());
        assertEquals(255f, s.array("images").floats()[7]);
        assertArrayEquals(new float[] {7, 3}, s.array("labels").floats());
        Files.write(raw, java.util.Arrays.copyOf(images, 10));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.read(raw));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] floats = idx(0x0D, new int[] {1}, ByteBuffer.allocate(4).putFloat(-1.5f).array());
        assertArrayEquals(new float[] {-1.5f}, Idx.parse("f", floats).floats());
    }

    static Tensor run1(SourceData src, Step... steps) throws FileFormatException {
        return Binding.runAll(List.of(new Binding(List.of("x"), List.of(steps))), src, new DataState(), true, 0).get("x");
    }

    @Test
    void stepsFromTheirNnSpelling() throws Exception {
        SourceData series = SourceData.csv(Csv.parse("s.csv", "t;v\n0;1\n1;2\n2;3\n3;4\n4;5\n5;6\n6;7\n", ';'));
        Binding w = new Binding(List.of("x", "y"), List.of(Steps.of("column", Map.of("name", "v")),
                Steps.of("windows", Map.of("size", 2, "horizon", 2, "stride", 2))));
        Map<String, Tensor> out = Binding.runAll(List.of(w), series, new DataState(), true, 0);
        // n = 7: starts 0 and 2 ((7 - 2 - 2) / 2 + 1 = 2 windows)
        assertArrayEquals(new float[] {1, 2, 3, 4}, out.get("x").floats());
        assertArrayEquals(new float[] {3, 4, 5, 6}, out.get("y").floats());
        assertArrayEquals(new int[] {2, 2}, out.get("y").shape());

        SourceData texts = SourceData.csv(Csv.parse("t.csv", "text\n\"a B b c d\"\n\"B\"\n"));
        Tensor post = run1(texts, Steps.of("column", Map.of("name", "text")), Steps.of("tokenize", Map.of("lower", false)),
                Steps.of("pad_sequences", Map.of("maxlen", 3, "padding", "post", "truncating", "post", "value", -1)));
        // case kept: vocabulary B (2), a, b, c, d; "a B b c d" truncated at the end to 3 ids; "B" padded behind with -1
        assertArrayEquals(new int[] {2, 1, 3, 1, -1, -1}, post.ints());

        SourceData nums = SourceData.csv(Csv.parse("n.csv", "a,b,c,d\n-1.7,0.5,2.5,9\n"));
        Tensor c = run1(nums, Steps.of("columns", Map.of("names", List.of("a", "b", "c", "d"))), Steps.of("clip", Map.of()),
                Steps.of("reshape", Map.of("target_shape", List.of(-1, 2))));
        assertArrayEquals(new int[] {1, 2, 2}, c.shape());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1}, c.floats());
        Tensor i = run1(nums, Steps.of("columns", Map.of("names", List.of("a", "c"))), Steps.of("cast", Map.of("dtype", "int")));
        assertArrayEquals(new int[] {-1, 2}, i.ints());
        assertThrows(IllegalArgumentException.class, () -> Steps.of("normalize", Map.of()));
    }

    @Test
    void noiseOnlyWhenFitting() throws Exception {
        SourceData src = SourceData.csv(Csv.parse("n.csv", "v\n" + "0\n".repeat(2000)));
        Binding b = new Binding(List.of("x"), List.of(Steps.column("v"), Steps.noise(0.5, 3L)));
        Tensor noisy = b.run(src, new DataState(), true, 2000).get("x");
        double s2 = 0;
        for (float v : noisy.floats()) s2 += v * v;
        assertEquals(0.5, Math.sqrt(s2 / 2000), 0.03);
        assertTrue(noisy.contentEquals(b.run(src, new DataState(), true, 2000).get("x")), "seeded");
        Tensor clean = b.run(src, new DataState(), false, 2000).get("x");
        assertArrayEquals(new float[2000], clean.floats());
    }

    @Test
    void npySourceAndIdxLabelsAsInts() throws Exception {
        Path xf = dir.resolve("x.npy"), yf = dir.resolve("y.npy");
        nnc.runtime.io.Npy.write(xf, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        nnc.runtime.io.Npy.write(yf, Tensor.of(new int[] {0, 1}, 2));
        SourceData s = SourceData.npy(new java.util.LinkedHashMap<>(Map.of("x", xf, "y", yf)));
        assertArrayEquals(new float[] {1, 2, 3, 4}, run1(s, Steps.of("array", Map.of("name", "x"))).floats());
        assertArrayEquals(new float[] {1, 0, 0, 1}, run1(s, Steps.array("y"), Steps.onehot(2)).floats());
        nnc.runtime.io.Npy.write(yf, Tensor.of(new int[] {0, 1, 1}, 3));
        assertThrows(FileFormatException.class, () -> SourceData.npy(new java.util.LinkedHashMap<>(Map.of("x", xf, "y", yf))));

        Path im = dir.resolve("i.idx"), lb = dir.resolve("l.idx");
        Files.write(im, idx(0x08, new int[] {2, 1}, new byte[] {9, 8}));
        Files.write(lb, idx(0x08, new int[] {2}, new byte[] {4, 2}));
        Tensor labels = run1(SourceData.idx(im, lb), Steps.of("labels", Map.of()));
        assertEquals(DType.I32, labels.dtype());
        assertArrayEquals(new int[] {4, 2}, labels.ints());
        assertEquals(DType.F32, run1(SourceData.idx(im, lb), Steps.array("images")).dtype());
    }
}
