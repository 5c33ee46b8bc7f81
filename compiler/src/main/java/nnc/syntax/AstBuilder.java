package nnc.syntax;

import java.util.ArrayList;
import java.util.List;
import nnc.syntax.antlr.NnParser;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Binding;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Dim;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Ident;
import nnc.syntax.ast.Param;
import nnc.syntax.ast.Program;
import nnc.syntax.ast.Setting;
import nnc.syntax.ast.Stmt;
import nnc.syntax.ast.TypeRef;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Turns the ANTLR parse tree into the records of {@code nnc.syntax.ast}. It tolerates the
 * holes error recovery leaves (null children, conjured tokens): a missing expression becomes
 * {@link Expr.Missing}, a declaration or statement without its name is dropped.
 */
final class AstBuilder {
    private final SourceFile source;

    AstBuilder(SourceFile source) {
        this.source = source;
    }

    Program program(NnParser.ProgramContext ctx) {
        List<Decl> decls = new ArrayList<>();
        for (NnParser.DeclContext d : ctx.decl()) {
            Decl decl = decl(d);
            if (decl != null) decls.add(decl);
        }
        return new Program(source.path(), List.copyOf(decls), source.span(0, source.text().length()));
    }

    // ------------------------------------------------------------ spans

    Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        if (start == null) return source.span(0, 0);
        int s = offsetOf(start);
        int e = stop == null || stop.getStopIndex() < start.getStartIndex() || stop.getStartIndex() < 0
                ? s : stop.getStopIndex() + 1;
        return source.span(s, Math.max(s, e));
    }

    Span span(Token t) {
        int s = offsetOf(t);
        int e = t.getStartIndex() < 0 || t.getType() == Token.EOF ? s : t.getStopIndex() + 1;
        return source.span(s, e);
    }

    private int offsetOf(Token t) {
        if (t.getStartIndex() >= 0) return t.getStartIndex();
        // A token conjured by error recovery: place it by line and column.
        return source.lineStart(t.getLine()) + Math.max(0, t.getCharPositionInLine());
    }

    private Ident ident(Token t) {
        if (t == null) return null;
        return new Ident(t.getText(), span(t));
    }

    private Ident ident(NnParser.SoftNameContext ctx) {
        if (ctx == null || ctx.getStart() == null) return null;
        return new Ident(ctx.getStart().getText(), span(ctx.getStart()));
    }

    private static boolean present(Token t) {
        return t != null && t.getStartIndex() >= 0;
    }

    // ------------------------------------------------------------ declarations

    private Decl decl(NnParser.DeclContext ctx) {
        if (ctx.importDecl() != null) {
            var c = ctx.importDecl();
            if (c.STRING() == null) return null;
            return new Decl.Import(unquote(c.STRING().getText()), span(c));
        }
        if (ctx.fnDecl() != null) {
            var c = ctx.fnDecl();
            if (!present(c.name)) return null;
            return new Decl.Fn(ident(c.name), params(c.paramList()), typeRef(c.result), expr(c.body), span(c));
        }
        if (ctx.layerDecl() != null) {
            var c = ctx.layerDecl();
            if (!present(c.name)) return null;
            return new Decl.Layer(ident(c.name), params(c.paramList()), typeRef(c.result), block(c.block()), span(c));
        }
        if (ctx.intrinsicDecl() != null) {
            // Intrinsic declarations are signatures without a body: body == null marks them.
            var c = ctx.intrinsicDecl();
            if (!present(c.name)) return null;
            if (c.kind.getType() == NnParser.FN) {
                return new Decl.Fn(ident(c.name), params(c.paramList()), typeRef(c.result), null, span(c));
            }
            return new Decl.Layer(ident(c.name), params(c.paramList()), typeRef(c.result), null, span(c));
        }
        if (ctx.modelDecl() != null) {
            var c = ctx.modelDecl();
            if (!present(c.name)) return null;
            return new Decl.Model(ident(c.name), block(c.block()), span(c));
        }
        if (ctx.dataDecl() != null) {
            var c = ctx.dataDecl();
            if (!present(c.name)) return null;
            List<Binding> bindings = new ArrayList<>();
            for (var b : c.binding()) {
                Binding binding = binding(b);
                if (binding != null) bindings.add(binding);
            }
            return new Decl.Data(ident(c.name), expr(c.source), List.copyOf(bindings), span(c));
        }
        if (ctx.trainDecl() != null) {
            var c = ctx.trainDecl();
            if (!present(c.model)) return null;
            List<Setting> settings = new ArrayList<>();
            for (var s : c.setting()) {
                if (s.softName() == null) continue;
                settings.add(new Setting(ident(s.softName()), expr(s.expr()), span(s)));
            }
            Ident data = present(c.data) ? ident(c.data) : new Ident("", span(c).endPoint());
            return new Decl.Train(ident(c.model), data, List.copyOf(settings), span(c));
        }
        return null;
    }

    private Binding binding(NnParser.BindingContext ctx) {
        if (ctx instanceof NnParser.SingleBindingContext c) {
            if (c.target == null) return null;
            return new Binding(List.of(ident(c.target)), false, expr(c.expr()), span(c));
        }
        if (ctx instanceof NnParser.TupleBindingContext c) {
            List<Ident> names = new ArrayList<>();
            for (var n : c.softName()) names.add(ident(n));
            return new Binding(List.copyOf(names), true, expr(c.expr()), span(c));
        }
        return null;
    }

    private List<Param> params(NnParser.ParamListContext ctx) {
        if (ctx == null) return List.of();
        List<Param> out = new ArrayList<>();
        for (var p : ctx.param()) {
            if (p.name == null) continue;
            Expr def = p.defaultValue == null ? null : expr(p.defaultValue);
            out.add(new Param(ident(p.name), typeRef(p.typeRef()), def, span(p)));
        }
        return List.copyOf(out);
    }

    private TypeRef typeRef(NnParser.TypeRefContext ctx) {
        if (ctx == null) return null;
        if (ctx.shapeType() != null) return shape(ctx.shapeType());
        if (ctx.typeName() != null) return new TypeRef.Named(ctx.typeName().getText(), span(ctx.typeName()));
        return null;
    }

    private TypeRef.Shape shape(NnParser.ShapeTypeContext ctx) {
        if (ctx == null) return null;
        return shape(ctx.dtype, ctx.dim(), span(ctx));
    }

    private TypeRef.Shape shape(Token dtype, List<NnParser.DimContext> dimCtxs, Span span) {
        List<Dim> dims = new ArrayList<>();
        for (var d : dimCtxs) {
            if (d.ELLIPSIS() != null) dims.add(new Dim.Ellipsis(span(d)));
            else dims.add(new Dim.Size(expr(d.expr()), span(d)));
        }
        String type = dtype == null ? "float" : dtype.getText();
        return new TypeRef.Shape(type, dtype != null, List.copyOf(dims), span);
    }

    // ------------------------------------------------------------ statements

    private List<Stmt> block(NnParser.BlockContext ctx) {
        if (ctx == null) return List.of();
        List<Stmt> out = new ArrayList<>();
        for (var s : ctx.stmt()) {
            Stmt stmt = stmt(s);
            if (stmt != null) out.add(stmt);
        }
        return List.copyOf(out);
    }

    private Stmt stmt(NnParser.StmtContext ctx) {
        if (ctx instanceof NnParser.InputStmtContext c) {
            if (!present(c.name)) return null;
            TypeRef.Shape shape = c.shapeType() != null ? shape(c.shapeType())
                    : new TypeRef.Shape("float", false, List.of(), span(c).endPoint());
            return new Stmt.Input(ident(c.name), shape, span(c));
        }
        if (ctx instanceof NnParser.LetStmtContext c) {
            if (!present(c.name)) return null;
            return new Stmt.Let(ident(c.name), expr(c.expr()), span(c));
        }
        if (ctx instanceof NnParser.OutputStmtContext c) {
            List<Expr> values = new ArrayList<>();
            for (var e : c.expr()) values.add(expr(e));
            return new Stmt.Output(List.copyOf(values), span(c));
        }
        if (ctx instanceof NnParser.ParamStmtContext c) {
            if (!present(c.name)) return null;
            TypeRef.Shape shape = c.shapeType() != null ? shape(c.shapeType())
                    : new TypeRef.Shape("float", false, List.of(), span(c).endPoint());
            List<Arg> options = new ArrayList<>();
            for (var n : c.namedArg()) options.add(namedArg(n));
            return new Stmt.ParamDecl(ident(c.name), shape, c.init == null ? null : expr(c.init),
                    List.copyOf(options), c.cond == null ? null : expr(c.cond), span(c));
        }
        if (ctx instanceof NnParser.ExprStmtContext c) {
            return new Stmt.ExprStmt(expr(c.expr()), span(c));
        }
        return null;
    }

    // ------------------------------------------------------------ expressions

    Expr expr(NnParser.ExprContext ctx) {
        if (ctx == null || ctx.getStart() == null) return missingAt(ctx);
        if (ctx instanceof NnParser.PrimaryExprContext c) return primary(c.primary());
        if (ctx instanceof NnParser.AsExprContext c) {
            Expr target = expr(c.expr());
            if (!present(c.name)) return target;
            return new Expr.As(target, ident(c.name), span(c));
        }
        if (ctx instanceof NnParser.NegExprContext c) return new Expr.Neg(expr(c.expr()), span(c));
        if (ctx instanceof NnParser.MulExprContext c) {
            Expr.BinOp op = switch (c.op.getText()) {
                case "*" -> Expr.BinOp.MUL;
                case "/" -> Expr.BinOp.DIV;
                default -> Expr.BinOp.MATMUL;
            };
            return new Expr.Binary(op, expr(c.expr(0)), expr(at(c.expr(), 1)), span(c));
        }
        if (ctx instanceof NnParser.AddExprContext c) {
            Expr.BinOp op = c.op.getText().equals("+") ? Expr.BinOp.ADD : Expr.BinOp.SUB;
            return new Expr.Binary(op, expr(c.expr(0)), expr(at(c.expr(), 1)), span(c));
        }
        if (ctx instanceof NnParser.PipeExprContext c) {
            return new Expr.Pipe(expr(c.expr(0)), expr(at(c.expr(), 1)), span(c));
        }
        return missingAt(ctx);
    }

    private static <T> T at(List<T> list, int i) {
        return i < list.size() ? list.get(i) : null;
    }

    private Expr missingAt(ParserRuleContext ctx) {
        if (ctx == null || ctx.getStart() == null) return new Expr.Missing(source.span(0, 0));
        return new Expr.Missing(span(ctx.getStart()).startPoint());
    }

    private Expr primary(NnParser.PrimaryContext ctx) {
        if (ctx == null) return new Expr.Missing(source.span(0, 0));
        if (ctx instanceof NnParser.CallExprContext c) {
            List<Arg> args = new ArrayList<>();
            if (c.argList() != null) {
                for (var a : c.argList().arg()) {
                    if (a instanceof NnParser.NamedContext n) args.add(namedArg(n.namedArg()));
                    else if (a instanceof NnParser.PositionalContext p) {
                        args.add(new Arg(null, expr(p.expr()), span(p)));
                    }
                }
            }
            return new Expr.Call(ident(c.callee), List.copyOf(args), span(c));
        }
        if (ctx instanceof NnParser.NameExprContext c) return new Expr.Name(c.getStart().getText(), span(c));
        if (ctx instanceof NnParser.NumberExprContext c) return number(c.NUMBER().getSymbol());
        if (ctx instanceof NnParser.StringExprContext c) {
            return new Expr.Str(unquote(c.STRING().getText()), span(c));
        }
        if (ctx instanceof NnParser.BoolExprContext c) return new Expr.Bool(c.TRUE() != null, span(c));
        if (ctx instanceof NnParser.TypedShapeExprContext c) {
            Span s = span(c);
            return new Expr.ShapeLit(shape(c.dtype, c.dim(), s), s);
        }
        if (ctx instanceof NnParser.ListExprContext c) {
            List<Expr> items = new ArrayList<>();
            for (var e : c.expr()) items.add(expr(e));
            return new Expr.ListLit(List.copyOf(items), span(c));
        }
        if (ctx instanceof NnParser.ParenExprContext c) return expr(c.expr());
        return missingAt(ctx);
    }

    private Arg namedArg(NnParser.NamedArgContext n) {
        return new Arg(ident(n.softName()), expr(n.expr()), span(n));
    }

    private Expr number(Token t) {
        String text = t.getText();
        boolean integral = text.chars().allMatch(Character::isDigit);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        return new Expr.Number(text, value, integral, span(t));
    }

    /** The value of a string literal: quotes removed, escapes resolved. Tolerates a missing close quote. */
    static String unquote(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '"') break;
            if (c == '\\' && i + 1 < literal.length()) {
                char n = literal.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
