package nnc.check;

import nnc.syntax.Span;

/** {@code input NAME: SHAPE} of a checked model: the per-sample shape and element type. */
public record ModelInput(String name, Shape shape, Span span) {}
