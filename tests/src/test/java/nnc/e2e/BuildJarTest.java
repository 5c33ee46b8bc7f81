package nnc.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Attributes;
import nnc.runtime.Tensor;
import nnc.runtime.io.Safetensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnc build}: the jar is loaded in a class loader that cannot see the compiler (its parent is the
 * platform loader) and must predict exactly what {@code nnc predict} prints for the same raw rows.
 */
class BuildJarTest {
    @TempDir Path dir;
    private Path nn;

    @BeforeEach
    void copyIris() throws IOException {
        nn = Cli.copySample("iris.nn", dir);
    }

    /** The first {@code n} rows of the iris data, with the header (raw, unscaled measurements). */
    private Path rows(int n, boolean header) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("data/iris.csv"));
        StringBuilder sb = new StringBuilder();
        if (header) sb.append("sepal_length,sepal_width,petal_length,petal_width\n");
        // every 15th row: all three species
        for (int r = 1, k = 0; r < lines.size() && k < n; r += 15, k++) {
            String[] c = lines.get(r).split(",");
            sb.append(c[0]).append(',').append(c[1]).append(',').append(c[2]).append(',').append(c[3]).append('\n');
        }
        Path p = dir.resolve(header ? "rows-header.csv" : "rows-plain.csv");
        Files.writeString(p, sb);
        return p;
    }

    private Path trainBriefly() {
        Path w = dir.resolve("iris.safetensors");
        Cli.Result t = Cli.run("train", nn.toString(), "--epochs", "3", "--quiet", "--weights-out", w.toString());
        assertEquals(0, t.code(), t::toString);
        return w;
    }

    private static URLClassLoader isolated(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    /** Runs the jar's main entry point (EmbeddedModel.run) inside the isolated loader. */
    private static Cli.Result runJarMain(ClassLoader loader, String... args) throws Exception {
        Class<?> em = Class.forName("nnc.runtime.EmbeddedModel", true, loader);
        assertEquals(loader, em.getClassLoader(), "the runtime class comes from the jar, not the test class path");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = (int) em.getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                .invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String runJar(ClassLoader loader, String input) throws Exception {
        Cli.Result r = runJarMain(loader, input);
        assertEquals(0, r.code(), r::toString);
        return r.out();
    }

    private static float[][] parseCsv(String text) {
        List<float[]> out = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            String[] c = line.split(",");
            float[] r = new float[c.length];
            for (int k = 0; k < c.length; k++) r[k] = Float.parseFloat(c[k]);
            out.add(r);
        }
        return out.toArray(new float[0][]);
    }

    @Test
    void builtJarPredictsWhatPredictPrints() throws Exception {
        Path w = trainBriefly();
        Path jar = dir.resolve("iris.jar");
        Cli.Result b = Cli.run("build", nn.toString(), "-o", jar.toString(), "--weights", w.toString());
        assertEquals(0, b.code(), b::toString);
        assertTrue(Files.isRegularFile(jar));

        Path header = rows(10, true), plain = rows(10, false);
        Cli.Result p = Cli.run("predict", nn.toString(), "--weights", w.toString(), "--input", header.toString());
        assertEquals(0, p.code(), p::toString);
        float[][] expected = parseCsv(p.out());
        assertEquals(10, expected.length);

        try (URLClassLoader loader = isolated(jar)) {
            // The jar's main prints exactly nnc predict's lines, for a header CSV and for plain numbers.
            assertEquals(p.out(), runJar(loader, header.toString()));
            assertEquals(p.out(), runJar(loader, plain.toString()));
            float[][] plainRows = parseCsv(Files.readString(plain));
            float[] flat = new float[plainRows.length * 4];
            for (int r = 0; r < plainRows.length; r++) System.arraycopy(plainRows[r], 0, flat, 4 * r, 4);
            Path npy = dir.resolve("rows.npy");
            nnc.runtime.io.Npy.write(npy, Tensor.of(flat, plainRows.length, 4));
            assertEquals(p.out(), runJar(loader, npy.toString()), ".npy input");

            // The API: load(ClassLoader) and predict(float[][] raw rows) applies the saved standardisation.
            Class<?> em = Class.forName("nnc.runtime.EmbeddedModel", true, loader);
            Object model = em.getMethod("load", ClassLoader.class).invoke(null, loader);
            assertEquals("IrisMlp", em.getMethod("name").invoke(model));
            float[][] raw = parseCsv(Files.readString(plain));
            float[][] got = (float[][]) em.getMethod("predict", float[][].class).invoke(model, (Object) raw);
            assertEquals(expected.length, got.length);
            for (int r = 0; r < got.length; r++) {
                for (int k = 0; k < 3; k++) assertEquals(expected[r][k], got[r][k], 1e-5 * Math.max(1, Math.abs(expected[r][k])), "row " + r);
            }
            // The network is there, with the trained weights (compare one kernel with the weights file).
            Object net = em.getMethod("network").invoke(model);
            assertTrue(net.getClass().getName().startsWith("nnc.generated."), net.getClass().getName());
            assertEquals(loader, net.getClass().getClassLoader());
            Map<String, Tensor> file = Safetensors.read(w).tensors();
            @SuppressWarnings("unchecked")
            List<Object> params = (List<Object>) net.getClass().getMethod("parameters").invoke(net);
            for (Object param : params) {
                String name = (String) param.getClass().getMethod("name").invoke(param);
                float[] value = (float[]) param.getClass().getField("value").get(param);
                assertArrayEquals(file.get(name).floats(), value, name);
            }
        }
    }

    @Test
    void jarHoldsOnlyTheRuntimeAndTheModel() throws Exception {
        Path jar = dir.resolve("fresh.jar");
        Cli.Result b = Cli.run("build", nn.toString(), "-o", jar.toString());
        assertEquals(0, b.code(), b::toString);
        try (JarFile jf = new JarFile(jar.toFile())) {
            assertEquals("nnc.runtime.EmbeddedModel", jf.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS));
            List<String> names = jf.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("nnc/generated/IrisMlp.class"), names::toString);
            assertTrue(names.contains("nnc/runtime/kernels/Gemm.class"));
            for (String n : names) {
                assertFalse(n.startsWith("org/antlr") || n.startsWith("org/objectweb") || n.startsWith("picocli")
                        || n.startsWith("nnc/check") || n.startsWith("nnc/codegen") || n.startsWith("nnc/cli"), n);
                assertTrue(n.startsWith("META-INF/") || n.startsWith("nnc/runtime/") || n.startsWith("nnc/generated/")
                        || n.equals("nnc/"), n);
            }
        }
        // Freshly initialised weights from the train block's seed: the same jar twice, softmax rows summing to 1.
        Path again = dir.resolve("again.jar");
        assertEquals(0, Cli.run("build", nn.toString(), "-o", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(again), "building twice gives the same bytes");
        try (URLClassLoader loader = isolated(jar)) {
            float[][] out = parseCsv(runJar(loader, rows(5, true).toString()));
            assertEquals(5, out.length);
            for (float[] r : out) {
                assertEquals(3, r.length);
                assertEquals(1.0, r[0] + r[1] + r[2], 1e-4);
                assertNotEquals(r[0], r[1], "initialised weights are not all zero");
            }
            // The jar's own errors: one line, exit 1 for bad input, 2 for wrong arguments.
            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "5.1,3.5,1.4,0.2\n5.0,abc,1.4,0.2\n");
            Cli.Result r = runJarMain(loader, bad.toString());
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().contains("bad.csv:2") && r.err().contains("abc"), r::toString);
            Cli.Result missing = runJarMain(loader, dir.resolve("nope.csv").toString());
            assertEquals(1, missing.code(), missing::toString);
            assertTrue(missing.err().contains("no such file"), missing::toString);
            Path header = dir.resolve("wrong-header.csv");
            Files.writeString(header, "sepal_length,sepal_width,petal_length,petal_size\n5.1,3.5,1.4,0.2\n");
            Cli.Result col = runJarMain(loader, header.toString());
            assertEquals(1, col.code(), col::toString);
            assertTrue(col.err().contains("petal_width"), "names the missing column: " + col);
            assertEquals(2, runJarMain(loader).code());
            for (Cli.Result x : List.of(r, missing, col)) assertEquals(1, x.err().strip().lines().count(), x::toString);
        }
    }

    @Test
    void badInputsGiveOneClearError() throws Exception {
        Path jar = dir.resolve("x.jar");
        Cli.Result missing = Cli.run("build", nn.toString(), "-o", jar.toString(), "--weights", dir.resolve("nope.safetensors").toString());
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().contains("nope.safetensors") && missing.err().contains("no such file"), missing::toString);

        Path other = dir.resolve("other.safetensors");
        Safetensors.write(other, Map.of("dense_9.kernel", Tensor.of(new float[] {1, 2}, 1, 2)), Map.of());
        Cli.Result wrong = Cli.run("build", nn.toString(), "-o", jar.toString(), "--weights", other.toString());
        assertEquals(1, wrong.code(), wrong::toString);
        assertTrue(wrong.err().contains("another model"), wrong::toString);

        Cli.Result noDir = Cli.run("build", nn.toString(), "-o", dir.resolve("no/such/folder/x.jar").toString());
        assertEquals(1, noDir.code(), noDir::toString);
        assertTrue(noDir.err().contains("cannot write"), noDir::toString);

        Cli.Result usage = Cli.run("build", nn.toString());
        assertEquals(2, usage.code(), usage::toString);
        for (Cli.Result r : List.of(missing, wrong, noDir)) assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(jar), "no jar is left behind by a failed build");
    }
}
