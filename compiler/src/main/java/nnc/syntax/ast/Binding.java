package nnc.syntax.ast;

import java.util.List;
import nnc.syntax.Span;

/**
 * A binding in a {@code data} block: {@code x = EXPR} (one target) or
 * {@code (x, y) = EXPR} (destructuring; {@code tuple} is true even for one name in parentheses).
 */
public record Binding(List<Ident> targets, boolean tuple, Expr value, Span span) implements Node {}
