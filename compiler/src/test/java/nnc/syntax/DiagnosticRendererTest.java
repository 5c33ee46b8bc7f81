package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {

    @Test
    void rendersPositionSourceLineCaretAndHint() {
        SourceFile src = new SourceFile("m.nn", "model M {\n    dense(20 relu)\n}\n");
        Diagnostic d = Diagnostic.error("syntax.expected", src.span(23, 27), "expected ',' or ')' after argument 1",
                "separate arguments with ','");
        assertEquals("""
                m.nn:2:14: error: expected ',' or ')' after argument 1
                        dense(20 relu)
                                 ^^^^
                hint: separate arguments with ','
                """, DiagnosticRenderer.render(d, src));
    }

    @Test
    void pointSpanGetsOneCaretAndNoHintLine() {
        SourceFile src = new SourceFile("m.nn", "let y = x |>\n");
        Diagnostic d = Diagnostic.error("syntax.expected-value", src.span(12, 12), "expected a layer after '|>'");
        assertEquals("m.nn:1:13: error: expected a layer after '|>'\n    let y = x |>\n                ^\n",
                DiagnosticRenderer.render(d, src));
    }

    @Test
    void tabsAreKeptSoTheCaretLinesUp() {
        SourceFile src = new SourceFile("m.nn", "\tdense(3 4)\n");
        Diagnostic d = Diagnostic.error("x", src.span(9, 10), "m");
        assertEquals("m.nn:1:10: error: m\n    \tdense(3 4)\n    \t        ^\n", DiagnosticRenderer.render(d, src));
    }

    @Test
    void multiLineSpanIsUnderlinedToTheEndOfItsFirstLine() {
        SourceFile src = new SourceFile("m.nn", "ab(\ncd)\n");
        Diagnostic d = Diagnostic.error("x", src.span(1, 6), "m");
        assertEquals("m.nn:1:2: error: m\n    ab(\n     ^^\n", DiagnosticRenderer.render(d, src));
    }

    @Test
    void renderAllSortsAndCounts() {
        SourceFile src = new SourceFile("m.nn", "a\nb\n");
        String out = DiagnosticRenderer.renderAll(List.of(
                Diagnostic.error("x", src.span(2, 3), "second"),
                Diagnostic.error("x", src.span(0, 1), "first")), src);
        assertEquals("m.nn:1:1: error: first\n    a\n    ^\nm.nn:2:1: error: second\n    b\n    ^\n2 errors\n", out);
    }

    @Test
    void lineLookup() {
        SourceFile src = new SourceFile("m.nn", "ab\r\ncd\nef");
        assertEquals(3, src.lineCount());
        assertEquals("cd", src.lineText(2));
        assertEquals("ef", src.lineText(3));
        assertEquals(2, src.lineOf(4));
        assertEquals(1, src.colOf(4));
        assertEquals(3, src.lineOf(8));
        assertEquals(2, src.colOf(8));
    }
}
