package nnc.syntax.ast;

import nnc.syntax.Span;

/** One entry of a shape: {@code ...} (any number of leading axes) or a size expression. */
public sealed interface Dim extends Node {

    /** {@code ...}: matches zero or more axes (only in shape patterns of signatures). */
    record Ellipsis(Span span) implements Dim {}

    /** A size: a number ({@code 28}), a dimension name ({@code n}) or an expression ({@code 4 * units}). */
    record Size(Expr expr, Span span) implements Dim {}
}
