package nnc.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.catalogue.ArgKind;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.Initializers;
import nnc.check.catalogue.Layers;
import nnc.check.catalogue.ParamSpec;
import nnc.syntax.Span;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Dim;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Param;
import nnc.syntax.ast.Stmt;
import nnc.syntax.ast.TypeRef;

/**
 * User {@code layer} declarations: the signature becomes argument specs, the input's shape pattern
 * ({@code [..., n]}) is unified with the actual input at each use, dimension names bind to sizes, and the
 * {@code param} statements and result pattern are evaluated with those sizes and the bound arguments.
 */
final class UserLayers {
    /** The result of applying a user layer to an input. */
    record Applied(Shape output, List<ParamSpec> params, Map<String, Value> args) {}

    private record Sig(Decl.Layer decl, Param input, TypeRef.Shape pattern, List<ArgSpec> specs) {}

    private final ProgramChecker prog;
    private final Map<String, Sig> sigs = new LinkedHashMap<>();
    private final List<CheckedLayerDecl> declared = new ArrayList<>();

    UserLayers(ProgramChecker prog) {
        this.prog = prog;
    }

    List<CheckedLayerDecl> declared() {
        return declared;
    }

    void declare(Decl.Layer l) {
        Param input = null;
        List<ArgSpec> specs = new ArrayList<>();
        for (Param p : l.params()) {
            if (input == null && p.type() instanceof TypeRef.Shape) {
                input = p;
                continue;
            }
            specs.add(spec(p));
        }
        String name = l.name().name();
        if (input == null) {
            prog.diags.error("check.layer-signature", l.name().span(), "layer " + name + " needs an input parameter with a shape",
                    "e.g. layer " + name + "(x: [..., n], units: int) -> [..., units] { ... }");
            return;
        }
        TypeRef.Shape pattern = (TypeRef.Shape) input.type();
        sigs.put(name, new Sig(l, input, pattern, specs));
        declared.add(new CheckedLayerDecl(name, input.name().name(), render(pattern), specs.stream().map(ArgSpec::name).toList(),
                l.result() instanceof TypeRef.Shape r ? render(r) : null, l, l.span()));
    }

    private static ArgSpec spec(Param p) {
        Value def = null;
        ArgKind kind = ArgKind.FLOAT;
        Expr d = p.defaultValue();
        if (d != null) {
            Consts.Num n = Consts.eval(d);
            if (n != null) {
                def = n.toValue();
                kind = n.integral() ? ArgKind.INT : ArgKind.FLOAT;
            } else if (d instanceof Expr.Bool b) {
                def = new Value.Bool(b.value());
                kind = ArgKind.BOOL;
            } else if (d instanceof Expr.Name nm) {
                def = ArgBinder.isNoneName(d) ? Value.NONE : new Value.Sym(nm.name());
                kind = ArgBinder.isNoneName(d) || p.name().name().endsWith("regularizer") ? ArgKind.REGULARIZER
                        : Initializers.ALL.containsKey(nm.name()) ? ArgKind.INITIALIZER : ArgKind.ACTIVATION;
            } else if (d instanceof Expr.Str s) {
                def = new Value.Str(s.value());
                kind = ArgKind.STRING;
            }
        }
        if (p.type() instanceof TypeRef.Named t) {
            kind = switch (t.name()) {
                case "int" -> ArgKind.INT;
                case "bool" -> ArgKind.BOOL;
                case "string" -> ArgKind.STRING;
                case "fn", "activation" -> ArgKind.ACTIVATION;
                case "initializer" -> ArgKind.INITIALIZER;
                case "regularizer" -> ArgKind.REGULARIZER;
                case "shape" -> ArgKind.SHAPE;
                default -> kind;
            };
        }
        return new ArgSpec(p.name().name(), kind, def, null, null);
    }

    static String render(TypeRef.Shape s) {
        StringBuilder b = new StringBuilder();
        if (s.explicitDtype() && "int".equals(s.dtype())) b.append("int");
        b.append('[');
        for (int i = 0; i < s.dims().size(); i++) {
            if (i > 0) b.append(", ");
            Dim d = s.dims().get(i);
            b.append(d instanceof Dim.Ellipsis ? "..." : exprText(((Dim.Size) d).expr()));
        }
        return b.append(']').toString();
    }

    static String exprText(Expr e) {
        return switch (e) {
            case Expr.Number n -> n.text();
            case Expr.Name n -> n.name();
            case Expr.Binary b -> exprText(b.left()) + " " + b.op().symbol + " " + exprText(b.right());
            case Expr.Neg n -> "-" + exprText(n.operand());
            case Expr.Call c -> c.callee().name() + "(...)";
            default -> "?";
        };
    }

