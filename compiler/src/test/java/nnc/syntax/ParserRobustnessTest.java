package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random damage to a valid program (tokens deleted, duplicated, swapped, characters inserted)
 * must never make the parser throw, must give spans inside the file, at most one error per
 * line, and never ANTLR's own wording.
 */
class ParserRobustnessTest {
    private static final String PROGRAM = """
            data Iris = csv("data/iris.csv") {
                x = columns(sepal_length, sepal_width) |> standardize
                (a, b) = column(v) |> windows(size = 7)
            }
            layer dense2(x: [..., n], units: int, activation = linear) -> [..., units] {
                param kernel: [n, units] = glorot_uniform, regularizer = none
                param bias: [units] = zeros if use_bias
                activation(x @ kernel + bias)
            }
            fn swish(x) = x * sigmoid(x)
            model Mlp {
                input x: [4]
                let h = x |> dense(20, activation = relu) as hidden
                output -h / 2, int[3]
            }
            train Mlp on Iris {
                loss = categorical_crossentropy
                optimizer = adam(learning_rate = 0.001)
                metrics = [accuracy]
            }
            """;
    private static final List<String> PIECES = List.of("(", ")", "[", "]", "{", "}", ",", "=", ":", "|>", "\"",
            "/*", "model", "input", "let", "dense", "3", "\n", ";", "#", "as", "->", "...", "@");

    @Test
    void damagedProgramsNeverBreakTheParser() {
        assertTrue(SourceParser.parse("p.nn", PROGRAM).ok());
        Random random = new Random(42);
        for (int i = 0; i < 250; i++) {
            StringBuilder b = new StringBuilder(PROGRAM);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(6)));
                    case 1 -> b.insert(at, PIECES.get(random.nextInt(PIECES.size())));
                    default -> b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(12))));
                }
            }
            String text = b.toString();
            ParseResult r = SourceParser.parse("p.nn", text);
            assertNotNull(r.ast(), text);
            Set<Integer> lines = new HashSet<>();
            for (Diagnostic d : r.diagnostics()) {
                String m = d.message();
                assertFalse(m.contains("extraneous") || m.contains("expecting") || m.contains("viable")
                        || m.contains("<missing") || m.contains("mismatched"), m + "\n" + text);
                assertTrue(d.span().start() >= 0 && d.span().end() <= text.length(), d + "\n" + text);
                assertTrue(d.span().line() >= 1, d.toString());
                assertTrue(lines.add(d.span().line()) || d.code().startsWith("lex."), "two errors on one line: "
                        + r.diagnostics() + "\n" + text);
                DiagnosticRenderer.render(d, new SourceFile("p.nn", text));
            }
        }
    }
}
