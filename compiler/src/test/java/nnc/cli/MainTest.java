package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, messages, never a stack trace. */
class MainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.out.contains("\tat "), "stack trace printed: " + r);
        return r;
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.code);
        assertTrue(r.out.contains("check") && r.out.contains("emit"), r.out);
    }

    @Test
    void checkOfAGoodFileExitsZero() throws IOException {
        Path p = file("ok.nn", "model M { input x: [4]  dense(3, softmax) }\n");
        Run r = run("check", p.toString());
        assertEquals(0, r.code, r.err);
        assertEquals("", r.err);
        assertTrue(r.out.contains("ok"));
    }

    @Test
    void checkOfABadFilePrintsDiagnosticsAndExitsOne() throws IOException {
        Path p = file("bad.nn", "model M {\n    dense(20 relu)\n}\n");
        Run r = run("check", p.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.startsWith(p + ":2:14: error: expected ',' or ')' after argument 1\n"), r.err);
        assertTrue(r.err.contains("\n        dense(20 relu)\n                 ^^^^\n"), r.err);
        assertTrue(r.err.contains("hint: "), r.err);
    }

    @Test
    void missingFileIsAUserError() {
        Path p = dir.resolve("nope.nn");
        Run r = run("check", p.toString());
        assertEquals(1, r.code);
        assertEquals("nnc: cannot read " + p + ": no such file\n", r.err);
    }

    @Test
    void directoryIsAUserError() {
        Run r = run("check", dir.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.startsWith("nnc: cannot read " + dir + ": "), r.err);
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        assertEquals(2, run().code);
        Run unknown = run("frobnicate");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.startsWith("nnc: "), unknown.err);
        assertEquals(2, run("check").code);
        assertEquals(2, run("check", "--bogus", "x.nn").code);
        Path p = file("ok.nn", "model M { input x: [4] }\n");
        Run stage = run("emit", p.toString(), "--stage", "nonsense");
        assertEquals(2, stage.code);
        assertTrue(stage.err.contains("unknown stage 'nonsense'"), stage.err);
    }

    @Test
    void emitAstPrintsTheTree() throws IOException {
        Path p = file("m.nn", "model M {\n  input x: [4]\n  dense(3) as out\n}\n");
        Run r = run("emit", p.toString(), "--stage", "ast");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("Model M @1:1"), r.out);
        assertTrue(r.out.contains("As out @3:3"), r.out);
        assertTrue(r.out.contains("Call callee=dense @3:3"), r.out);
    }

    @Test
    void emitOfABadFileShowsTheErrors() throws IOException {
        Path p = file("bad.nn", "model M { dense( }\n");
        Run r = run("emit", p.toString(), "--stage", "ast");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("error:"), r.err);
    }
}
