package nnc.syntax.ast;

import nnc.syntax.Span;

/**
 * A parameter of a {@code fn} or {@code layer}: {@code x: [..., n]}, {@code units: int},
 * {@code activation = linear}. {@code type} and {@code defaultValue} are null when not written.
 */
public record Param(Ident name, TypeRef type, Expr defaultValue, Span span) implements Node {}
