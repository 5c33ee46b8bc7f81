package nnc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance runs of issue 4 on the shipped samples (copied to a temporary folder). */
class SamplesTrainTest {
    @TempDir Path dir;

    @Test
    void irisReachesNinetyFivePercentWithTheSampleSettings() throws IOException {
        Path nn = Cli.copySample("iris.nn", dir);
        Cli.Result r = Cli.run("train", nn.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Epoch 100/100"), r::toString);
        double acc = Cli.lastValue(r.out(), "accuracy");
        assertTrue(acc >= 0.95, "training accuracy " + acc);
        Cli.Result e = Cli.run("evaluate", nn.toString(), "--weights", dir.resolve("iris.safetensors").toString());
        assertEquals(0, e.code(), e::toString);
        assertTrue(Cli.lastValue(e.out(), "accuracy") >= 0.95, e::toString);
    }

    @Test
    void perceptronLearnsAndAndOrNotXor() throws IOException {
        Path nn = Cli.copySample("perceptron.nn", dir);
        for (String m : List.of("AndPerceptron", "OrPerceptron", "XorPerceptron")) {
            Path w = dir.resolve(m + ".safetensors");
            assertEquals(0, Cli.run("train", nn.toString(), "--model", m, "--weights-out", w.toString(), "--quiet").code());
            Cli.Result e = Cli.run("evaluate", nn.toString(), "--model", m, "--weights", w.toString());
            assertEquals(0, e.code(), e::toString);
            double acc = Cli.lastValue(e.out(), "accuracy");
            if (m.startsWith("Xor")) assertTrue(acc <= 0.75, m + " " + acc);
            else assertEquals(1.0, acc, 1e-9, m);
        }
    }

    @Test
    void diabetesValidationMseBeatsTheMeanWidely() throws IOException {
        Path nn = Cli.copySample("diabetes.nn", dir);
        Cli.Result r = Cli.run("train", nn.toString());
        assertEquals(0, r.code(), r::toString);
        // Predicting the training part's mean on the validation part (the last 20 %): its MSE, from the CSV.
        List<String> lines = Files.readAllLines(dir.resolve("data/diabetes.csv"));
        int n = lines.size() - 1, at = (int) Math.floor(n * 0.8);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i + 1).split(",");
            y[i] = Double.parseDouble(c[c.length - 1]);
        }
        double mean = 0;
        for (int i = 0; i < at; i++) mean += y[i] / at;
        double meanMse = 0;
        for (int i = at; i < n; i++) meanMse += (y[i] - mean) * (y[i] - mean) / (n - at);
        double best = Double.POSITIVE_INFINITY;
        var m = java.util.regex.Pattern.compile("val_loss: ([0-9.eE+-]+)").matcher(r.out());
        while (m.find()) best = Math.min(best, Double.parseDouble(m.group(1)));
        assertTrue(best < 0.6 * meanMse, "best val mse " + best + " vs mean predictor " + meanMse);
    }

    @Test
    void gradcheckPassesOnEveryDenseSample() throws IOException {
        for (String s : List.of("iris.nn", "diabetes.nn", "mlp_tavenard.nn", "autoencoder.nn", "denoising_autoencoder.nn")) {
            Path sub = dir.resolve(s.replace(".nn", ""));
            Path nn = Cli.copySample(s, sub);
            Cli.Result r = Cli.run("gradcheck", nn.toString());
            assertEquals(0, r.code(), () -> s + "\n" + r);
            assertTrue(r.out().contains("gradcheck passed"), r::toString);
        }
        Path nn = Cli.copySample("perceptron.nn", dir.resolve("perceptron"));
        for (String m : List.of("AndPerceptron", "XorPerceptron")) {
            Cli.Result r = Cli.run("gradcheck", nn.toString(), "--model", m);
            assertEquals(0, r.code(), r::toString);
        }
    }

    @Test
    void convolutionalAndRecurrentSamplesTrainAnEpoch() throws IOException {
        for (String s : List.of("lenet5_fashion.nn", "co2_lstm.nn", "sentiment_rnn.nn")) {
            Path nn = Cli.copySample(s, dir.resolve(s.replace(".nn", "")));
            Cli.Result r = Cli.run("train", nn.toString(), "--epochs", "1");
            assertEquals(0, r.code(), () -> s + "\n" + r);
            assertTrue(r.out().contains("Epoch 1/1") && Double.isFinite(Cli.lastValue(r.out(), "loss")), r::toString);
        }
    }
}
