package nnc.syntax;

import java.util.List;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Stmt;

/**
 * Syntax errors the grammar accepts because statements need no separator: a literal on its
 * own ({@code dense 20} reads as the statement {@code dense} followed by the statement
 * {@code 20}) and a misspelled statement keyword ({@code ouput x} reads as two layer names).
 * Runs only when the parse itself had no error.
 */
final class SyntaxLint {
    private SyntaxLint() {}

    static void check(nnc.syntax.ast.Program program, SourceFile source, List<Diagnostic> out) {
        for (Decl d : program.decls()) {
            List<Stmt> body = switch (d) {
                case Decl.Model m -> m.body();
                case Decl.Layer l -> l.body() == null ? List.<Stmt>of() : l.body();
                default -> List.of();
            };
            Stmt previous = null;
            for (Stmt s : body) {
                if (s instanceof Stmt.ExprStmt e) checkExprStmt(e, previous, out);
                previous = s;
            }
        }
    }

    private static void checkExprStmt(Stmt.ExprStmt s, Stmt previous, List<Diagnostic> out) {
        Expr e = s.expr();
        Expr.Name prevName = previous instanceof Stmt.ExprStmt p && p.expr() instanceof Expr.Name n
                && n.span().endLine() == e.span().line() ? n : null;
        boolean literal = e instanceof Expr.Number || e instanceof Expr.Str || e instanceof Expr.Bool
                || e instanceof Expr.ListLit;
        if (literal) {
            String what = switch (e) {
                case Expr.Number n -> "number " + n.text();
                case Expr.Str str -> "string";
                case Expr.Bool b -> "'" + b.value() + "'";
                default -> "list";
            };
            String hint = prevName != null
                    ? "arguments go in parentheses: " + prevName.name() + "(…)"
                    : "a statement is a layer call such as dense(16, relu), or input, let, output";
            String msg = prevName != null
                    ? "unexpected " + what + " after '" + prevName.name() + "' — missing '('?"
                    : "a " + what + " on its own is not a statement";
            out.add(Diagnostic.error("syntax.literal-statement", e.span(), msg, hint));
            return;
        }
        if (prevName != null && e instanceof Expr.Name) {
            String hint = Suggestions.didYouMean(prevName.name(), FriendlyErrors.STMT_KEYWORDS);
            if (hint != null) {
                out.add(Diagnostic.error("syntax.unknown-statement", prevName.span(),
                        "unknown statement '" + prevName.name() + "'", hint));
            }
        }
    }
}
