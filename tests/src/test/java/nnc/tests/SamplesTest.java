package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.cli.Frontend;
import nnc.cli.FrontendResult;
import nnc.syntax.DiagnosticRenderer;
import nnc.syntax.ast.Decl;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every sample is a complete program (data + model + train) that passes the front end. */
class SamplesTest {

    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("samples"))) {
            files = list.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no samples");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            FrontendResult r = Frontend.run(f);
            assertTrue(r.diagnostics().isEmpty(), () -> DiagnosticRenderer.renderAll(r.diagnostics(), r.source()));
            assertFalse(r.ast().declsOf(Decl.Data.class).isEmpty(), "a data declaration");
            assertFalse(r.ast().declsOf(Decl.Model.class).isEmpty(), "a model");
            assertFalse(r.ast().declsOf(Decl.Train.class).isEmpty(), "a train block");
            for (Decl.Data d : r.ast().declsOf(Decl.Data.class)) {
                // Every data file a sample names is shipped in samples/data.
                if (d.source() instanceof nnc.syntax.ast.Expr.Call call) {
                    for (var arg : call.args()) {
                        if (arg.value() instanceof nnc.syntax.ast.Expr.Str s) {
                            assertTrue(Files.isRegularFile(f.getParent().resolve(s.value())), "missing " + s.value());
                        }
                    }
                }
            }
        }));
    }
}
