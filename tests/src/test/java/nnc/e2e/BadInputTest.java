package nnc.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs give one clear error, exit code 1, no stack trace, and never a partial weights file. */
class BadInputTest {
    @TempDir Path dir;
    Path nn;

    @BeforeEach
    void program() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 20; i++) csv.append(i % 3).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        Files.writeString(dir.resolve("d.csv"), csv);
        nn = dir.resolve("m.nn");
        Files.writeString(nn, """
                data D = csv("d.csv") {
                    x = columns(a, b) |> standardize
                    y = column(y)
                }
                model M {
                    input x: [2]
                    dense(4, relu)
                    dense(1, sigmoid)
                }
                train M on D { loss = binary_crossentropy  optimizer = adam  epochs = 2  batch_size = 8  verbose = 0 }
                """);
    }

    private static void assertOneClearError(Cli.Result r, String expected) {
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(expected), r::toString);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r::toString);
    }

    private Path trained() {
        Path w = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", nn.toString());
        assertEquals(0, r.code(), r::toString);
        return w;
    }

    @Test
    void predictInputMissingAColumn() throws IOException {
        Path w = trained();
        Files.writeString(dir.resolve("in.csv"), "a,c\n1,2\n");
        assertOneClearError(Cli.run("predict", nn.toString(), "--weights", w.toString(), "--input", dir.resolve("in.csv").toString()),
                "b");
    }

    @Test
    void trainingDataMissingAColumn() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "a,y\n1,0\n2,1\n");
        Cli.Result r = Cli.run("train", nn.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("b"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertFalse(Files.exists(dir.resolve("m.safetensors")));
    }

    @Test
    void nonNumericCellNamesFileAndLine() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "a,b,y\n1,2,0\n3,oops,1\n");
        Cli.Result r = Cli.run("train", nn.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("d.csv:3"), r::toString);
    }

    @Test
    void truncatedWeightsFile() throws IOException {
        Path w = trained();
        byte[] all = Files.readAllBytes(w);
        Files.write(w, java.util.Arrays.copyOf(all, all.length / 2));
        Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n");
        Cli.Result r = Cli.run("predict", nn.toString(), "--weights", w.toString(), "--input", dir.resolve("in.csv").toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("m.safetensors"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void weightsOfAnotherModel() throws IOException {
        Path w = trained();
        Path other = dir.resolve("other.nn");
        Files.writeString(other, Files.readString(nn).replace("dense(4, relu)", "dense(5, relu)"));
        Cli.Result r = Cli.run("evaluate", other.toString(), "--weights", w.toString());
        assertOneClearError(r, "another model");
    }

    @Test
    void unwritableOutputPathAndPreviousWeightsKept() throws IOException {
        Cli.Result r = Cli.run("train", nn.toString(), "--weights-out", dir.resolve("no/such/folder/w.safetensors").toString());
        assertOneClearError(r, "does not exist");
        // a failing run never replaces (or truncates) an existing weights file
        Path w = trained();
        byte[] before = Files.readAllBytes(w);
        Files.writeString(dir.resolve("d.csv"), "a,b,y\n1,2,0\n3,x,1\n");
        assertEquals(1, Cli.run("train", nn.toString()).code());
        assertArrayEquals(before, Files.readAllBytes(w));
    }

    @Test
    void missingWeightsFileAndUsageErrors() {
        assertOneClearError(Cli.run("evaluate", nn.toString(), "--weights", dir.resolve("none.safetensors").toString()),
                "none.safetensors");
        assertEquals(2, Cli.run("predict", nn.toString()).code(), "missing required options are usage errors");
    }
}
