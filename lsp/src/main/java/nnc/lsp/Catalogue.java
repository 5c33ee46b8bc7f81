package nnc.lsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Param;
import nnc.syntax.ast.Program;
import nnc.syntax.ast.TypeRef;

/**
 * The names a document can call: the checker's built-in layers and activations, plus the
 * models, layers and fns the document declares itself (which shadow built-ins of the same name).
 */
final class Catalogue {
    private static volatile Catalogue builtins;

    /** By name: the first role of a name (a layer before an activation of the same name). */
    private final Map<String, Signature> entries;
    /** Every role of every name, in catalogue order. */
    private final List<Signature> all;

    private Catalogue(Map<String, Signature> entries, List<Signature> all) {
        this.entries = entries;
        this.all = all;
    }

    /** The built-in signatures, read once from the checker's catalogue. */
    static Catalogue builtins() {
        Catalogue c = builtins;
        if (c == null) {
            Map<String, Signature> m = new LinkedHashMap<>();
            List<Signature> all = CheckAdapter.builtinSignatures();
            for (Signature s : all) m.putIfAbsent(s.name(), s);
            builtins = c = new Catalogue(m, List.copyOf(all));
        }
        return c;
    }

    /** Built-ins plus what {@code program} declares ({@code program} may be null); {@code text} is its source. */
    static Catalogue forProgram(Program program, String text) {
        Catalogue base = builtins();
        if (program == null) return base;
        Map<String, Signature> m = new LinkedHashMap<>(base.entries);
        List<Signature> all = new ArrayList<>(base.all);
        for (Decl d : program.decls()) {
            Signature s = userSignature(d, text);
            if (s != null) {
                m.put(s.name(), s);
                all.add(s);
            }
        }
        return new Catalogue(m, all);
    }

    private static Signature userSignature(Decl d, String text) {
        return switch (d) {
            case Decl.Model m -> new Signature(m.name().name(), Signature.Kind.MODEL, List.of(), "");
            case Decl.Layer l -> new Signature(l.name().name(), Signature.Kind.USER_LAYER, userArgs(l.params(), text), "");
            case Decl.Fn f -> new Signature(f.name().name(), Signature.Kind.FN, userArgs(f.params().size() > 1
                    ? f.params().subList(1, f.params().size()) : List.of(), text), "");
            default -> null;
        };
    }

    /** Parameters of a user layer without its input tensor (the first parameter with a shape type). */
    private static List<Signature.Arg> userArgs(List<Param> params, String text) {
        List<Signature.Arg> out = new ArrayList<>();
        boolean inputSkipped = false;
        for (Param p : params) {
            if (!inputSkipped && p.type() instanceof TypeRef.Shape) {
                inputSkipped = true;
                continue;
            }
            String def = p.defaultValue() == null ? null : textOf(p.defaultValue().span(), text);
            out.add(new Signature.Arg(p.name().name(), Signature.ValueKind.OTHER, def, List.of()));
        }
        return out;
    }

    private static String textOf(Span span, String text) {
        if (span == null) return "…";
        int s = Math.max(0, span.start());
        int e = Math.min(text.length(), span.end());
        return s < e ? text.substring(s, e) : "…";
    }

    Signature get(String name) {
        return entries.get(name);
    }

    List<Signature> layers() {
        return ofKind(Signature.Kind.LAYER);
    }

    List<Signature> activations() {
        return ofKind(Signature.Kind.ACTIVATION);
    }

    /** The models, layers and fns the document declares. */
    List<Signature> userCallables() {
        List<Signature> out = new ArrayList<>();
        for (Signature s : all) {
            if (s.kind() == Signature.Kind.MODEL || s.kind() == Signature.Kind.USER_LAYER || s.kind() == Signature.Kind.FN) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every enum choice of every argument, e.g. {@code valid}, {@code same}. */
    List<String> enumValues() {
        TreeSet<String> out = new TreeSet<>();
        for (Signature s : all) for (Signature.Arg a : s.args()) out.addAll(a.choices());
        return new ArrayList<>(out);
    }

    List<Signature> ofKind(Signature.Kind kind) {
        return all.stream().filter(s -> s.kind() == kind).toList();
    }
}
