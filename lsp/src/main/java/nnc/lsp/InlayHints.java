package nnc.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Inlay hints: after each layer call, the output shape the checker computed for it. */
final class InlayHints {
    private InlayHints() {}

    static List<InlayHint> hints(Analysis analysis, Range range) {
        List<InlayHint> out = new ArrayList<>();
        for (LayerInfo layer : analysis.layers()) {
            Position at = Ranges.end(layer.span());
            if (range != null && !within(at, range)) continue;
            InlayHint hint = new InlayHint(at, Either.forLeft(label(layer)));
            hint.setKind(InlayHintKind.Type);
            hint.setPaddingLeft(true);
            hint.setTooltip(layer.name() + " (" + layer.type() + "): " + layer.params() + " params");
            out.add(hint);
        }
        return out;
    }

    /** The label: {@code → (None, 20)}, the shape as {@code nnc summary} prints it. */
    static String label(LayerInfo layer) {
        return "→ " + layer.outputShape();
    }

    private static boolean within(Position p, Range r) {
        return compare(p, r.getStart()) >= 0 && compare(p, r.getEnd()) <= 0;
    }

    private static int compare(Position a, Position b) {
        return a.getLine() != b.getLine() ? Integer.compare(a.getLine(), b.getLine())
                : Integer.compare(a.getCharacter(), b.getCharacter());
    }
}
