package nnc.check;

import java.util.List;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;

/**
 * A user or stdlib {@code fn} after name resolution: its parameter names (the first is the tensor; the
 * others have defaults) and its declaration, whose body the IR lowering translates.
 */
public record CheckedFn(String name, List<String> params, Decl.Fn decl, boolean stdlib, Span span) {
    public CheckedFn {
        params = List.copyOf(params);
    }
}
