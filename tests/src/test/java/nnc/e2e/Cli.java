package nnc.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.cli.Main;

/** Runs the nnc command line in-process and captures its exit code and output. */
final class Cli {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Copies samples/NAME and samples/data into {@code dir}; returns the copied .nn file. */
    static Path copySample(String name, Path dir) throws IOException {
        Path samples = Path.of("samples");
        Path from = samples.resolve("data");
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve("data").resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        Path target = dir.resolve(name);
        Files.copy(samples.resolve(name), target);
        return target;
    }

    /** The last value printed for {@code key} ("accuracy: 0.9733" → 0.9733), NaN when absent. */
    static double lastValue(String text, String key) {
        double v = Double.NaN;
        var m = java.util.regex.Pattern.compile("(?<![a-z_])" + java.util.regex.Pattern.quote(key) + ": ([-0-9.eE+]+)").matcher(text);
        while (m.find()) v = Double.parseDouble(m.group(1));
        return v;
    }

    private Cli() {}
}
