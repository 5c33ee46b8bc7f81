package nnc.check;

import java.util.List;
import nnc.syntax.Span;

/**
 * One named array of a data set ({@code x}, {@code y}) with its per-sample shape and the pipeline that
 * makes it. In a tuple binding {@code (x, y) = column(v) |> windows(size = 7)} both names share the steps;
 * {@code tupleIndex} says which part (0: the window, 1: the value that follows it); -1 for plain bindings.
 */
public record DataBinding(String name, Shape shape, List<TransformStep> steps, int tupleIndex, Span span) {
    public DataBinding {
        steps = List.copyOf(steps);
    }
}
