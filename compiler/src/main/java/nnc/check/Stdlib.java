package nnc.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nnc.syntax.ParseResult;
import nnc.syntax.SourceFile;
import nnc.syntax.SourceParser;

/**
 * The standard library: {@code .nn} files packed into the compiler jar under {@code nnc/stdlib/}, parsed
 * once per JVM and implicitly imported into every program. They declare the catalogue's layers and
 * activations ({@code intrinsic}: signature only, implemented by the compiler) and define further
 * functions in the language.
 */
public final class Stdlib {
    private Stdlib() {}

    /** The stdlib files, in load order. */
    public static final List<String> FILES = List.of("activations.nn", "layers.nn");

    private static volatile List<ParseResult> parsed;

    /** The parsed stdlib files (parse diagnostics included, for the stdlib's own tests). */
    public static List<ParseResult> files() {
        List<ParseResult> p = parsed;
        if (p == null) {
            synchronized (Stdlib.class) {
                if (parsed == null) parsed = load();
                p = parsed;
            }
        }
        return p;
    }

    private static List<ParseResult> load() {
        List<ParseResult> out = new ArrayList<>();
        for (String f : FILES) {
            String text = read(f);
            if (text != null) out.add(SourceParser.parse(new SourceFile("stdlib/" + f, text)));
        }
        return List.copyOf(out);
    }

    /** The text of a stdlib file from the classpath, or null when missing. */
    public static String read(String file) {
        try (InputStream in = Stdlib.class.getClassLoader().getResourceAsStream("nnc/stdlib/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
