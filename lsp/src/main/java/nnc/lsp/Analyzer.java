package nnc.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nnc.check.SpanIndex;
import nnc.syntax.Diagnostic;
import nnc.syntax.DiagnosticRenderer;
import nnc.syntax.ParseResult;
import nnc.syntax.Severity;
import nnc.syntax.SourceFile;
import nnc.syntax.SourceParser;
import nnc.syntax.ast.Program;

/**
 * Runs the compiler's front end on a document's text: the parser, then the checker on its result
 * (which, as in {@code nnc check}, only checks a clean parse), and turns the outcome into an
 * {@link Analysis}.
 * A crash of either stage on some half-typed text becomes an empty result plus a log line;
 * it never reaches the editor as a failed request.
 */
final class Analyzer {

    Analysis analyze(String uri, String text, int version) {
        SourceFile source = new SourceFile(displayPath(uri), text);
        ParseResult parsed;
        try {
            parsed = SourceParser.parse(source);
        } catch (Throwable t) {
            Log.compilerError("parsing " + uri, t);
            return new Analysis(uri, version, source, null, List.of(crashed(source, "parser", t)), List.of(), null);
        }
        List<Diagnostic> diagnostics = parsed.diagnostics();
        List<LayerInfo> layers = List.of();
        SpanIndex index = null;
        try {
            CheckAdapter.Result checked = CheckAdapter.check(parsed);
            diagnostics = checked.diagnostics();
            layers = checked.layers();
            index = checked.index();
        } catch (Throwable t) {
            Log.compilerError("checking " + uri, t);
            diagnostics = new ArrayList<>(diagnostics);
            diagnostics.add(crashed(source, "checker", t));
        }
        Program program = parsed.ast();
        return new Analysis(uri, version, source, program, DiagnosticRenderer.sorted(diagnostics), layers, index);
    }

    /** Tells the user, at the top of the file, that a compiler stage failed on this text (a bug, in the log). */
    private static Diagnostic crashed(SourceFile source, String stage, Throwable t) {
        String why = t instanceof StackOverflowError ? "the text is nested too deeply" : t.getClass().getSimpleName();
        return new Diagnostic("lsp.internal", Severity.WARNING, source.span(0, 0),
                "the " + stage + " failed on this text (" + why + "); diagnostics may be incomplete",
                "this is a bug in nnc; the language server's log has the details");
    }

    /** The file-system path of a {@code file:} URI (what {@code nnc check} would print), else the URI itself. */
    static String displayPath(String uri) {
        try {
            URI u = URI.create(uri);
            if ("file".equals(u.getScheme())) return Path.of(u).toString();
        } catch (RuntimeException e) {
            // not a file URI: keep it as it is
        }
        return uri;
    }
}
