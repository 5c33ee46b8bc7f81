package nnc.syntax.ast;

import nnc.syntax.Span;

/** A call argument: positional when {@code name} is null, else {@code name = value}. */
public record Arg(Ident name, Expr value, Span span) implements Node {
    public boolean isNamed() {
        return name != null;
    }
}