    Applied apply(String name, List<Arg> args, Span span, Shape in) {
        Sig sig = sigs.get(name);
        if (sig == null) return null; // its declaration was reported
        Map<String, Value> bound = prog.binder.bind("layer " + name, sig.specs(), args, span, 0);
        if (bound == null || in == null) return null;
        Map<String, Long> dims = new HashMap<>();
        for (Map.Entry<String, Value> e : bound.entrySet()) {
            if (e.getValue() instanceof Value.Int i) dims.put(e.getKey(), i.value());
        }
        List<Integer> prefix = unify(sig, in, dims, span, name);
        if (prefix == null) return null;
        if (sig.pattern().explicitDtype() && "int".equals(sig.pattern().dtype()) != in.isInt()) {
            prog.diags.error("check.dtype", span, "layer " + name + " expects " + render(sig.pattern()) + ", got " + in.display());
            return null;
        }
        Map<String, Shape> env = new HashMap<>();
        env.put(sig.input().name().name(), in);
        List<ParamSpec> params = new ArrayList<>();
        Shape bodyOut = null;
        boolean bodyFailed = false;
        for (Stmt s : sig.decl().body()) {
            if (s instanceof Stmt.ParamDecl p) {
                if (p.condition() != null && !truthy(p.condition(), bound)) continue;
                List<Integer> shape = new ArrayList<>();
                for (Dim d : p.shape().dims()) {
                    Long v = d instanceof Dim.Size sz ? evalDim(sz.expr(), dims) : null;
                    if (v == null || v <= 0) {
                        prog.diags.error("check.layer-param", span, "layer " + name + ": cannot compute the shape "
                                + render(p.shape()) + " of param " + p.name().name() + " for the input " + in.display(),
                                "param shapes use the dimension names of the input pattern and int arguments");
                        return null;
                    }
                    shape.add((int) (long) v);
                }
                boolean trainable = true;
                for (Arg o : p.options()) {
                    if (o.isNamed() && o.name().name().equals("trainable") && o.value() instanceof Expr.Bool b) trainable = b.value();
                }
                params.add(new ParamSpec(p.name().name(), shape, trainable, initText(p.init(), bound)));
                env.put(p.name().name(), new Shape(shape, DType.FLOAT32));
            } else if (s instanceof Stmt.Let let) {
                Shape v = evalShape(let.value(), env, bound);
                if (v == null) bodyFailed = true;
                else env.put(let.name().name(), v);
            } else if (s instanceof Stmt.ExprStmt es) {
                bodyOut = evalShape(es.expr(), env, bound);
                if (bodyOut == null) bodyFailed = true;
            } else if (s instanceof Stmt.Output o && !o.values().isEmpty()) {
                bodyOut = evalShape(o.values().get(0), env, bound);
                if (bodyOut == null) bodyFailed = true;
            }
        }
        Shape out = null;
        if (sig.decl().result() instanceof TypeRef.Shape r) {
            List<Integer> od = new ArrayList<>();
            for (Dim d : r.dims()) {
                if (d instanceof Dim.Ellipsis) {
                    od.addAll(prefix);
                    continue;
                }
                Long v = evalDim(((Dim.Size) d).expr(), dims);
                if (v == null || v <= 0) {
                    prog.diags.error("check.layer-result", span, "layer " + name + ": cannot compute its result shape "
                            + render(r) + " for the input " + in.display());
                    return null;
                }
                od.add((int) (long) v);
            }
            out = new Shape(od, "int".equals(r.dtype()) && r.explicitDtype() ? DType.INT32 : DType.FLOAT32);
            if (bodyOut != null && !bodyOut.dims().equals(out.dims())) {
                prog.diags.error("check.layer-result", span, "layer " + name + "'s body produces " + bodyOut.display()
                        + " but its signature promises " + render(r) + " = " + out.display());
                return null;
            }
        } else if (bodyOut != null) {
            out = bodyOut;
        }
        if (out == null) {
            prog.diags.error("check.layer-result", span, "layer " + name + ": cannot infer its output shape"
                    + (bodyFailed ? " from its body" : ""), "declare it in the signature, e.g. -> [..., units]");
            return null;
        }
        Map<String, Value> all = new LinkedHashMap<>(bound);
        for (Map.Entry<String, Long> e : dims.entrySet()) all.putIfAbsent(e.getKey(), new Value.Int(e.getValue()));
        return new Applied(out, params, all);
    }

