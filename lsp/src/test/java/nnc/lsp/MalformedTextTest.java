package nnc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;

/**
 * Half-typed programs never break the server: every truncation and random damage of sample
 * programs gets an answer to each request (never an exception), and afterwards the server still
 * analyses a correct program correctly.
 */
class MalformedTextTest {
    static final String LENET = """
            // LeNet-5 as in Tavenard ch. 6
            model LeNet5 {
                input image: [32, 32, 1]
                conv2d(filters = 6, kernel_size = 5, padding = valid, activation = relu)
                maxpool2d(2)
                conv2d(16, 5, activation = relu)
                maxpool2d(2)
                flatten
                dense(120, relu)
                dense(84, relu)
                dense(10, softmax) as probs
            }
            """;

    static final String AUTOENCODER = """
            /* Functional style */
            model Encoder { input x: [784]  dense(128, relu)  dense(32, relu) }
            model Decoder { input z: [32]   dense(128, relu)  dense(784, sigmoid) }
            model Autoencoder {
                input x: [784]
                let code = x |> Encoder
                output code |> Decoder
            }
            fn swish(x) = x * sigmoid(x)
            layer scaled(x: [..., n], units: int, use_bias = true) -> [..., units] {
                param kernel: [n, units] = glorot_uniform
                param bias: [units] = zeros if use_bias
                x @ kernel + bias
            }
            data Iris = csv("data/iris.csv") {
                x = columns(sepal_length, sepal_width, petal_length, petal_width) |> standardize
                y = column(species) |> onehot(3)
            }
            train Encoder on Iris {
                loss = categorical_crossentropy
                optimizer = adam(learning_rate = 0.001)
                metrics = [accuracy]
                epochs = 100
                callbacks = [early_stopping(monitor = val_loss, patience = 10)]
            }
            """;

    private static final String NOISE = "(){}[],:=|>-@.\"/*\n \t0123abcxyz_\u00e9\u20ac";

    @Test
    void truncationsAndDamageNeverBreakTheServer() throws Exception {
        Random random = new Random(42);
        int serverErrorsBefore = Log.serverErrors();
        int compilerErrorsBefore = Log.compilerErrors();
        try (InProcessClient client = new InProcessClient()) {
            int version = 1;
            String uri = "file:///tmp/fuzz.nn";
            client.open(uri, "");
            List<String> samples = new java.util.ArrayList<>(List.of(LENET, AUTOENCODER));
            samples.addAll(repositorySamples());
            for (String sample : samples) {
                for (int round = 0; round < 30; round++) {
                    String text = damage(sample, random, round);
                    client.change(uri, ++version, text);
                    exerciseEveryRequest(client, uri, text, random);
                }
            }
            // Still healthy: a correct program has no diagnostics and its layers have shapes.
            client.change(uri, ++version, LENET);
            PublishDiagnosticsParams p = client.diagnostics(uri, version);
            assertEquals(List.of(), p.getDiagnostics());
            assertEquals(8, client.inlayHints(uri).size(), "one shape hint per layer of LeNet-5");
        }
        assertEquals(0, Log.serverErrors() - serverErrorsBefore, "failures inside the server's own features (see the log)");
        // Crashes of the parser or checker are contained (the request still answers); they are
        // counted here so that they show in the test output.
        System.out.println("MalformedTextTest: parser/checker failures contained: "
                + (Log.compilerErrors() - compilerErrorsBefore));
    }

    @Test
    void pathologicalTextsGetAnswers() throws Exception {
        int serverErrorsBefore = Log.serverErrors();
        List<String> texts = List.of(
                "model M { input x: [4] " + "(".repeat(20_000) + " }",
                "model M { input x: [4] let y = " + "x + ".repeat(5_000) + " }",
                "[".repeat(10_000),
                "\"" + "a".repeat(100_000),
                "/*" + " model M {".repeat(10_000),
                "\u0000\uFFFF\uD800 model \t\r\r\n",
                "");
        try (InProcessClient client = new InProcessClient()) {
            String uri = "file:///tmp/pathological.nn";
            client.open(uri, "");
            int version = 1;
            for (String text : texts) {
                client.change(uri, ++version, text);
                var diagnostics = client.diagnostics(uri, version).getDiagnostics();
                // Every one but the empty text is wrong, so the user sees at least one problem, even
                // where a compiler stage gave up (then a warning says so).
                assertEquals(text.isEmpty(), diagnostics.isEmpty(), "diagnostics of text " + (version - 1));
                exerciseEveryRequest(client, uri, text, new Random(version));
            }
        }
        assertEquals(0, Log.serverErrors() - serverErrorsBefore, "failures inside the server's own features (see the log)");
    }

    /** The programs of the repository's samples folder (the module runs its tests from lsp/). */
    static List<String> repositorySamples() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "samples");
        if (!java.nio.file.Files.isDirectory(dir)) return List.of();
        try (var files = java.nio.file.Files.list(dir)) {
            List<String> out = new java.util.ArrayList<>();
            for (var f : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) out.add(java.nio.file.Files.readString(f));
            return out;
        }
    }

    /** Truncation at a random point for even rounds; random deletions and insertions for odd ones. */
    static String damage(String sample, Random random, int round) {
        if (round % 2 == 0) return sample.substring(0, random.nextInt(sample.length() + 1));
        StringBuilder b = new StringBuilder(sample);
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = random.nextInt(b.length());
            if (random.nextBoolean()) b.deleteCharAt(at);
            else b.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        }
        return b.toString();
    }

    private static void exerciseEveryRequest(InProcessClient client, String uri, String text, Random random)
            throws Exception {
        String[] lines = text.split("\n", -1);
        for (int probe = 0; probe < 4; probe++) {
            int line = random.nextInt(lines.length + 1); // one past the end too
            int character = random.nextInt((line < lines.length ? lines[line].length() : 0) + 2);
            assertNotNull(client.complete(uri, line, character));
            client.hover(uri, line, character); // null is a fine answer
            client.signatureHelp(uri, line, character);
            assertNotNull(client.definition(uri, line, character));
        }
        assertNotNull(client.inlayHints(uri));
        assertNotNull(client.symbols(uri));
        assertTrue(client.symbols(uri).stream().allMatch(s -> s.getName() != null && !s.getName().isEmpty()));
    }
}
