package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.LayerSpec;
import nnc.check.catalogue.Layers;
import nnc.check.catalogue.Training;
import org.junit.jupiter.api.Test;

/** docs/language.md documents every layer (with every argument), activation, loss, metric and optimizer. */
class LanguageDocTest {
    @Test
    void everyCatalogueEntryIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs", "language.md"));
        for (LayerSpec s : Layers.all().values()) {
            if (Activations.isBuiltin(s.name())) {
                assertTrue(doc.contains("| `" + s.name() + "` |"), "activation " + s.name());
                continue;
            }
            int at = doc.indexOf("#### `" + s.name() + "`");
            assertTrue(at >= 0, "layer " + s.name());
            int end = doc.indexOf("####", at + 5);
            String section = doc.substring(at, end < 0 ? doc.length() : end);
            for (ArgSpec a : s.args()) assertTrue(section.contains("| `" + a.name() + "` |"), s.name() + "." + a.name());
        }
        for (String l : Training.LOSSES.keySet()) assertTrue(doc.contains("`" + l), "loss " + l);
        for (String m : Training.METRICS.keySet()) assertTrue(doc.contains("`" + m + "`"), "metric " + m);
        for (String o : Training.OPTIMIZERS.keySet()) assertTrue(doc.contains("| `" + o + "` |"), "optimizer " + o);
        for (String c : Training.CALLBACKS.keySet()) assertTrue(doc.contains("#### `" + c + "`"), "callback " + c);
    }
}
