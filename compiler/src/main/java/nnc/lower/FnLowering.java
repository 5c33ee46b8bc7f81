package nnc.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;

/**
 * Lowers user-defined {@code fn}s (LANGUAGE.md: "any user fn works as an activation") by inlining
 * their body: parameters are bound to IR nodes, numbers become constants, arithmetic and calls to
 * the primitive functions ({@code max}, {@code exp}, {@code sigmoid} …) become ops, calls to other
 * fns are inlined recursively (the checker rejects recursion; a depth limit guards anyway).
 */
public final class FnLowering {
    private static final int MAX_DEPTH = 64;
    private final Map<String, Decl.Fn> fns;
    /** Names callable inside a user layer body being lowered (its activation-valued parameters). */
    private Map<String, java.util.function.IntUnaryOperator> callables = Map.of();

    public FnLowering(Map<String, Decl.Fn> fns) {
        this.fns = fns;
    }

    private static nnc.ir.Origin origin(nnc.syntax.Span s) {
        return s == null ? nnc.ir.Origin.NONE : new nnc.ir.Origin(s.file(), s.line(), s.col());
    }

    public boolean has(String name) {
        return fns.containsKey(name);
    }

    /** Applies fn {@code name} to {@code args} (the first is the tensor; extra ones are constants or nodes). */
    public int apply(GraphBuilder b, String name, List<Integer> args) {
        return apply(b, name, args, 0);
    }

    private int apply(GraphBuilder b, String name, List<Integer> args, int depth) {
        Decl.Fn fn = fns.get(name);
        if (fn == null) throw new LoweringException("unknown function '" + name + "'");
        if (depth > MAX_DEPTH) throw new LoweringException("function '" + name + "' calls itself too deeply", origin(fn.span()));
        if (args.size() > fn.params().size()) {
            throw new LoweringException("function '" + name + "' takes " + fn.params().size() + " arguments", origin(fn.span()));
        }
        Map<String, Integer> env = new HashMap<>();
        for (int i = 0; i < fn.params().size(); i++) {
            var p = fn.params().get(i);
            if (i < args.size()) {
                env.put(p.name().name(), args.get(i));
            } else if (p.defaultValue() != null) {
                env.put(p.name().name(), expr(b, p.defaultValue(), env, depth));
            } else {
                throw new LoweringException("function '" + name + "' needs argument " + p.name().name(), origin(fn.span()));
            }
        }
        return expr(b, fn.body(), env, depth);
    }

    private int expr(GraphBuilder b, Expr e, Map<String, Integer> env, int depth) {
        return switch (e) {
            case Expr.Number n -> b.constant(n.value());
            case Expr.Bool v -> b.constant(v.value() ? 1 : 0);
            case Expr.Name n -> {
                Integer id = env.get(n.name());
                if (id != null) yield id;
                yield switch (n.name()) {
                    case "pi" -> b.constant(Math.PI);
                    case "e" -> b.constant(Math.E);
                    default -> throw new LoweringException("'" + n.name() + "' is not a value inside a function", origin(n.span()));
                };
            }
            case Expr.Neg n -> b.unary(Op.NEG, expr(b, n.operand(), env, depth));
            case Expr.Binary bin -> {
                int l = expr(b, bin.left(), env, depth), r = expr(b, bin.right(), env, depth);
                yield switch (bin.op()) {
                    case ADD -> b.add(l, r);
                    case SUB -> b.sub(l, r);
                    case MUL -> b.mul(l, r);
                    case DIV -> b.div(l, r);
                    case MATMUL -> b.matmul(l, r);
                };
            }
            case Expr.Call c -> call(b, c, env, depth);
            case Expr.Pipe p -> {
                int in = expr(b, p.input(), env, depth);
                if (p.layer() instanceof Expr.Name n) yield callByName(b, n.name(), List.of(in), depth, n);
                if (p.layer() instanceof Expr.Call c) {
                    List<Integer> args = new ArrayList<>();
                    args.add(in);
                    for (Arg a : c.args()) args.add(expr(b, a.value(), env, depth));
                    yield callByName(b, c.callee().name(), args, depth, c);
                }
                throw new LoweringException("this pipe cannot be used inside a function", origin(p.span()));
            }
            default -> throw new LoweringException("this expression cannot be used inside a function", origin(e.span()));
        };
    }

    private int call(GraphBuilder b, Expr.Call c, Map<String, Integer> env, int depth) {
        List<Integer> args = new ArrayList<>();
        for (Arg a : c.args()) args.add(expr(b, a.value(), env, depth));
        return callByName(b, c.callee().name(), args, depth, c);
    }

    /**
     * Lowers the statements of a user {@code layer} body: {@code env} binds the input, the parameters
     * and numeric arguments; {@code callables} the activation-valued arguments. {@code let} binds a
     * name; the value of the last expression (or {@code output}) is the layer's result.
     */
    public int layerBody(GraphBuilder b, List<nnc.syntax.ast.Stmt> body, Map<String, Integer> env,
                         Map<String, java.util.function.IntUnaryOperator> callables, int input) {
        Map<String, java.util.function.IntUnaryOperator> saved = this.callables;
        this.callables = callables;
        try {
            int running = input;
            for (nnc.syntax.ast.Stmt st : body) {
                switch (st) {
                    case nnc.syntax.ast.Stmt.ParamDecl pd -> { }
                    case nnc.syntax.ast.Stmt.Let let -> {
                        running = expr(b, let.value(), env, 0);
                        env.put(let.name().name(), running);
                    }
                    case nnc.syntax.ast.Stmt.ExprStmt es -> running = expr(b, es.expr(), env, 0);
                    case nnc.syntax.ast.Stmt.Output out -> {
                        if (out.values().size() != 1) throw new LoweringException("a layer has one output", origin(out.span()));
                        running = expr(b, out.values().get(0), env, 0);
                    }
                    default -> throw new LoweringException("this statement cannot be used in a layer body", origin(st.span()));
                }
            }
            return running;
        } finally {
            this.callables = saved;
        }
    }

    private int callByName(GraphBuilder b, String name, List<Integer> args, int depth, Expr at) {
        java.util.function.IntUnaryOperator bound = callables.get(name);
        if (bound != null && args.size() == 1) return bound.applyAsInt(args.get(0));
        if (fns.containsKey(name)) return apply(b, name, args, depth + 1);
        Op unary = switch (name) {
            case "exp" -> Op.EXP;
            case "log" -> Op.LOG;
            case "sqrt" -> Op.SQRT;
            case "abs" -> Op.ABS;
            case "square" -> Op.SQUARE;
            case "sign" -> Op.SIGN;
            case "reciprocal" -> Op.RECIPROCAL;
            default -> null;
        };
        if (unary != null && args.size() == 1) return b.unary(unary, args.get(0));
        switch (name) {
            case "max", "maximum" -> {
                if (args.size() == 2) return b.binary(Op.MAXIMUM, args.get(0), args.get(1));
            }
            case "min", "minimum" -> {
                if (args.size() == 2) return b.binary(Op.MINIMUM, args.get(0), args.get(1));
            }
            default -> {
                if (ActivationLowering.isBuiltin(name) && args.size() == 1) {
                    return ActivationLowering.apply(b, name, args.get(0));
                }
            }
        }
        throw new LoweringException("'" + name + "' with " + args.size() + " argument(s) cannot be used inside a function",
                origin(at.span()));
    }
}
