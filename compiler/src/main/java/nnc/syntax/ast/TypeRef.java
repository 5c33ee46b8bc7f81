package nnc.syntax.ast;

import java.util.List;
import nnc.syntax.Span;

/** A type written in a declaration: a shape (pattern) or a scalar type name. */
public sealed interface TypeRef extends Node {

    /**
     * A shape such as {@code [28, 28, 1]}, {@code int[256]} or the pattern {@code [..., n]}.
     * {@code dtype} is {@code "float"} (the default when nothing is written) or {@code "int"};
     * {@code explicitDtype} tells whether it was written.
     */
    record Shape(String dtype, boolean explicitDtype, List<Dim> dims, Span span) implements TypeRef {}

    /** A scalar type name: {@code int}, {@code float}, {@code bool}, {@code fn}, {@code layer} … */
    record Named(String name, Span span) implements TypeRef {}
}
