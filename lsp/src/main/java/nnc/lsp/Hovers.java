package nnc.lsp;

import nnc.check.SpanIndex;
import nnc.syntax.antlr.NnLexer;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Hover: on a layer call, the instance name, output shape and parameter count the checker
 * computed (as {@code nnc summary} shows them) with the layer's signature and documentation;
 * on any other known name, its signature and documentation.
 */
final class Hovers {
    private Hovers() {}

    static Hover hover(Analysis analysis, int offset) {
        Tokens tokens = Tokens.lex(analysis.source().text());
        Token word = tokens.identifierAt(offset);
        Catalogue catalogue = Catalogue.forProgram(analysis.program(), analysis.source().text());
        LayerInfo layer = analysis.layerAt(offset);
        // On an argument inside a layer call (e.g. `relu` in dense(3, relu)) the argument's own
        // documentation is more useful; anywhere else in the call, the layer instance.
        if (layer != null && (word == null || !insideArguments(analysis, layer, word) || catalogue.get(word.getText()) == null)) {
            return new Hover(markdown(layerText(layer, catalogue.get(layer.type()))), Ranges.toRange(layer.span()));
        }
        if (word == null || word.getType() != NnLexer.ID) return null;
        Range range = new Range(position(analysis, word.getStartIndex()), position(analysis, word.getStopIndex() + 1));
        // A name of this file the checker resolved (a model, an input, a let value, a data set …).
        if (analysis.index() != null) {
            var symbol = analysis.index().definitionAt(word.getStartIndex());
            // Only for the name itself: inside a call the innermost match is the whole layer instance.
            if (symbol.isPresent() && symbol.get().definition() != null && symbol.get().name().equals(word.getText())) {
                return new Hover(markdown(symbolText(symbol.get())), range);
            }
        }
        Signature sig = catalogue.get(word.getText());
        if (sig == null) return null;
        return new Hover(markdown(signatureText(sig)), range);
    }

    /** True when {@code word} is inside the parentheses of the call, not its callee or a piped input. */
    private static boolean insideArguments(Analysis analysis, LayerInfo layer, Token word) {
        String text = analysis.source().text();
        int depth = 0;
        for (int i = Math.max(0, layer.span().start()); i < Math.min(word.getStartIndex(), text.length()); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
        }
        return depth > 0;
    }

    static String layerText(LayerInfo layer, Signature sig) {
        StringBuilder md = new StringBuilder();
        md.append("**").append(layer.name()).append("** (").append(layer.type()).append(")\n\n");
        md.append("output shape: `").append(layer.outputShape()).append("`  \n");
        md.append("params: ").append(String.format("%,d", layer.params())).append('\n');
        if (sig != null) md.append("\n---\n\n").append(signatureText(sig));
        return md.toString();
    }

    static String symbolText(SpanIndex.Symbol symbol) {
        StringBuilder md = new StringBuilder();
        md.append("**").append(symbol.name()).append("** (").append(symbol.kind().name().toLowerCase().replace('_', ' '));
        if (symbol.container() != null) md.append(" of ").append(symbol.container());
        md.append(')');
        if (symbol.detail() != null && !symbol.detail().isEmpty()) md.append("\n\n`").append(symbol.detail()).append('`');
        return md.append('\n').toString();
    }

    static String signatureText(Signature sig) {
        StringBuilder md = new StringBuilder();
        md.append("```nn\n").append(sig.display()).append("\n```\n");
        md.append('*').append(sig.kindLabel()).append("*\n");
        if (!sig.doc().isEmpty()) md.append('\n').append(sig.doc()).append('\n');
        return md.toString();
    }

    private static MarkupContent markdown(String text) {
        return new MarkupContent(MarkupKind.MARKDOWN, text);
    }

    private static Position position(Analysis analysis, int offset) {
        var src = analysis.source();
        return new Position(src.lineOf(offset) - 1, src.colOf(offset) - 1);
    }
}
