package nnc.lsp;

import java.util.ArrayList;
import java.util.List;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Ident;
import nnc.syntax.ast.Stmt;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;

/**
 * The outline: declarations at the top, and inside each model its inputs, named values and
 * layer instances (with the checker's instance names and output shapes once it has run).
 */
final class Outline {
    private Outline() {}

    static List<DocumentSymbol> symbols(Analysis analysis) {
        List<DocumentSymbol> out = new ArrayList<>();
        if (analysis.program() == null) return out;
        for (Decl d : analysis.program().decls()) {
            DocumentSymbol s = symbol(d, analysis);
            if (s != null) out.add(s);
        }
        return out;
    }

    private static DocumentSymbol symbol(Decl d, Analysis analysis) {
        return switch (d) {
            case Decl.Model m -> withChildren(make(m.name().name(), SymbolKind.Class, "model", m.span(), m.name().span()),
                    body(m.body(), m.span(), analysis));
            case Decl.Layer l -> withChildren(make(l.name().name(), SymbolKind.Function, "layer", l.span(), l.name().span()),
                    body(l.body(), l.span(), analysis));
            case Decl.Fn f -> make(f.name().name(), SymbolKind.Function, "fn", f.span(), f.name().span());
            case Decl.Data data -> make(data.name().name(), SymbolKind.Struct, "data", data.span(), data.name().span());
            case Decl.Train t -> make("train " + t.model().name() + " on " + t.data().name(), SymbolKind.Event,
                    "train", t.span(), t.model().span());
            case Decl.Import i -> make("import \"" + i.path() + "\"", SymbolKind.Module, "import", i.span(), i.span());
        };
    }

    private static List<DocumentSymbol> body(List<Stmt> stmts, Span declSpan, Analysis analysis) {
        List<DocumentSymbol> out = new ArrayList<>();
        List<LayerInfo> layers = analysis.layers().stream()
                .filter(l -> l.span() != null && l.span().start() >= declSpan.start() && l.span().end() <= declSpan.end())
                .toList();
        for (Stmt s : stmts) {
            switch (s) {
                case Stmt.Input in -> out.add(make(in.name().name(), SymbolKind.Variable, "input", in.span(), in.name().span()));
                case Stmt.Let let -> out.add(make(let.name().name(), SymbolKind.Variable, "let", let.span(), let.name().span()));
                case Stmt.ParamDecl p -> out.add(make(p.name().name(), SymbolKind.Field, "param", p.span(), p.name().span()));
                default -> { }
            }
            // Layer instances of this statement, in source order.
            List<LayerInfo> inStmt = layers.stream()
                    .filter(l -> l.span().start() >= s.span().start() && l.span().end() <= s.span().end()).toList();
            if (!inStmt.isEmpty()) {
                for (LayerInfo l : inStmt) {
                    out.add(make(l.name(), SymbolKind.Object, l.type() + " → " + l.outputShape(), l.span(), l.span()));
                }
            } else if (s instanceof Stmt.ExprStmt e && callee(e.expr()) != null) {
                Ident callee = callee(e.expr());
                out.add(make(callee.name(), SymbolKind.Object, "layer", e.span(), callee.span()));
            }
        }
        return out;
    }

    private static Ident callee(Expr e) {
        return switch (e) {
            case Expr.Call c -> c.callee();
            case Expr.Name n -> new Ident(n.name(), n.span());
            case Expr.As as -> callee(as.target());
            default -> null;
        };
    }

    private static DocumentSymbol make(String name, SymbolKind kind, String detail, Span span, Span nameSpan) {
        Range range = Ranges.toRange(span);
        Range selection = nameSpan != null && nameSpan.start() >= span.start() && nameSpan.end() <= span.end()
                ? Ranges.toRange(nameSpan) : range;
        DocumentSymbol s = new DocumentSymbol(name.isEmpty() ? "?" : name, kind, range, selection, detail);
        return s;
    }

    private static DocumentSymbol withChildren(DocumentSymbol parent, List<DocumentSymbol> children) {
        parent.setChildren(children);
        return parent;
    }
}
