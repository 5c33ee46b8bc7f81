package nnc.syntax.ast;

import nnc.syntax.Span;

/** A name as written in the source, with its span (declaration names, argument names, aliases). */
public record Ident(String name, Span span) implements Node {
    @Override
    public String toString() {
        return name;
    }
}
