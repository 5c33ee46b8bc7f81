package nnc.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import nnc.syntax.Span;

/**
 * Position lookups for editors (the language server): which layer instance a position is in (with its
 * output shape and parameter count), which declaration a name at a position refers to, and the symbols
 * of the file. Offsets are 0-based character offsets as in {@link Span#start()}; lines and columns 1-based.
 */
public final class SpanIndex {
    /** A layer call of a model: its span covers the call expression (the {@code as} name included). */
    public record LayerEntry(Span span, String model, LayerInstance layer) {}

    public enum SymbolKind { MODEL, DATA, FN, LAYER, INPUT, LET, LAYER_INSTANCE, DATA_BINDING, TRAIN }

    /**
     * A declared name: {@code definition} is the span of the name where it is declared ({@code null} for
     * built-ins); {@code detail} is a one-line description such as {@code [28, 28, 1]} or
     * {@code (None, 10) · 850 params}; {@code container} is the enclosing model or data set, or null.
     */
    public record Symbol(String name, SymbolKind kind, Span definition, String detail, String container) {}

    /** A use of a name at {@code use} that refers to {@code target}. */
    public record Reference(Span use, Symbol target) {}

    private final List<LayerEntry> layers = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    void addLayer(LayerEntry e) {
        if (e.span() != null) layers.add(e);
    }

    void addSymbol(Symbol s) {
        symbols.add(s);
    }

    void addReference(Reference r) {
        if (r.use() != null) references.add(r);
    }

    /** The innermost layer call containing the offset, if any. */
    public Optional<LayerEntry> layerAt(int offset) {
        return layers.stream().filter(e -> contains(e.span(), offset))
                .min(Comparator.comparingInt(e -> e.span().length()));
    }

    public Optional<LayerEntry> layerAt(int line, int col) {
        return layers.stream().filter(e -> contains(e.span(), line, col))
                .min(Comparator.comparingInt(e -> e.span().length()));
    }

    /** The declaration referred to by the name at the offset (or declared there). */
    public Optional<Symbol> definitionAt(int offset) {
        for (Reference r : references) if (contains(r.use(), offset)) return Optional.of(r.target());
        for (Symbol s : symbols) if (s.definition() != null && contains(s.definition(), offset)) return Optional.of(s);
        return Optional.empty();
    }

    public Optional<Symbol> definitionAt(int line, int col) {
        for (Reference r : references) if (contains(r.use(), line, col)) return Optional.of(r.target());
        for (Symbol s : symbols) if (s.definition() != null && contains(s.definition(), line, col)) return Optional.of(s);
        return Optional.empty();
    }

    /** Every use of a symbol (for "find references" and rename). */
    public List<Span> referencesTo(Symbol s) {
        List<Span> out = new ArrayList<>();
        for (Reference r : references) if (r.target().equals(s)) out.add(r.use());
        return out;
    }

    public List<LayerEntry> layers() {
        return List.copyOf(layers);
    }

    public List<Symbol> symbols() {
        return List.copyOf(symbols);
    }

    public List<Reference> references() {
        return List.copyOf(references);
    }

    private static boolean contains(Span s, int offset) {
        return s != null && offset >= s.start() && offset <= s.end();
    }

    private static boolean contains(Span s, int line, int col) {
        if (s == null) return false;
        boolean afterStart = line > s.line() || (line == s.line() && col >= s.col());
        boolean beforeEnd = line < s.endLine() || (line == s.endLine() && col <= s.endCol());
        return afterStart && beforeEnd;
    }
}
