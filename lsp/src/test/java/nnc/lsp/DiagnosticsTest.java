package nnc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.check.CheckResult;
import nnc.check.Checker;
import nnc.syntax.Diagnostic;
import nnc.syntax.SourceFile;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics as the editor receives them are the checker's own: the same message and span as
 * {@code nnc check} (the reference here is {@link Checker#check} called directly), published on
 * open and cleared once the text is fixed.
 */
class DiagnosticsTest {
    private static final String URI = "file:///tmp/shapes.nn";

    // conv2d needs [height, width, channels]; the input has no channel axis.
    static final String SHAPE_ERROR = """
            model Broken {
                input image: [28, 28]
                conv2d(8, 3, activation = relu)
                flatten
                dense(10, softmax)
            }
            """;

    static final String FIXED = SHAPE_ERROR.replace("[28, 28]", "[28, 28, 1]");

    @Test
    void shapeErrorIsOneDiagnosticWithTheCheckersMessageAndSpan() throws Exception {
        List<Diagnostic> reference = Checker.check(new SourceFile("/tmp/shapes.nn", SHAPE_ERROR)).diagnostics();
        assertEquals(1, reference.size(), "the test program has exactly one error: " + reference);
        Diagnostic expected = reference.get(0);
        assertEquals(3, expected.span().line(), "the checker puts the error on the conv2d line");

        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, SHAPE_ERROR);
            PublishDiagnosticsParams published = client.diagnostics(URI, 1);
            assertEquals(1, published.getDiagnostics().size(), published.toString());
            var d = published.getDiagnostics().get(0);
            String message = expected.hint() == null ? expected.message()
                    : expected.message() + "\nhint: " + expected.hint();
            assertEquals(message, d.getMessage());
            assertEquals(DiagnosticSeverity.Error, d.getSeverity());
            assertEquals(expected.code(), d.getCode().getLeft());
            // LSP positions are 0-based; the checker's lines and columns 1-based.
            Range r = d.getRange();
            assertEquals(expected.span().line() - 1, r.getStart().getLine());
            assertEquals(expected.span().col() - 1, r.getStart().getCharacter());
            assertEquals(expected.span().endLine() - 1, r.getEnd().getLine());
            assertEquals(expected.span().endCol() - 1, r.getEnd().getCharacter());
            String underlined = SHAPE_ERROR.split("\n")[r.getStart().getLine()]
                    .substring(r.getStart().getCharacter(), r.getEnd().getCharacter());
            assertTrue(underlined.startsWith("conv2d"), "underlines the conv2d call: " + underlined);

            client.change(URI, 2, FIXED);
            assertEquals(List.of(), client.diagnostics(URI, 2).getDiagnostics(), "fixed text clears the diagnostics");
        }
    }

    @Test
    void syntaxErrorsComeFromTheParserWithTheirSpans() throws Exception {
        String text = "model M {\n    input x: [4\n    dense(2)\n}\n";
        CheckResult reference = Checker.check(new SourceFile("/tmp/syntax.nn", text));
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, text);
            var published = client.diagnostics(URI, 1).getDiagnostics();
            assertEquals(reference.diagnostics().size(), published.size());
            for (int i = 0; i < published.size(); i++) {
                Diagnostic expected = reference.diagnostics().get(i);
                assertTrue(published.get(i).getMessage().startsWith(expected.message()));
                assertEquals(expected.span().line() - 1, published.get(i).getRange().getStart().getLine());
                assertEquals(expected.span().col() - 1, published.get(i).getRange().getStart().getCharacter());
            }
            assertTrue(!published.isEmpty(), "an unclosed shape is a syntax error");
        }
    }

    @Test
    void burstOfChangesPublishesTheLastVersion() throws Exception {
        try (InProcessClient client = new InProcessClient()) {
            client.open(URI, FIXED);
            assertEquals(List.of(), client.diagnostics(URI, 1).getDiagnostics());
            // Keystrokes faster than the debounce: only the final text matters.
            for (int v = 2; v <= 10; v++) client.change(URI, v, v % 2 == 0 ? SHAPE_ERROR : FIXED);
            client.change(URI, 11, SHAPE_ERROR);
            assertEquals(1, client.diagnostics(URI, 11).getDiagnostics().size());
        }
    }
}
