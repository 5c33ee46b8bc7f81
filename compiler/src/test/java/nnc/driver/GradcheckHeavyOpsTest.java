package nnc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnc gradcheck} on a model with convolution, pooling, upsampling and recurrent layers
 * (gru inside bidirectional, lstm): the double-precision evaluator runs every heavy op, and the
 * analytic gradients agree with central differences.
 */
class GradcheckHeavyOpsTest {

    @Test
    void convolutionalRecurrentModelPassesGradcheck(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d,e,f,g,h,t\n");
        Random rnd = new Random(3);
        for (int r = 0; r < 12; r++) {
            for (int k = 0; k < 9; k++) csv.append(String.format(Locale.ROOT, "%.4f", rnd.nextDouble() * 2 - 1)).append(k < 8 ? "," : "\n");
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        Path nn = dir.resolve("m.nn");
        Files.writeString(nn, """
                data D = csv("d.csv") {
                    x = columns(a, b, c, d, e, f, g, h)
                    y = column(t)
                }

                model M {
                    input x: [8]
                    reshape([4, 2])
                    upsampling1d(2)
                    conv1d(3, 3, activation = tanh)
                    maxpool1d(2)
                    bidirectional(gru(3, return_sequences = true))
                    lstm(2)
                    dense(1)
                }

                train M on D {
                    loss = mse
                    optimizer = sgd
                    epochs = 1
                    seed = 0
                }
                """);
        StringWriter text = new StringWriter();
        int rc = GradientRun.gradcheck(nn, null, 4, 20, 1e-5, 7, new PrintWriter(text));
        String out = text.toString();
        assertEquals(0, rc, out);
        for (String p : new String[] {"conv1d.kernel", "bidirectional.forward_gru.recurrent_kernel",
                "bidirectional.backward_gru.bias", "lstm.kernel", "dense.bias"}) {
            assertTrue(out.lines().anyMatch(l -> l.trim().startsWith(p + " ") && l.contains(" ok")), p + " checked:\n" + out);
        }
    }
}
