package nnc.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nnc.check.catalogue.Activations;
import nnc.syntax.Suggestions;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Param;

/**
 * Checks a user {@code fn}: unique parameter names, and every name in the body is a parameter, another fn,
 * an activation or one of the {@link #PRIMITIVES} the compiler implements.
 */
final class FnChecker {
    private FnChecker() {}

    /** Elementwise and reducing primitives usable in fn bodies (the IR implements them). */
    static final Set<String> PRIMITIVES = Set.of("exp", "log", "sqrt", "abs", "max", "min", "pow", "square",
            "tanh", "erf", "sign", "sum", "mean", "where", "clip", "log1p", "expm1", "sin", "cos");

    static void check(ProgramChecker prog, Decl.Fn fn) {
        Set<String> params = new HashSet<>();
        for (Param p : fn.params()) {
            if (!params.add(p.name().name())) {
                prog.diags.error("check.duplicate", p.name().span(), "parameter '" + p.name().name()
                        + "' appears twice in fn " + fn.name().name());
            }
        }
        walk(prog, fn, fn.body(), params);
    }

    private static void walk(ProgramChecker prog, Decl.Fn fn, Expr e, Set<String> params) {
        switch (e) {
            case Expr.Name n -> {
                if (!params.contains(n.name()) && !known(prog, n.name())) unknown(prog, fn, n.name(), n.span(), params);
            }
            case Expr.Call c -> {
                String callee = c.callee().name();
                if (!known(prog, callee) && !params.contains(callee)) unknown(prog, fn, callee, c.callee().span(), params);
                else prog.referenceTopLevel(callee, c.callee().span());
                for (Arg a : c.args()) walk(prog, fn, a.value(), params);
            }
            case Expr.Binary b -> {
                walk(prog, fn, b.left(), params);
                walk(prog, fn, b.right(), params);
            }
            case Expr.Neg n -> walk(prog, fn, n.operand(), params);
            case Expr.Pipe p -> {
                walk(prog, fn, p.input(), params);
                walk(prog, fn, p.layer(), params);
            }
            case Expr.ListLit l -> {
                for (Expr x : l.items()) walk(prog, fn, x, params);
            }
            default -> { }
        }
    }

    private static boolean known(ProgramChecker prog, String name) {
        return PRIMITIVES.contains(name) || Activations.isBuiltin(name) || prog.env.fns.containsKey(name);
    }

    private static void unknown(ProgramChecker prog, Decl.Fn fn, String name, nnc.syntax.Span span, Set<String> params) {
        List<String> cands = new ArrayList<>(params);
        cands.addAll(PRIMITIVES);
        cands.addAll(prog.env.activationNames());
        String hint = Suggestions.didYouMean(name, cands);
        prog.diags.error("check.unknown-name", span, "unknown name '" + name + "' in fn " + fn.name().name(),
                hint != null ? hint : "a fn body may use its parameters, other fns and the primitives " + String.join(", ", new java.util.TreeSet<>(PRIMITIVES)));
    }
}
