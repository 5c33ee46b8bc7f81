package nnc.lsp;

import java.nio.file.Path;
import java.util.List;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Ident;
import nnc.syntax.ast.Param;
import nnc.syntax.ast.Stmt;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.Location;

/**
 * Go to definition: the checker's resolution when it ran; otherwise (e.g. after a syntax
 * error) from the AST: a name used inside a model or layer resolves first to that body's
 * {@code input}, {@code let} and {@code param} names and the layer's parameters, then to the
 * file's models, layers, fns and data sets. Built-ins live in the compiler and have no location.
 */
final class Definitions {
    private Definitions() {}

    static List<Location> find(Analysis analysis, String uri, int offset) {
        // The checker resolved names (imports and models used as layers included): ask it first.
        if (analysis.index() != null) {
            var symbol = analysis.index().definitionAt(offset);
            if (symbol.isPresent() && symbol.get().definition() != null) {
                Span def = symbol.get().definition();
                return List.of(new Location(uriOf(def, analysis, uri), Ranges.toRange(def)));
            }
        }
        if (analysis.program() == null) return List.of();
        Token word = Tokens.lex(analysis.source().text()).identifierAt(offset);
        if (word == null) return List.of();
        String name = word.getText();
        Span target = null;
        for (Decl d : analysis.program().decls()) {
            if (Ranges.contains(d.span(), offset)) target = local(d, name, word.getStartIndex());
            if (target != null) break;
        }
        if (target == null) {
            for (Decl d : analysis.program().decls()) {
                Ident declared = declaredName(d);
                if (declared != null && declared.name().equals(name)) {
                    target = declared.span();
                    break;
                }
            }
        }
        return target == null ? List.of() : List.of(new Location(uri, Ranges.toRange(target)));
    }

    /** A name declared inside {@code d} before {@code useOffset} (the latest such declaration wins). */
    private static Span local(Decl d, String name, int useOffset) {
        List<Stmt> body = switch (d) {
            case Decl.Model m -> m.body();
            case Decl.Layer l -> l.body();
            default -> List.of();
        };
        Span found = null;
        List<Param> params = switch (d) {
            case Decl.Layer l -> l.params();
            case Decl.Fn f -> f.params();
            default -> List.of();
        };
        for (Param p : params) if (p.name().name().equals(name)) found = p.name().span();
        for (Stmt s : body) {
            Ident declared = switch (s) {
                case Stmt.Input in -> in.name();
                case Stmt.Let let -> let.name();
                case Stmt.ParamDecl p -> p.name();
                default -> null;
            };
            if (declared != null && declared.name().equals(name) && declared.span().start() <= useOffset) {
                found = declared.span();
            }
        }
        return found;
    }

    /** The document's own URI for a span in it; a {@code file:} URI for a span in an imported file. */
    private static String uriOf(Span span, Analysis analysis, String uri) {
        if (span.file() == null || span.file().equals(analysis.source().path())) return uri;
        try {
            return Path.of(span.file()).toUri().toString();
        } catch (RuntimeException e) {
            return uri;
        }
    }

    static Ident declaredName(Decl d) {
        return switch (d) {
            case Decl.Model m -> m.name();
            case Decl.Layer l -> l.name();
            case Decl.Fn f -> f.name();
            case Decl.Data data -> data.name();
            default -> null;
        };
    }
}
