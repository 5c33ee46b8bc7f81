package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.cli.Frontend;
import nnc.cli.FrontendResult;
import nnc.cli.Main;
import nnc.syntax.DiagnosticRenderer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every sample passes `nnc check`, trains a model, and `nnc summary` prints its table. */
class SamplesCheckTest {

    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("samples"))) {
            files = list.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no samples");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    static void run(Path file) throws IOException {
        FrontendResult r = Frontend.run(file);
        assertTrue(r.ok(), () -> DiagnosticRenderer.renderAll(r.diagnostics(), r.source()));
        assertFalse(r.check().program().trains().isEmpty(), file + " has no train block");

        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"summary", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> err.toString(StandardCharsets.UTF_8));
        String model = r.check().program().trains().get(0).model();
        long total = r.check().program().model(model).orElseThrow().totalParams();
        assertTrue(text.startsWith("Model: \"" + model + "\""), text);
        assertTrue(text.contains(" Total params: " + String.format(java.util.Locale.ROOT, "%,d", total) + " ("), text);
        assertTrue(text.contains(" Trainable params: "), text);
        assertTrue(text.contains(" Non-trainable params: "), text);
    }
}
