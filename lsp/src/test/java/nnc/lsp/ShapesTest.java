package nnc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hover and inlay hints show each layer's output shape and parameter count. The reference is
 * Keras: LeNet-5 on 32x32x1 images as Keras' model.summary() prints it (61,706 parameters).
 */
class ShapesTest {
    private static final String URI = "file:///tmp/lenet.nn";

    /** Keras' summary of LeNet-5: instance name, output shape, parameters, per layer. */
    static final List<String[]> KERAS_SUMMARY = List.of(
            new String[] {"conv2d", "(None, 28, 28, 6)", "156"},
            new String[] {"max_pooling2d", "(None, 14, 14, 6)", "0"},
            new String[] {"conv2d_1", "(None, 10, 10, 16)", "2,416"},
            new String[] {"max_pooling2d_1", "(None, 5, 5, 16)", "0"},
            new String[] {"flatten", "(None, 400)", "0"},
            new String[] {"dense", "(None, 120)", "48,120"},
            new String[] {"dense_1", "(None, 84)", "10,164"},
            new String[] {"probs", "(None, 10)", "850"});

    @Test
    void inlayHintsGiveEveryLayersOutputShapeAtTheEndOfItsCall() throws Exception {
        String text = MalformedTextTest.LENET;
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, text);
            List<InlayHint> hints = client.inlayHints(URI);
            assertEquals(KERAS_SUMMARY.size(), hints.size());
            String[] lines = text.split("\n");
            for (int i = 0; i < hints.size(); i++) {
                InlayHint h = hints.get(i);
                assertEquals("→ " + KERAS_SUMMARY.get(i)[1], h.getLabel().getLeft());
                // Each layer is on its own line, from line 3 (0-based) on; the hint ends the call.
                Position p = h.getPosition();
                assertEquals(3 + i, p.getLine(), "hint " + i);
                String before = lines[p.getLine()].substring(0, p.getCharacter());
                assertEquals(lines[p.getLine()].stripTrailing(), before, "hint at the end of the call on line " + p.getLine());
            }
        }
    }

    @Test
    void hoverOnALayerShowsInstanceNameShapeAndParameters() throws Exception {
        String text = MalformedTextTest.LENET;
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, text);
            String[] needles = {"conv2d(filters", "maxpool2d(2)", "conv2d(16", "maxpool2d(2)", "flatten",
                    "dense(120", "dense(84", "dense(10"};
            int[] occurrence = {1, 1, 1, 2, 1, 1, 1, 1};
            for (int i = 0; i < needles.length; i++) {
                Position p = InProcessClient.positionOf(text, needles[i], occurrence[i]);
                Hover hover = client.hover(URI, p.getLine(), p.getCharacter() + 1);
                assertNotNull(hover, "hover on " + needles[i]);
                String md = hover.getContents().getRight().getValue();
                String[] expected = KERAS_SUMMARY.get(i);
                assertTrue(md.startsWith("**" + expected[0] + "**"), md);
                assertTrue(md.contains("output shape: `" + expected[1] + "`"), md);
                assertTrue(md.contains("params: " + expected[2]), md);
                assertEquals(p.getLine(), hover.getRange().getStart().getLine());
            }
        }
    }

    @Test
    void hoverAndInlayHintsAgreeWithNncSummary(@TempDir Path dir) throws Exception {
        String text = MalformedTextTest.AUTOENCODER.substring(0, MalformedTextTest.AUTOENCODER.indexOf("fn swish"))
                + MalformedTextTest.LENET;
        Path file = dir.resolve("models.nn");
        Files.writeString(file, text);
        List<String[]> rows = new ArrayList<>();
        for (String model : List.of("Encoder", "Decoder", "Autoencoder", "LeNet5")) rows.addAll(summaryRows(file, model));
        try (InProcessClient client = new InProcessClient()) {
            String uri = file.toUri().toString();
            client.open(uri, text);
            List<InlayHint> hints = client.inlayHints(uri);
            assertEquals(rows.size(), hints.size(), "one hint per row of nnc summary");
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                assertEquals("→ " + row[1], hints.get(i).getLabel().getLeft(), "hint of " + row[0]);
                Position at = hints.get(i).getPosition();
                // Hover at the end of the call shows the same layer.
                Hover hover = client.hover(uri, at.getLine(), at.getCharacter());
                String md = hover.getContents().getRight().getValue();
                assertTrue(md.startsWith("**" + row[0] + "**"), md);
                assertTrue(md.contains("output shape: `" + row[1] + "`"), md);
                assertTrue(md.contains("params: " + row[2] + "\n"), md);
            }
        }
    }

    /** The rows of {@code nnc summary FILE --model MODEL}: name, output shape, parameter count as printed. */
    private static List<String[]> summaryRows(Path file, String model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = nnc.cli.Main.run(new String[] {"summary", file.toString(), "--model", model},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String[]> rows = new ArrayList<>();
        Matcher m = Pattern.compile("│ (\\S+) \\([^)]*\\)\\s*│ (\\([^│]*\\))\\s*│\\s*([0-9,]+) │")
                .matcher(out.toString(StandardCharsets.UTF_8));
        while (m.find()) rows.add(new String[] {m.group(1), m.group(2).strip(), m.group(3)});
        assertTrue(!rows.isEmpty(), "no rows read from the summary of " + model + ":\n" + out);
        return rows;
    }

    @Test
    void hoverOnAnActivationArgumentShowsTheActivation() throws Exception {
        String text = MalformedTextTest.LENET;
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, text);
            Position p = InProcessClient.positionOf(text, "softmax", 1);
            String md = client.hover(URI, p.getLine(), p.getCharacter() + 2).getContents().getRight().getValue();
            assertTrue(md.contains("softmax("), md);
            // The definition the standard library writes next to its declaration.
            assertTrue(md.contains("exp(x) / sum(exp(x))"), md);
            assertTrue(md.contains("activation") || md.contains("layer"), md);
        }
    }

    @Test
    void hoverOnAModelOrAnInputNamesWhatTheCheckerResolved() throws Exception {
        String text = MalformedTextTest.AUTOENCODER;
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, text);
            Position use = InProcessClient.positionOf(text, "Encoder", 2); // in `x |> Encoder`
            String onModel = client.hover(URI, use.getLine(), use.getCharacter() + 2).getContents().getRight().getValue();
            assertTrue(onModel.contains("Encoder"), onModel);
            Position input = InProcessClient.positionOf(text, "x: [784]", 2); // the Autoencoder's input
            String onInput = client.hover(URI, input.getLine(), input.getCharacter()).getContents().getRight().getValue();
            assertTrue(onInput.startsWith("**x** (input"), onInput);
            assertTrue(onInput.contains("784"), onInput);
        }
    }

    @Test
    void outlineListsModelsWithTheirLayerInstances() throws Exception {
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, MalformedTextTest.LENET);
            var symbols = client.symbols(URI);
            assertEquals(1, symbols.size());
            assertEquals("LeNet5", symbols.get(0).getName());
            List<String> children = symbols.get(0).getChildren().stream().map(s -> s.getName()).toList();
            List<String> expected = new java.util.ArrayList<>(List.of("image"));
            KERAS_SUMMARY.forEach(row -> expected.add(row[0]));
            assertEquals(expected, children);
        }
    }

    @Test
    void definitionOfAModelUsedAsALayer() throws Exception {
        String text = MalformedTextTest.AUTOENCODER;
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, text);
            Position use = InProcessClient.positionOf(text, "Encoder", 2); // in `x |> Encoder`
            var locations = client.definition(URI, use.getLine(), use.getCharacter() + 1);
            assertEquals(1, locations.size());
            Position decl = InProcessClient.positionOf(text, "Encoder", 1);
            assertEquals(decl, locations.get(0).getRange().getStart());
            Position letUse = InProcessClient.positionOf(text, "code |>", 1);
            var letDef = client.definition(URI, letUse.getLine(), letUse.getCharacter());
            Position letDecl = InProcessClient.positionOf(text, "let code", 1);
            assertEquals(new Position(letDecl.getLine(), letDecl.getCharacter() + 4), letDef.get(0).getRange().getStart());
        }
    }
}
