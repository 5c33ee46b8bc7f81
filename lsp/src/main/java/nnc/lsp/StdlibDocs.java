package nnc.lsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.Stdlib;
import nnc.syntax.ParseResult;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Param;

/**
 * Documentation written in the standard library itself: the comment lines just above a
 * declaration and the comment at the end of its last line, e.g. for
 * <pre>
 * intrinsic fn relu(x)                        // max(x, 0)
 * </pre>
 * the text {@code max(x, 0)}. Also lists the library's activations written in the language
 * ({@code swish}, {@code mish} …), which the checker's catalogue does not hold.
 */
final class StdlibDocs {
    private StdlibDocs() {}

    /** A documented stdlib declaration: its kind, its arguments after the input tensor, and its comment text. */
    record Entry(String name, boolean layer, List<Signature.Arg> args, String file, String doc) {}

    private static volatile Map<String, Entry> entries;

    static Map<String, Entry> entries() {
        Map<String, Entry> e = entries;
        if (e == null) entries = e = load();
        return e;
    }

    static String doc(String name) {
        Entry e = entries().get(name);
        return e == null ? "" : e.doc();
    }

    private static Map<String, Entry> load() {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (ParseResult parsed : Stdlib.files()) {
            String file = parsed.ast().file().replaceFirst("^.*/", "");
            String text = Stdlib.read(file);
            if (text == null) continue;
            String[] lines = text.split("\r?\n", -1);
            for (Decl d : parsed.ast().decls()) {
                switch (d) {
                    case Decl.Fn f -> out.putIfAbsent(f.name().name(),
                            new Entry(f.name().name(), false, args(f.params(), text), file, comments(lines, f.span())));
                    case Decl.Layer l -> out.putIfAbsent(l.name().name(),
                            new Entry(l.name().name(), true, args(l.params(), text), file, comments(lines, l.span())));
                    default -> { }
                }
            }
        }
        return out;
    }

    private static List<Signature.Arg> args(List<Param> params, String text) {
        List<Signature.Arg> out = new ArrayList<>();
        for (int i = 1; i < params.size(); i++) {
            Param p = params.get(i);
            String def = null;
            if (p.defaultValue() != null && p.defaultValue().span() != null) {
                Span d = p.defaultValue().span();
                def = text.substring(Math.max(0, d.start()), Math.min(text.length(), Math.max(d.start(), d.end())));
            }
            out.add(new Signature.Arg(p.name().name(), Signature.ValueKind.OTHER, def, List.of()));
        }
        return out;
    }

    /** The comment block right above the declaration, then the comment ending its last line. */
    private static String comments(String[] lines, Span span) {
        List<String> above = new ArrayList<>();
        for (int i = span.line() - 2; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.startsWith("//")) break;
            above.addFirst(l.substring(2).strip());
        }
        StringBuilder doc = new StringBuilder(String.join("\n", above).strip());
        int last = span.endLine() - 1;
        if (last >= 0 && last < lines.length) {
            String line = lines[last];
            int from = Math.min(line.length(), Math.max(0, span.endCol() - 1));
            int comment = line.indexOf("//", from);
            if (comment >= 0) {
                if (!doc.isEmpty()) doc.append("\n\n");
                doc.append('`').append(line.substring(comment + 2).strip()).append('`');
            }
        }
        return doc.toString();
    }
}
