package nnc.lsp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nnc.check.SpanIndex;
import nnc.syntax.Diagnostic;
import nnc.syntax.SourceFile;
import nnc.syntax.ast.Program;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * Everything the server knows about one version of a document: the parsed program (with
 * recovery placeholders after syntax errors), the diagnostics of the parser and checker, and
 * the checked layer instances (empty when the checker did not run) and the checker's position
 * index of names and their definitions (null when it did not run).
 */
record Analysis(String uri, int version, SourceFile source, Program program, List<Diagnostic> diagnostics,
                List<LayerInfo> layers, SpanIndex index) {

    /** The diagnostics as LSP values: same message and span as {@code nnc check}; the hint on a second line. */
    List<org.eclipse.lsp4j.Diagnostic> lspDiagnostics() {
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) out.add(toLsp(d));
        return out;
    }

    static org.eclipse.lsp4j.Diagnostic toLsp(Diagnostic d) {
        String message = d.message();
        if (d.hint() != null && !d.hint().isEmpty()) message += "\nhint: " + d.hint();
        var lsp = new org.eclipse.lsp4j.Diagnostic(Ranges.toRange(d.span()), message);
        lsp.setSeverity(switch (d.severity()) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case NOTE -> DiagnosticSeverity.Information;
        });
        lsp.setSource("nnc");
        lsp.setCode(d.code());
        return lsp;
    }

    /** The innermost layer instance whose call covers {@code offset}, or null. */
    LayerInfo layerAt(int offset) {
        return layers.stream()
                .filter(l -> Ranges.contains(l.span(), offset))
                .min(Comparator.comparingInt(l -> l.span().length()))
                .orElse(null);
    }
}
