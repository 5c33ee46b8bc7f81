package nnc.check;

import nnc.syntax.Span;

/**
 * An output of a checked model: the tensor it is ({@code source}: an input or layer instance name), its
 * shape, and the activation that produced it when known ({@code softmax}, {@code sigmoid}, {@code linear}
 * …; null when the last operation is not an activation-bearing layer) — the loss checks use it.
 */
public record ModelOutput(String source, Shape shape, String activation, Span span) {}
