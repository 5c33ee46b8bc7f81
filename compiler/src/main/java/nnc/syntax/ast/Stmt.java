package nnc.syntax.ast;

import java.util.List;
import nnc.syntax.Span;

/** A statement of a {@code model} or {@code layer} body. */
public sealed interface Stmt extends Node {

    /** {@code input NAME: SHAPE} — a model input with its per-sample shape (batch axis not written). */
    record Input(Ident name, TypeRef.Shape shape, Span span) implements Stmt {}

    /** {@code let NAME = EXPR} — binds a value; it becomes the running tensor. */
    record Let(Ident name, Expr value, Span span) implements Stmt {}

    /** {@code output EXPR, EXPR …} — the model's output(s). */
    record Output(List<Expr> values, Span span) implements Stmt {}

    /**
     * {@code param NAME: SHAPE [= INIT [, name = value …]] [if COND]} — a trainable parameter of a
     * {@code layer}. {@code init} and {@code condition} are null when absent; {@code options} holds
     * the named extras such as {@code regularizer = kernel_regularizer}.
     */
    record ParamDecl(Ident name, TypeRef.Shape shape, Expr init, List<Arg> options, Expr condition, Span span)
            implements Stmt {}

    /**
     * An expression used as a statement: a layer call ({@code dense(16, relu)}), a bare layer name
     * ({@code flatten}), a pipe ({@code x |> Encoder}) or arithmetic. Applied to the running tensor
     * when it is a layer; otherwise its value becomes the running tensor.
     */
    record ExprStmt(Expr expr, Span span) implements Stmt {}
}
