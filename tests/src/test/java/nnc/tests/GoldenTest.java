package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nnc.cli.Frontend;
import nnc.cli.FrontendResult;
import nnc.syntax.Diagnostic;
import nnc.syntax.DiagnosticRenderer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the front end (parser, then checker) over every {@code .nn} file under
 * {@code tests/golden/} and compares the diagnostics with the expectations written inline
 * ({@code // error: MESSAGE-SUBSTRING}, {@code // error@COL: …}). Every expected error must be
 * reported on its line, and every reported error must be expected: a file without
 * expectations must be clean.
 *
 * <p>The front end runs the checker only on files without syntax errors; this runner asserts
 * that too, so checker diagnostics can never pile up on top of syntax errors.
 * Extra expectation kinds ({@code // shape: …}) are checked by {@link #checkOther}.
 */
class GoldenTest {
    static final Path ROOT = Path.of("tests", "golden");

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no golden files under " + ROOT.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> run(f)));
    }

    static void run(Path file) throws IOException {
        String text = Files.readString(file);
        List<Expectation> expectations = Expectation.parse(text);
        FrontendResult result = Frontend.run(file);
        List<Diagnostic> diagnostics = result.diagnostics();
        List<String> problems = new ArrayList<>();

        if (result.hasSyntaxErrors()) {
            for (Diagnostic d : diagnostics) {
                if (!d.isSyntax()) problems.add("checker diagnostic after a syntax error: " + d.message());
            }
        }

        // Files under syntax/ test the parser: their made-up imports and data files are not
        // checked, so only syntax diagnostics are compared there.
        boolean syntaxOnly = ROOT.relativize(file).startsWith("syntax");
        List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError)
                .filter(d -> !syntaxOnly || d.isSyntax()).toList();
        List<Diagnostic> unmatched = new ArrayList<>(errors);
        for (Expectation e : expectations) {
            if (!e.kind().equals("error")) continue;
            Diagnostic hit = null;
            for (Diagnostic d : unmatched) {
                if (d.span().line() == e.line() && (e.col() == 0 || d.span().col() == e.col())
                        && d.message().contains(e.text())) {
                    hit = d;
                    break;
                }
            }
            if (hit == null) problems.add("expected but not reported: " + e);
            else unmatched.remove(hit);
        }
        for (Diagnostic d : unmatched) {
            problems.add("reported but not expected: line " + d.span().line() + " col " + d.span().col()
                    + ": " + d.message());
        }
        checkOther(result, expectations, problems);

        if (!problems.isEmpty()) {
            fail(file + ":\n  " + String.join("\n  ", problems) + "\n--- diagnostics ---\n"
                    + DiagnosticRenderer.renderAll(diagnostics, result.source()));
        }
        assertTrue(problems.isEmpty());
    }

    /**
     * Expectations other than errors: {@code shape:}, {@code params:}, {@code total-params:} and
     * {@code trainable-params:} are checked against the checker's result by {@link CheckExpectations}.
     */
    static void checkOther(FrontendResult result, List<Expectation> expectations, List<String> problems) {
        CheckExpectations.check(result, problems);
        for (Expectation e : expectations) {
            if (e.kind().equals("error") || e.kind().equals("shape")) continue;
            problems.add("no check for this kind of expectation yet: " + e);
        }
    }
}
