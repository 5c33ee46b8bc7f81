package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import nnc.cli.Main;
import org.junit.jupiter.api.Test;

/** `nnc summary` and `nnc emit --stage shapes` print Keras' numbers for the acceptance models. */
class SummaryCommandTest {
    record Run(int code, String out, String err) {}

    static Run nnc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tavenardMlp() {
        Run r = nnc("summary", "tests/golden/check/valid/tavenard_mlp.nn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Model: \"Mlp\"\n"), r.out());
        assertTrue(r.out().contains("│ dense (Dense)                        │ (None, 20)                  │             220 │"), r.out());
        assertTrue(r.out().contains("│ dense_1 (Dense)                      │ (None, 3)                   │              63 │"), r.out());
        assertTrue(r.out().endsWith(" Total params: 283 (1.11 KB)\n Trainable params: 283 (1.11 KB)\n Non-trainable params: 0 (0.00 B)\n"), r.out());
    }

    @Test
    void leNet5() {
        Run r = nnc("summary", "tests/golden/check/valid/lenet5.nn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv2d (Conv2D)"), r.out());
        assertTrue(r.out().contains("(None, 28, 28, 6)"), r.out());
        assertTrue(r.out().contains("max_pooling2d_1 (MaxPooling2D)"), r.out());
        assertTrue(r.out().contains("48,120"), r.out());
        assertTrue(r.out().contains(" Total params: 61,706 (241.04 KB)"), r.out());
    }

    @Test
    void batchnormNonTrainable() {
        Run r = nnc("summary", "tests/golden/check/valid/batchnorm.nn", "--model", "Bn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(" Total params: 1,377 (5.38 KB)"), r.out());
        assertTrue(r.out().contains(" Non-trainable params: 64 (256.00 B)"), r.out());
    }

    @Test
    void unknownModelIsAUserError() {
        Run r = nnc("summary", "tests/golden/check/valid/batchnorm.nn", "--model", "Bnn");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("did you mean 'Bn'?"), r.err());
    }

    @Test
    void checkErrorsGiveExitOne() {
        Run r = nnc("summary", "tests/golden/check/ranks.nn");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: conv2d expects an input of shape [height, width, channels]"), r.err());
    }

    @Test
    void emitShapes() {
        Run r = nnc("emit", "tests/golden/check/valid/program.nn", "--stage", "shapes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense = dense(x, units = 8, activation = relu)  : [4] -> [8]"), r.out());
        assertTrue(r.out().contains("x: [3, 1]  <- column[\"value\"] [] |> minmax [] |> windows[3, 1, 1] [3, 1]  (part 0)"), r.out());
        assertTrue(r.out().contains("train Net on Tiny"), r.out());
    }
}
