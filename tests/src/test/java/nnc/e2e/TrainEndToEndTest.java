package nnc.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nnc.runtime.Tensor;
import nnc.runtime.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnc train / evaluate / predict / gradients / gradcheck / emit} run in-process on small
 * programs written here, with their data generated here, so that each expectation is computed
 * independently of nnc.
 */
class TrainEndToEndTest {
    @TempDir Path dir;

    /** A one-unit logistic "perceptron" on a truth table: learns AND and OR, cannot learn XOR. */
    private Path gate(String name, int[] truth) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int k = 0; k < 4; k++) csv.append(k >> 1).append(',').append(k & 1).append(',').append(truth[k]).append('\n');
        Files.writeString(dir.resolve(name + ".csv"), csv);
        Path nn = dir.resolve(name + ".nn");
        Files.writeString(nn, """
                data Gate = csv("%s.csv") {
                    x = columns(a, b)
                    y = column(y)
                }
                model Perceptron {
                    input x: [2]
                    dense(1, sigmoid)
                }
                train Perceptron on Gate {
                    loss = binary_crossentropy
                    optimizer = sgd(learning_rate = 1.0)
                    metrics = [accuracy]
                    epochs = 400
                    batch_size = 4
                    seed = 1
                    verbose = 0
                }
                """.formatted(name));
        return nn;
    }

    private double gateAccuracy(String name, int[] truth) throws IOException {
        Path nn = gate(name, truth);
        Path w = dir.resolve(name + ".safetensors");
        Cli.Result t = Cli.run("train", nn.toString());
        assertEquals(0, t.code(), t::toString);
        assertTrue(Files.exists(w), "default weights path is next to the .nn file");
        Cli.Result e = Cli.run("evaluate", nn.toString(), "--weights", w.toString());
        assertEquals(0, e.code(), e::toString);
        return Cli.lastValue(e.out(), "accuracy");
    }

    @Test
    void perceptronLearnsAndOrButNotXor() throws IOException {
        assertEquals(1.0, gateAccuracy("and", new int[] {0, 0, 0, 1}), 1e-9);
        assertEquals(1.0, gateAccuracy("or", new int[] {0, 1, 1, 1}), 1e-9);
        // no line separates XOR: at most 3 of the 4 points can be right
        assertTrue(gateAccuracy("xor", new int[] {0, 1, 1, 0}) <= 0.75);
    }

    /** y = 3 a - 2 b + 1 + noise: a small MLP must beat predicting the mean by far on the validation part. */
    private Path regression() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            double a = r.nextDouble() * 4 - 2, b = r.nextDouble() * 4 - 2;
            csv.append(a).append(',').append(b).append(',').append(3 * a - 2 * b + 1 + 0.1 * r.nextGaussian()).append('\n');
        }
        Files.writeString(dir.resolve("reg.csv"), csv);
        Path nn = dir.resolve("reg.nn");
        Files.writeString(nn, """
                data Reg = csv("reg.csv") {
                    x = columns(a, b) |> standardize
                    y = column(y)
                }
                model Mlp {
                    input x: [2]
                    dense(16, tanh)
                    dropout(0.1)
                    dense(1)
                }
                train Mlp on Reg {
                    loss = mse
                    optimizer = adam(learning_rate = 0.01)
                    metrics = [mae]
                    epochs = 60
                    batch_size = 16
                    validation_split = 0.25
                    seed = 3
                    verbose = 2
                }
                """);
        return nn;
    }

    @Test
    void regressionBeatsTheMeanAndPrintsProgress() throws IOException {
        Path nn = regression();
        Cli.Result t = Cli.run("train", nn.toString(), "--weights-out", dir.resolve("w.safetensors").toString());
        assertEquals(0, t.code(), t::toString);
        assertTrue(t.out().contains("Epoch 60/60"), t::toString);
        double valMse = Cli.lastValue(t.out(), "val_loss");
        // the variance of y is about 9 * 4/3 + 4 * 4/3 = 17.3: predicting the mean gives that MSE
        assertTrue(valMse < 0.5, "val mse " + valMse);
    }

    @Test
    void sameSeedGivesByteIdenticalWeights() throws IOException {
        Path nn = regression();
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        assertEquals(0, Cli.run("train", nn.toString(), "--weights-out", a.toString(), "--epochs", "5").code());
        assertEquals(0, Cli.run("train", nn.toString(), "--weights-out", b.toString(), "--epochs", "5").code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        Path c = dir.resolve("c.safetensors");
        assertEquals(0, Cli.run("train", nn.toString(), "--weights-out", c.toString(), "--epochs", "5", "--seed", "4").code());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed, other weights");
        // Keras names and the data statistics travel with the weights
        Map<String, Tensor> t = Safetensors.read(a).tensors();
        assertTrue(t.keySet().containsAll(List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias",
                "data.x.mean", "data.x.std")), t.keySet()::toString);
        assertArrayEquals(new int[] {2, 16}, t.get("dense.kernel").shape());
        // no temporary file is left next to the weights
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    /**
     * Two fresh JVMs and one warm one train the iris sample (256-wide layers: the vector
     * kernels, not their scalar tails) to the same bytes. In a fresh JVM the first steps run
     * interpreted and later ones compiled, at moments that differ from run to run, so any
     * kernel whose result depends on the JIT state (a lane sum in an unspecified order, say)
     * shows up here. The second process runs without the JIT warm-ups (kernels, and the
     * model's step rehearsed on a throwaway copy): they must change nothing but the time.
     */
    @Test
    void separateProcessesGiveByteIdenticalWeights() throws Exception {
        Path nn = Cli.copySample("iris.nn", dir);
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors"), c = dir.resolve("c.safetensors");
        for (Path out : List.of(a, b)) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules=jdk.incubator.vector", "-Dnnc.warmup=" + (out == a), "-cp", System.getProperty("java.class.path"),
                    "nnc.cli.Main", "train", nn.toString(), "--epochs", "8", "--quiet", "--weights-out", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
        }
        assertEquals(0, Cli.run("train", nn.toString(), "--epochs", "8", "--quiet", "--weights-out", c.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "two processes, with and without the warm-ups");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c), "a process and a warm JVM");
    }

    /**
     * Ctrl-C in the middle of a training run: the process stops, the weights file from an
     * earlier run is left byte for byte as it was, and no temporary file is left beside it.
     */
    @Test
    void interruptedTrainingLeavesThePreviousWeightsIntact() throws Exception {
        Path nn = Cli.copySample("iris.nn", dir);
        Path w = dir.resolve("w.safetensors");
        assertEquals(0, Cli.run("train", nn.toString(), "--epochs", "2", "--quiet", "--weights-out", w.toString()).code());
        byte[] before = Files.readAllBytes(w);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "nnc.cli.Main", "train", nn.toString(), "--epochs", "100000", "--weights-out", w.toString())
                .redirectErrorStream(true).start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("Epoch 3/")) {
            // wait until training is under way
        }
        assertTrue(line != null, "training did not start");
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
        while (lines.readLine() != null) {
            // drain the output until the process ends
        }
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "still running after SIGINT");
        assertTrue(p.exitValue() != 0, "exit " + p.exitValue());
        assertArrayEquals(before, Files.readAllBytes(w), "the earlier weights are untouched");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file was left");
        }
    }

    @Test
    void gradientsFileMatchesTheClosedForm() throws IOException {
        // a linear model with known weights: loss = mean((y - (x w + b))^2)
        Files.writeString(dir.resolve("lin.csv"), "a,b,y\n1,2,3\n");
        Path nn = dir.resolve("lin.nn");
        Files.writeString(nn, """
                data D = csv("lin.csv") {
                    x = columns(a, b)
                    y = column(y)
                }
                model Lin {
                    input x: [2]
                    dense(1)
                }
                train Lin on D { loss = mse  optimizer = sgd  epochs = 1 }
                """);
        Path w = dir.resolve("lin.safetensors");
        Safetensors.write(w, Map.of("dense.kernel", Tensor.of(new float[] {0.5f, -1f}, 2, 1),
                "dense.bias", Tensor.of(new float[] {0.25f}, 1)), Map.of());
        float[][] x = {{1, 2}, {-1, 0.5f}, {3, 1}};
        float[] y = {3, -2, 0.5f};
        StringBuilder xs = new StringBuilder(), ys = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            xs.append(x[i][0]).append(',').append(x[i][1]).append('\n');
            ys.append(y[i]).append('\n');
        }
        Files.writeString(dir.resolve("x.csv"), xs);
        Files.writeString(dir.resolve("y.csv"), ys);
        Path g = dir.resolve("g.safetensors");
        Cli.Result r = Cli.run("gradients", nn.toString(), "--weights", w.toString(), "--input", dir.resolve("x.csv").toString(),
                "--target", dir.resolve("y.csv").toString(), "--out", g.toString());
        assertEquals(0, r.code(), r::toString);
        Map<String, Tensor> t = Safetensors.read(g).tensors();
        double loss = 0, gw0 = 0, gw1 = 0, gb = 0;
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) {
            p[i] = x[i][0] * 0.5 - x[i][1] + 0.25;
            double e = p[i] - y[i];
            loss += e * e / 3;
            gw0 += 2 * e * x[i][0] / 3;
            gw1 += 2 * e * x[i][1] / 3;
            gb += 2 * e / 3;
        }
        assertArrayEquals(new int[0], t.get("loss").shape());
        assertEquals(loss, t.get("loss").getFloat(0), 1e-5);
        assertArrayEquals(new int[] {3, 1}, t.get("output").shape());
        for (int i = 0; i < 3; i++) assertEquals(p[i], t.get("output").getFloat(i), 1e-5);
        assertArrayEquals(new int[] {2, 1}, t.get("grad.dense.kernel").shape());
        assertEquals(gw0, t.get("grad.dense.kernel").getFloat(0), 1e-4);
        assertEquals(gw1, t.get("grad.dense.kernel").getFloat(1), 1e-4);
        assertEquals(gb, t.get("grad.dense.bias").getFloat(0), 1e-4);
    }

    @Test
    void gradcheckPassesOnDensePrograms() throws IOException {
        Cli.Result r = Cli.run("gradcheck", regression().toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("dense_1.kernel") && r.out().contains("gradcheck passed"), r::toString);
        Cli.Result g = Cli.run("gradcheck", gate("and", new int[] {0, 0, 0, 1}).toString());
        assertEquals(0, g.code(), g::toString);
    }

    @Test
    void emitShowsIrFusedGroupsAndBytecode() throws IOException {
        Path nn = regression();
        Cli.Result ir = Cli.run("emit", nn.toString(), "--stage", "ir");
        assertEquals(0, ir.code(), ir::toString);
        assertTrue(ir.out().contains("matmul") && ir.out().contains("grad.dense.kernel"), ir::toString);
        Cli.Result fused = Cli.run("emit", nn.toString(), "--stage", "fused");
        assertEquals(0, fused.code(), fused::toString);
        assertTrue(fused.out().contains("gemm"), fused::toString);
        Cli.Result bc = Cli.run("emit", nn.toString(), "--stage", "bytecode");
        assertEquals(0, bc.code(), bc::toString);
        assertTrue(bc.out().contains("class") && bc.out().contains("reg.nn"), bc::toString);
    }

    @Test
    void predictTakesRawInputsAndAppliesTheSavedStatistics() throws IOException {
        Path nn = regression();
        Path w = dir.resolve("w.safetensors");
        assertEquals(0, Cli.run("train", nn.toString(), "--weights-out", w.toString()).code());
        Files.writeString(dir.resolve("in.csv"), "a,b\n1,1\n-1,2\n");
        Cli.Result p = Cli.run("predict", nn.toString(), "--weights", w.toString(), "--input", dir.resolve("in.csv").toString());
        assertEquals(0, p.code(), p::toString);
        String[] lines = p.out().strip().split("\n");
        assertEquals(2, lines.length, p::toString);
        // y = 3a - 2b + 1: 2 and -6, learnt to within a few tenths
        assertEquals(2.0, Double.parseDouble(lines[0].trim()), 0.6);
        assertEquals(-6.0, Double.parseDouble(lines[1].trim()), 0.6);
    }

    @Test
    void userLayersAndFunctionsCompileTrainAndPassGradcheck() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 60; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian();
            csv.append(a).append(',').append(b).append(',').append(c).append(',').append(a * b - c > 0 ? 1 : 0).append('\n');
        }
        Files.writeString(dir.resolve("u.csv"), csv);
        Path nn = dir.resolve("user.nn");
        Files.writeString(nn, """
                fn swish(x) = x * sigmoid(x)
                fn scaled_tanh(x, k = 2.0) = k * tanh(x)
                layer my_dense(x: [..., n], units: int, activation = linear) -> [..., units] {
                    param kernel: [n, units] = glorot_uniform
                    param bias: [units] = zeros
                    activation(x @ kernel + bias)
                }
                data U = csv("u.csv") {
                    x = columns(a, b, c)
                    y = column(y)
                }
                model Custom {
                    input x: [3]
                    dense(8, swish)
                    my_dense(8, activation = relu)
                    dense(4, activation = scaled_tanh(k = 1.5))
                    dense(1, sigmoid)
                }
                train Custom on U { loss = binary_crossentropy  optimizer = adam(learning_rate = 0.01)  epochs = 30
                                    batch_size = 10  metrics = [accuracy]  seed = 2  verbose = 0 }
                """);
        Cli.Result g = Cli.run("gradcheck", nn.toString());
        assertEquals(0, g.code(), g::toString);
        assertTrue(g.out().contains("my_dense.kernel"), g::toString);
        Cli.Result t = Cli.run("train", nn.toString());
        assertEquals(0, t.code(), t::toString);
        Map<String, Tensor> w = Safetensors.read(dir.resolve("user.safetensors")).tensors();
        assertArrayEquals(new int[] {8, 8}, w.get("my_dense.kernel").shape());
        Cli.Result e = Cli.run("evaluate", nn.toString(), "--weights", dir.resolve("user.safetensors").toString());
        assertEquals(0, e.code(), e::toString);
        assertTrue(Cli.lastValue(e.out(), "accuracy") > 0.7, e::toString);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void buildMakesAnEmbeddableJarThatPredictsLikeTheCompiler() throws Exception {
        Path nn = gate("and", new int[] {0, 0, 0, 1});
        Path w = dir.resolve("and.safetensors");
        assertEquals(0, Cli.run("train", nn.toString(), "--quiet").code());
        Files.writeString(dir.resolve("in.csv"), "1,1\n0,1\n");
        Cli.Result p = Cli.run("predict", nn.toString(), "--weights", w.toString(), "--input", dir.resolve("in.csv").toString());
        assertEquals(0, p.code(), p::toString);
        String[] expected = p.out().strip().split("\n");
        Path jar = dir.resolve("and.jar");
        Cli.Result b = Cli.run("build", nn.toString(), "-o", jar.toString(), "--weights", w.toString());
        assertEquals(0, b.code(), b::toString);
        try (var jf = new java.util.jar.JarFile(jar.toFile())) {
            assertTrue(jf.stream().noneMatch(e -> e.getName().startsWith("org/")), "no compiler dependencies in the jar");
            assertTrue(jf.stream().anyMatch(e -> e.getName().startsWith("nnc/generated/")));
        }
        // Load the jar in isolation (only the JDK as parent) and run the model through the runtime API.
        try (var cl = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> em = cl.loadClass("nnc.runtime.EmbeddedModel");
            Object net = em.getMethod("network").invoke(em.getMethod("load").invoke(null));
            Class<?> tensor = cl.loadClass("nnc.runtime.Tensor"), batch = cl.loadClass("nnc.runtime.Batch");
            Class<?> mode = cl.loadClass("nnc.runtime.Mode"), tn = cl.loadClass("nnc.runtime.TrainableNetwork");
            Object x = tensor.getMethod("of", float[].class, int[].class).invoke(null, new float[] {1, 1, 0, 1}, new int[] {2, 2});
            Object batchObj = batch.getMethod("of", List.class, List.class).invoke(null, List.of(x), List.of());
            tn.getMethod("setBatchCapacity", int.class).invoke(net, 2);
            tn.getMethod("forward", batch, mode).invoke(net, batchObj, Enum.valueOf((Class) mode, "INFER"));
            Object out = tn.getMethod("output", int.class).invoke(net, 0);
            for (int i = 0; i < 2; i++) {
                float v = (float) tensor.getMethod("getFloat", int.class).invoke(out, i);
                assertEquals(Double.parseDouble(expected[i].trim()), v, 1e-5);
            }
        }
    }
}
