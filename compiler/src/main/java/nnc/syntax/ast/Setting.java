package nnc.syntax.ast;

import nnc.syntax.Span;

/** A setting of a {@code train} block: {@code epochs = 100}, {@code optimizer = adam(...)}. */
public record Setting(Ident name, Expr value, Span span) implements Node {}
