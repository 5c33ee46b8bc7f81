package nnc.lsp;

import nnc.syntax.Span;

/**
 * What the checker knows about one layer instance of a model, in the terms the editor shows:
 * its Keras-style instance name ({@code dense_1}), its layer type ({@code dense}), the span of
 * the call in the source, its output shape as {@code nnc summary} prints it and its parameter
 * count. {@code model} names the model that holds it.
 */
record LayerInfo(String model, String name, String type, Span span, String outputShape, long params) {}