    /** Matches the input pattern against a shape, binding dimension names; returns the ellipsis part. */
    private List<Integer> unify(Sig sig, Shape in, Map<String, Long> dims, Span span, String name) {
        List<Dim> pat = sig.pattern().dims();
        int ell = -1;
        for (int i = 0; i < pat.size(); i++) if (pat.get(i) instanceof Dim.Ellipsis) ell = i;
        int fixed = ell >= 0 ? pat.size() - 1 : pat.size();
        String expected = "layer " + name + " expects an input of shape " + render(sig.pattern());
        if (ell < 0 ? in.rank() != fixed : in.rank() < fixed) {
            prog.diags.error("check.rank", span, expected + ", got " + in.display() + " (rank " + in.rank() + ")");
            return null;
        }
        int extra = in.rank() - fixed;
        List<Integer> prefix = ell >= 0 ? in.dims().subList(ell, ell + extra) : List.of();
        for (int i = 0, a = 0; i < pat.size(); i++) {
            if (i == ell) {
                a += extra;
                continue;
            }
            int actual = in.dims().get(a++);
            Expr e = ((Dim.Size) pat.get(i)).expr();
            if (e instanceof Expr.Name n && !dims.containsKey(n.name())) {
                dims.put(n.name(), (long) actual);
                continue;
            }
            Long want = evalDim(e, dims);
            if (want == null || want != actual) {
                prog.diags.error("check.shape", span, expected + ", got " + in.display()
                        + (want == null ? "" : ": axis " + (a - 1) + " should be " + want));
                return null;
            }
        }
        return prefix;
    }

    private static Long evalDim(Expr e, Map<String, Long> dims) {
        Consts.Num n = Consts.eval(e);
        if (n != null) return n.integral() ? (long) n.value() : null;
        if (e instanceof Expr.Name nm) return dims.get(nm.name());
        if (e instanceof Expr.Binary b) {
            Long l = evalDim(b.left(), dims), r = evalDim(b.right(), dims);
            if (l == null || r == null) return null;
            return switch (b.op()) {
                case ADD -> l + r;
                case SUB -> l - r;
                case MUL -> l * r;
                case DIV -> r != 0 && l % r == 0 ? l / r : null;
                default -> null;
            };
        }
        return null;
    }

    private static boolean truthy(Expr cond, Map<String, Value> bound) {
        if (cond instanceof Expr.Bool b) return b.value();
        if (cond instanceof Expr.Name n && bound.get(n.name()) instanceof Value.Bool b) return b.value();
        return true;
    }

    private static String initText(Expr init, Map<String, Value> bound) {
        if (init == null) return "zeros";
        if (init instanceof Expr.Name n && bound.containsKey(n.name())) return bound.get(n.name()).toString();
        if (init instanceof Expr.Name n) return n.name();
        if (init instanceof Expr.Call c) return c.callee().name() + "(...)";
        return "zeros";
    }

    /** Shape of a layer body expression: params, the input, arithmetic with broadcasting, elementwise calls. */
    private Shape evalShape(Expr e, Map<String, Shape> env, Map<String, Value> bound) {
        switch (e) {
            case Expr.Name n -> {
                if (env.containsKey(n.name())) return env.get(n.name());
                if (bound.containsKey(n.name())) return new Shape(List.of(), DType.FLOAT32);
                return null;
            }
            case Expr.Number n -> {
                return new Shape(List.of(), DType.FLOAT32);
            }
            case Expr.Neg n -> {
                return evalShape(n.operand(), env, bound);
            }
            case Expr.Binary b -> {
                Shape l = evalShape(b.left(), env, bound), r = evalShape(b.right(), env, bound);
                if (l == null || r == null) return null;
                if (b.op() == Expr.BinOp.MATMUL) {
                    if (l.rank() < 1 || r.rank() < 1 || l.last() != r.dim(0)) return null;
                    List<Integer> out = new ArrayList<>(l.dims().subList(0, l.rank() - 1));
                    if (r.rank() == 2) out.add(r.last());
                    return l.withDims(out);
                }
                List<Integer> d = Layers.broadcast(l.dims(), r.dims());
                return d == null ? null : l.withDims(d);
            }
            case Expr.Call c -> {
                if (c.args().isEmpty()) return null;
                Shape x = evalShape(c.args().get(0).value(), env, bound);
                String f = c.callee().name();
                if (f.equals("sum") || f.equals("mean")) return x == null ? null : new Shape(List.of(), DType.FLOAT32);
                return x;
            }
            default -> {
                return null;
            }
        }
    }
}
