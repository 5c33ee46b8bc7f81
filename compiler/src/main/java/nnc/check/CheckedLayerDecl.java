package nnc.check;

import java.util.List;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;

/**
 * A user {@code layer} declaration after checking its signature: the input parameter name and shape pattern,
 * the other parameters (with defaults as written), and the declaration whose body (param statements and the
 * output expression) the IR lowering translates. Each use in a model is a {@link LayerInstance} of kind
 * {@code USER_LAYER} whose {@code args} also hold the dimension names bound by unification as ints.
 */
public record CheckedLayerDecl(String name, String inputParam, String inputPattern, List<String> params,
                               String resultPattern, Decl.Layer decl, Span span) {
    public CheckedLayerDecl {
        params = List.copyOf(params);
    }
}
