package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nnc.check.CheckResult;
import nnc.check.Checker;
import nnc.syntax.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * The checker never throws, whatever the program: every sample and checker golden file is checked
 * with one of its lines removed or cut short (broken programs a learner may type), cycling through
 * the lines so that the test stays quick. A failure names the file and the damaged line.
 */
class CheckerRobustnessTest {

    @Test
    void neverThrowsOnDamagedPrograms() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            s.filter(p -> p.toString().endsWith(".nn")).forEach(files::add);
        }
        try (Stream<Path> s = Files.walk(Path.of("tests", "golden", "check"))) {
            s.filter(p -> p.toString().endsWith(".nn")).forEach(files::add);
        }
        assertFalse(files.isEmpty());
        List<String> crashes = new ArrayList<>();
        for (Path f : files) {
            String[] lines = Files.readString(f).split("\n", -1);
            int seen = 0;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].trim().startsWith("//")) continue;
                // Every other code line, alternating the two kinds of damage (all of them take ~30 s).
                if (seen++ % 2 == 1) continue;
                List<String> variants = List.of(seen % 4 == 1 ? join(lines, i, "") : join(lines, i, cut(lines[i])));
                for (String v : variants) {
                    try {
                        CheckResult r = Checker.check(new SourceFile(f.toString(), v));
                        r.diagnostics().size();
                    } catch (RuntimeException | StackOverflowError e) {
                        crashes.add(f + " line " + (i + 1) + ": " + e);
                    }
                }
            }
        }
        if (!crashes.isEmpty()) throw new AssertionError(crashes.size() + " crashes:\n" + String.join("\n", crashes.subList(0, Math.min(20, crashes.size()))));
    }

    private static String join(String[] lines, int at, String replacement) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) b.append(i == at ? replacement : lines[i]).append('\n');
        return b.toString();
    }

    /** The line without its last argument or word: "dense(20, relu)" -> "dense(20, )". */
    private static String cut(String line) {
        int c = line.indexOf("//");
        String code = c >= 0 ? line.substring(0, c) : line;
        int comma = code.lastIndexOf(',');
        if (comma > 0) return code.substring(0, comma + 1) + code.substring(Math.max(code.lastIndexOf(')'), comma + 1));
        int space = code.trim().lastIndexOf(' ');
        return space > 0 ? code.trim().substring(0, space) : code;
    }
}
