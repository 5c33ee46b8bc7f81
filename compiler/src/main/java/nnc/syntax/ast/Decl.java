package nnc.syntax.ast;

import java.util.List;
import nnc.syntax.Span;

/** A top-level declaration. */
public sealed interface Decl extends Node {

    /** {@code import "other.nn"} — {@code path} is the unescaped string, relative to the importing file. */
    record Import(String path, Span span) implements Decl {}

    /**
     * {@code fn NAME(PARAMS) [-> TYPE] = EXPR}: a differentiable function (activation, loss …).
     * {@code result} is null when no result type is written. {@code body} is null for an
     * {@code intrinsic fn} (a signature the compiler implements).
     */
    record Fn(Ident name, List<Param> params, TypeRef result, Expr body, Span span) implements Decl {}

    /**
     * {@code layer NAME(PARAMS) [-> TYPE] { BODY }}: a reusable layer. The first parameter with a
     * shape type is the layer's input; {@code result} (null when absent) is its output shape pattern.
     * {@code body} is null for an {@code intrinsic layer} (a signature the compiler implements).
     */
    record Layer(Ident name, List<Param> params, TypeRef result, List<Stmt> body, Span span) implements Decl {}

    /** {@code model NAME { BODY }}: a network; usable as a layer by other models. */
    record Model(Ident name, List<Stmt> body, Span span) implements Decl {}

    /**
     * {@code data NAME = SOURCE { BINDINGS }}: a data set. {@code source} is usually a call such as
     * {@code csv("iris.csv")} or {@code idx("images.gz", "labels.gz")}.
     */
    record Data(Ident name, Expr source, List<Binding> bindings, Span span) implements Decl {}

    /** {@code train MODEL on DATA { SETTINGS }}: how to fit a model to a data set. */
    record Train(Ident model, Ident data, List<Setting> settings, Span span) implements Decl {}
}
