package nnc.syntax.ast;

import nnc.syntax.Span;

/** Every AST node knows the source region it was parsed from. */
public interface Node {
    Span span();
}
