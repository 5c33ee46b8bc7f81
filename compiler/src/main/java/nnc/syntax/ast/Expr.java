package nnc.syntax.ast;

import java.util.List;
import nnc.syntax.Span;

/** An expression. Parentheses leave no node; the inner expression keeps its own span. */
public sealed interface Expr extends Node {

    /**
     * A number literal as written ({@code 3}, {@code 0.001}, {@code 1e-3}); {@code integral} is true
     * when written without '.' or exponent. {@code value} is its double value.
     */
    record Number(String text, double value, boolean integral, Span span) implements Expr {
        /** The value as a long (truncated); meaningful when {@code integral}. */
        public long longValue() {
            return (long) value;
        }
    }

    /** A string literal; {@code value} has its escapes resolved. */
    record Str(String value, Span span) implements Expr {}

    /** {@code true} or {@code false}. */
    record Bool(boolean value, Span span) implements Expr {}

    /** An identifier: a value, a layer, a model, a fn, or an enum-like word such as {@code same}. */
    record Name(String name, Span span) implements Expr {}

    /** {@code callee(args)} — a layer, fn, optimizer, data source … called with arguments. */
    record Call(Ident callee, List<Arg> args, Span span) implements Expr {}

    /** {@code [a, b, c]} — a list (also a shape written as a value, e.g. {@code reshape([28, 28, 1])}). */
    record ListLit(List<Expr> items, Span span) implements Expr {}

    /** {@code int[256]} or {@code float[3, 4]} written as a value: a shape with an element type. */
    record ShapeLit(TypeRef.Shape shape, Span span) implements Expr {}

    /** {@code input |> layer} — applies {@code layer} (a name, call or pipe) to {@code input}. */
    record Pipe(Expr input, Expr layer, Span span) implements Expr {}

    /** {@code left OP right} for {@code + - * / @}. */
    record Binary(BinOp op, Expr left, Expr right, Span span) implements Expr {}

    /** Unary minus {@code -operand}. */
    record Neg(Expr operand, Span span) implements Expr {}

    /** {@code LAYERCALL as NAME} — gives a layer instance its name (default names follow Keras). */
    record As(Expr target, Ident name, Span span) implements Expr {}

    /**
     * Placeholder where the parser recovered from a syntax error. Only present in programs whose
     * parse reported errors; later stages never see it (they run only on error-free parses).
     */
    record Missing(Span span) implements Expr {}

    /** Binary operators with their source spelling. */
    enum BinOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MATMUL("@");

        public final String symbol;

        BinOp(String symbol) {
            this.symbol = symbol;
        }
    }
}
