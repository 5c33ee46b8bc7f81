package nnc.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.Args;
import nnc.check.catalogue.LayerSpec;
import nnc.check.catalogue.Layers;
import nnc.check.catalogue.ParamSpec;
import nnc.check.catalogue.ShapeError;
import nnc.syntax.Span;
import nnc.syntax.Suggestions;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Dim;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Stmt;
import nnc.syntax.ast.TypeRef;

/**
 * Checks one model body: walks the statements keeping the running tensor, resolves each layer call, binds
 * its arguments, infers shapes and parameters, names instances the Keras way and records everything in a
 * {@link CheckedModel}. A failed layer yields no tensor ({@code null}); what depends on it is skipped
 * silently so that one mistake gives one error.
 */
final class ModelChecker {
    /** A tensor of the model: the name of what produced it, its shape and the activation that made it. */
    record Tensor(String producer, Shape shape, String activation) {}

    private final ProgramChecker prog;
    private final Decl.Model decl;
    private final String modelName;
    private final Map<String, Tensor> values = new LinkedHashMap<>();
    private final Map<String, SpanIndex.Symbol> valueSymbols = new HashMap<>();
    private final List<ModelInput> inputs = new ArrayList<>();
    private final List<LayerInstance> layers = new ArrayList<>();
    private final List<ModelOutput> outputs = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private Tensor running;
    private boolean broken;

    ModelChecker(ProgramChecker prog, Decl.Model decl) {
        this.prog = prog;
        this.decl = decl;
        this.modelName = decl.name().name();
    }

    CheckedModel run() {
        for (Stmt s : decl.body()) {
            switch (s) {
                case Stmt.Input in -> input(in);
                case Stmt.Let let -> {
                    Tensor t = tensor(let.value());
                    if (values.containsKey(let.name().name())) {
                        prog.diags.error("check.duplicate", let.name().span(), "'" + let.name().name()
                                + "' is already defined in model " + modelName, "choose another name");
                    }
                    values.put(let.name().name(), t);
                    SpanIndex.Symbol sym = new SpanIndex.Symbol(let.name().name(), SpanIndex.SymbolKind.LET,
                            let.name().span(), t == null ? null : t.shape().display(), modelName);
                    valueSymbols.put(let.name().name(), sym);
                    prog.index.addSymbol(sym);
                    running = t;
                    if (t == null) broken = true;
                }
                case Stmt.Output out -> {
                    for (Expr e : out.values()) {
                        Tensor t = tensor(e);
                        if (t != null) outputs.add(new ModelOutput(t.producer(), t.shape(), t.activation(), e.span()));
                        else broken = true;
                    }
                }
                case Stmt.ExprStmt es -> {
                    if (running == null && inputs.isEmpty() && !broken) {
                        prog.diags.error("check.no-input", es.span(), "model " + modelName
                                + " applies a layer before declaring an input", "start the model with input x: [SHAPE]");
                        broken = true;
                        continue;
                    }
                    Tensor t = tensor(es.expr());
                    running = t;
                    if (t == null) broken = true;
                }
                case Stmt.ParamDecl p -> prog.diags.error("check.param-in-model", p.span(),
                        "param declarations belong in a layer declaration, not in model " + modelName,
                        "models get their parameters from the layers they call");
            }
        }
        if (inputs.isEmpty() && !broken) {
            prog.diags.error("check.no-input", decl.name().span(), "model " + modelName + " has no input",
                    "declare one, e.g. input x: [10]");
        }
        if (outputs.isEmpty() && running != null) {
            outputs.add(new ModelOutput(running.producer(), running.shape(), running.activation(), decl.name().span()));
        }
        return new CheckedModel(modelName, inputs, layers, outputs, isSequential(), decl.span());
    }

    boolean failed() {
        return broken;
    }

    private boolean isSequential() {
        if (inputs.size() != 1) return false;
        String prev = inputs.get(0).name();
        for (LayerInstance l : layers) {
            if (l.inputs().size() != 1 || !(l.inputs().get(0) instanceof Operand.Tensor t) || !t.name().equals(prev)) return false;
            prev = l.name();
        }
        return outputs.size() == 1 && (layers.isEmpty() || outputs.get(0).source().equals(prev));
    }

    // ---------------------------------------------------------------- inputs

    private void input(Stmt.Input in) {
        String name = in.name().name();
        Shape shape = inputShape(in.shape());
        if (values.containsKey(name) || used.contains(name)) {
            prog.diags.error("check.duplicate", in.name().span(), "'" + name + "' is already defined in model " + modelName,
                    "give each input its own name");
            return;
        }
        used.add(name);
        if (shape == null) {
            broken = true;
            values.put(name, null);
            return;
        }
        inputs.add(new ModelInput(name, shape, in.span()));
        Tensor t = new Tensor(name, shape, null);
        values.put(name, t);
        SpanIndex.Symbol sym = new SpanIndex.Symbol(name, SpanIndex.SymbolKind.INPUT, in.name().span(), shape.display(), modelName);
        valueSymbols.put(name, sym);
        prog.index.addSymbol(sym);
        running = t;
    }

    private Shape inputShape(TypeRef.Shape s) {
        List<Integer> dims = new ArrayList<>();
        boolean ok = true;
        for (Dim d : s.dims()) {
            if (d instanceof Dim.Ellipsis) {
                prog.diags.error("check.input-shape", d.span(), "an input shape needs every size; '...' is only for layer signatures");
                ok = false;
                continue;
            }
            Expr e = ((Dim.Size) d).expr();
            Consts.Num n = Consts.eval(e);
            if (n == null || !n.integral()) {
                prog.diags.error("check.input-shape", d.span(), "an input size must be a positive integer, got "
                        + ArgBinder.describe(e), e instanceof Expr.Name ? "sizes of inputs are numbers, e.g. [28, 28, 1]" : null);
                ok = false;
            } else if (n.value() <= 0) {
                prog.diags.error("check.input-shape", d.span(), "an input size must be positive, got " + (long) n.value(),
                        "the batch dimension is never written; list the sizes of one sample");
                ok = false;
            } else {
                dims.add((int) n.value());
            }
        }
        if (s.dims().isEmpty()) {
            prog.diags.error("check.input-shape", s.span(), "an input needs at least one dimension", "e.g. input x: [1] for one number per sample");
            ok = false;
        }
        return ok ? new Shape(dims, "int".equals(s.dtype()) ? DType.INT32 : DType.FLOAT32) : null;
    }

    // ---------------------------------------------------------------- expressions

    /** Evaluates an expression to a tensor of the model; a bare layer applies to the running tensor. */
    private Tensor tensor(Expr e) {
        switch (e) {
            case Expr.Name n -> {
                if (values.containsKey(n.name())) {
                    SpanIndex.Symbol sym = valueSymbols.get(n.name());
                    if (sym != null) prog.index.addReference(new SpanIndex.Reference(n.span(), sym));
                    return values.get(n.name());
                }
                if (prog.isLayerLike(n.name())) return applyToRunning(e, n.span());
                List<String> cands = new ArrayList<>(values.keySet());
                cands.addAll(prog.env.layerLikeNames());
                String hint = Suggestions.didYouMean(n.name(), cands);
                prog.diags.error("check.unknown-name", n.span(), "unknown name '" + n.name() + "' in model " + modelName,
                        hint != null ? hint : "not an input, a let value, a layer or a model");
                return null;
            }
            case Expr.Call c -> {
                String callee = c.callee().name();
                LayerSpec spec = Layers.get(callee);
                if (spec != null && spec.isMerge()) return merge(c, spec, List.of(), null, null);
                if (values.containsKey(callee)) {
                    prog.diags.error("check.not-callable", c.callee().span(), "'" + callee + "' is a tensor, not a layer",
                            "apply a layer to it with |>, e.g. " + callee + " |> dense(10)");
                    return null;
                }
                Expr first = c.args().isEmpty() || c.args().get(0).isNamed() ? null : c.args().get(0).value();
                if (first != null && looksLikeTensor(first)) {
                    if (prog.env.isActivation(callee) && !prog.env.models.containsKey(callee)) {
                        Tensor x = tensor(first);
                        return applyNamed(callee, c.args().subList(1, c.args().size()), c.callee().span(), c.span(),
                                x == null ? null : List.of(x), null, null);
                    }
                    if (prog.isLayerLike(callee)) {
                        String src = first instanceof Expr.Name fn ? fn.name() : "x";
                        prog.diags.error("check.layer-input", first.span(), callee + " takes its input from the running tensor or a pipe, not as an argument",
                                "write " + src + " |> " + callee + "(...)");
                        return null;
                    }
                }
                return applyToRunning(e, c.span());
            }
            case Expr.Pipe p -> {
                Tensor in = tensor(p.input());
                return applyLayerExpr(p.layer(), in, null, null, p.span());
            }
            case Expr.As a -> {
                if (a.target() instanceof Expr.Pipe p) {
                    Tensor in = tensor(p.input());
                    return applyLayerExpr(p.layer(), in, a.name().name(), a.name().span(), a.span());
                }
                if (running == null && !broken) return noRunning(a);
                return applyLayerExpr(a.target(), running, a.name().name(), a.name().span(), a.span());
            }
            case Expr.Binary b -> {
                return binary(b);
            }
            case Expr.Neg n -> {
                Operand o = operand(n.operand());
                if (o == null) return null;
                if (o instanceof Operand.Constant) return constantNotTensor(n);
                Tensor t = lastOperandTensor;
                return op("negative", "Negative", "neg", List.of(o), List.of(t.shape()), t.shape(), n.span());
            }
            default -> {
                prog.diags.error("check.not-tensor", e.span(), "expected a layer or a tensor here, got " + ArgBinder.describe(e),
                        e instanceof Expr.Number ? "numbers take part in arithmetic, e.g. x * 2" : null);
                return null;
            }
        }
    }

    private Tensor noRunning(Expr e) {
        prog.diags.error("check.no-input", e.span(), "no tensor to apply this layer to in model " + modelName,
                "declare an input first: input x: [SHAPE]");
        return null;
    }

    private Tensor constantNotTensor(Expr e) {
        prog.diags.error("check.not-tensor", e.span(), "this arithmetic has no tensor operand", "arithmetic in a model combines tensors, e.g. x * 2");
        return null;
    }

    /** Whether an argument expression denotes a tensor of the model (so the callee is applied to it). */
    private boolean looksLikeTensor(Expr e) {
        if (e instanceof Expr.Name n) return values.containsKey(n.name());
        if (e instanceof Expr.Pipe) return true;
        if (e instanceof Expr.Binary || e instanceof Expr.Neg) return Consts.eval(e) == null;
        return false;
    }

    private Tensor applyToRunning(Expr layerExpr, Span span) {
        if (running == null) {
            if (broken) {
                bindOnly(layerExpr);
                return null;
            }
            return noRunning(layerExpr);
        }
        return applyLayerExpr(layerExpr, running, null, null, span);
    }

    /** Still reports unknown layers and argument mistakes of a layer whose input failed earlier. */
    private void bindOnly(Expr layerExpr) {
        Expr.Name bare = layerExpr instanceof Expr.Name n ? n : null;
        Expr.Call call = layerExpr instanceof Expr.Call c ? c : null;
        String name = bare != null ? bare.name() : call != null ? call.callee().name() : null;
        if (name != null && !prog.isLayerLike(name) && !values.containsKey(name)) {
            String hint = Suggestions.didYouMean(name, prog.env.layerLikeNames());
            prog.diags.error("check.unknown-layer", bare != null ? bare.span() : call.callee().span(),
                    "unknown layer '" + name + "'", hint != null ? hint : "see docs/language.md for the layer catalogue");
            return;
        }
        if (layerExpr instanceof Expr.Call c) {
            LayerSpec spec = Layers.get(c.callee().name());
            if (spec != null && !spec.isMerge()) prog.binder.bind(spec.name(), spec.args(), c.args(), c.span(), spatialRank(spec.name()));
        }
    }

    private Tensor applyLayerExpr(Expr layerExpr, Tensor in, String alias, Span aliasSpan, Span span) {
        switch (layerExpr) {
            case Expr.As a -> {
                return applyLayerExpr(a.target(), in, a.name().name(), a.name().span(), span);
            }
            case Expr.Name n -> {
                return applyNamed(n.name(), List.of(), n.span(), span, in == null ? null : List.of(in), alias, aliasSpan);
            }
            case Expr.Call c -> {
                LayerSpec spec = Layers.get(c.callee().name());
                if (spec != null && spec.isMerge()) return merge(c, spec, in == null ? null : List.of(in), alias, aliasSpan);
                return applyNamed(c.callee().name(), c.args(), c.callee().span(), span, in == null ? null : List.of(in), alias, aliasSpan);
            }
            default -> {
                prog.diags.error("check.not-layer", layerExpr.span(), "expected a layer after |>, got " + ArgBinder.describe(layerExpr),
                        "e.g. x |> dense(10)");
                return null;
            }
        }
    }

    static int spatialRank(String layer) {
        if (layer.contains("2d")) return 2;
        if (layer.contains("1d")) return 1;
        return 0;
    }

    /** {@code concat(a, b, axis = -1)}, {@code add(a, b)}, or piped: {@code a |> add(b)}. */
    private Tensor merge(Expr.Call c, LayerSpec spec, List<Tensor> piped, String alias, Span aliasSpan) {
        List<Tensor> ins = new ArrayList<>();
        boolean missing = piped == null;
        if (piped != null) ins.addAll(piped);
        List<Arg> rest = new ArrayList<>();
        for (Arg a : c.args()) {
            if (!a.isNamed()) {
                Tensor t = tensor(a.value());
                if (t == null) missing = true;
                else ins.add(t);
            } else {
                rest.add(a);
            }
        }
        Map<String, Value> bound = prog.binder.bind(spec.name(), spec.args(), rest, c.span(), 0);
        if (bound == null || missing) return null;
        if (ins.size() < spec.minInputs()) {
            prog.diags.error("check.merge-arity", c.span(), spec.name() + " needs at least " + spec.minInputs()
                    + " tensors, got " + ins.size(), "e.g. " + spec.name() + "(a, b)");
            return null;
        }
        return instantiate(spec, ins, bound, c.span(), alias, aliasSpan);
    }

    private Tensor applyNamed(String name, List<Arg> args, Span calleeSpan, Span span, List<Tensor> ins,
                              String alias, Span aliasSpan) {
        LayerSpec spec = Layers.get(name);
        if (spec != null) {
            Map<String, Value> bound = prog.binder.bind(name, spec.args(), args, span, spatialRank(name));
            if (bound == null || ins == null) return null;
            return instantiate(spec, ins, bound, span, alias, aliasSpan);
        }
        if (prog.env.models.containsKey(name)) {
            prog.referenceTopLevel(name, calleeSpan);
            if (!args.isEmpty()) {
                prog.diags.error("check.model-args", span, "model " + name + " takes no arguments when used as a layer",
                        "write " + name + " alone, e.g. x |> " + name);
                return null;
            }
            CheckedModel nested = prog.model(name, calleeSpan, modelName);
            if (nested == null || ins == null) return null;
            return nestedModel(nested, ins, span, alias, aliasSpan);
        }
        if (prog.env.layers.containsKey(name)) {
            prog.referenceTopLevel(name, calleeSpan);
            UserLayers.Applied r = prog.userLayers.apply(name, args, span, ins == null ? null : ins.get(0).shape());
            if (r == null || ins == null) return null;
            String inst = instanceName(name, alias, aliasSpan);
            if (inst == null) return null;
            List<ParamInfo> ps = new ArrayList<>();
            for (ParamSpec p : r.params()) ps.add(new ParamInfo(p.name(), p.shape(), p.trainable(), p.initializer()));
            LayerInstance li = new LayerInstance(inst, LayerInstance.Kind.USER_LAYER, name, camel(name), r.args(),
                    operands(ins), shapes(ins), r.output(), ps, null, null, span);
            return record(li, null);
        }
        if (prog.env.fns.containsKey(name) && !Activations.isBuiltin(name)) {
            prog.referenceTopLevel(name, calleeSpan);
            Decl.Fn fn = prog.env.fns.get(name);
            Map<String, Value> bound = prog.binder.bind("fn " + name, ArgBinder.fnExtraParams(fn), args, span, 0);
            if (bound == null || ins == null) return null;
            if (fn.params().isEmpty()) {
                prog.diags.error("check.fn-arity", span, "fn " + name + " takes no tensor, so it cannot be applied as a layer");
                return null;
            }
            Shape s = ins.get(0).shape();
            String inst = instanceName("activation", alias, aliasSpan);
            if (inst == null) return null;
            LayerInstance li = new LayerInstance(inst, LayerInstance.Kind.FN, name, "Activation", bound, operands(ins),
                    shapes(ins), s, List.of(), name, null, span);
            return record(li, name);
        }
        String hint = Suggestions.didYouMean(name, prog.env.layerLikeNames());
        prog.diags.error("check.unknown-layer", calleeSpan, "unknown layer '" + name + "'",
                hint != null ? hint : "see docs/language.md for the layer catalogue");
        return null;
    }

    private Tensor instantiate(LayerSpec spec, List<Tensor> ins, Map<String, Value> bound, Span span, String alias, Span aliasSpan) {
        LayerSpec.Result r;
        try {
            r = spec.apply(shapes(ins), new Args(bound));
        } catch (ShapeError e) {
            String msg = e.getMessage();
            if (!msg.startsWith(spec.name())) msg = spec.name() + ": " + msg;
            prog.diags.error(e.code(), span, msg, e.hint());
            return null;
        }
        String inst = instanceName(spec.kerasName(), alias, aliasSpan);
        if (inst == null) return null;
        String act = null;
        if (Activations.isBuiltin(spec.name())) act = spec.name();
        else if (bound.containsKey("activation")) act = new Args(bound).sym("activation");
        else if ((spec.name().equals("dropout") || spec.name().equals("gaussian_noise")) && ins.size() == 1) act = ins.get(0).activation();
        List<ParamInfo> ps = new ArrayList<>();
        for (ParamSpec p : r.params()) ps.add(new ParamInfo(p.name(), p.shape(), p.trainable(), p.initializer()));
        LayerInstance li = new LayerInstance(inst, LayerInstance.Kind.LAYER, spec.name(), spec.kerasClass(), bound,
                operands(ins), shapes(ins), r.output(), ps, act, null, span);
        return record(li, act);
    }

    private Tensor nestedModel(CheckedModel nested, List<Tensor> ins, Span span, String alias, Span aliasSpan) {
        if (nested.inputs().size() != ins.size()) {
            prog.diags.error("check.model-input", span, "model " + nested.name() + " has " + nested.inputs().size()
                    + " inputs, got " + ins.size() + " tensor(s)");
            return null;
        }
        for (int i = 0; i < ins.size(); i++) {
            ModelInput want = nested.inputs().get(i);
            Shape got = ins.get(i).shape();
            if (!want.shape().equals(got)) {
                prog.diags.error("check.model-input", span, "model " + nested.name() + " expects input " + want.name()
                        + ": " + want.shape().display() + ", got " + got.display(),
                        "the tensor given to a model must have the shape of its input");
                return null;
            }
        }
        if (nested.outputs().size() != 1) {
            prog.diags.error("check.model-output", span, "model " + nested.name() + " has " + nested.outputs().size()
                    + " outputs; only a model with one output can be used as a layer");
            return null;
        }
        String inst = instanceName(snake(nested.name()), alias, aliasSpan);
        if (inst == null) return null;
        ModelOutput out = nested.output();
        LayerInstance li = new LayerInstance(inst, LayerInstance.Kind.MODEL, nested.name(), "Functional", Map.of(),
                operands(ins), shapes(ins), out.shape(), nested.params(), out.activation(), nested, span);
        return record(li, out.activation());
    }

    private Operand lastOperandTensorOp;
    private Tensor lastOperandTensor;

    /** An operand of arithmetic: a tensor, or a constant number. */
    private Operand operand(Expr e) {
        Consts.Num n = Consts.eval(e);
        if (n != null) return new Operand.Constant(n.value());
        Tensor t = tensor(e);
        if (t == null) return null;
        lastOperandTensor = t;
        return new Operand.Tensor(t.producer());
    }

    private Tensor binary(Expr.Binary b) {
        Operand l = operand(b.left());
        Tensor lt = lastOperandTensor;
        Operand r = operand(b.right());
        Tensor rt = lastOperandTensor;
        if (l == null || r == null) return null;
        boolean lc = l instanceof Operand.Constant, rc = r instanceof Operand.Constant;
        if (lc && rc) return constantNotTensor(b);
        String sym = b.op().symbol;
        if (b.op() == Expr.BinOp.MATMUL) {
            if (lc || rc) {
                prog.diags.error("check.matmul", b.span(), "@ multiplies two tensors; use * to scale by a number");
                return null;
            }
            Shape a = lt.shape(), c = rt.shape();
            List<Integer> out;
            if (c.rank() == 1 && a.last() == c.dim(0)) {
                out = a.dims().subList(0, a.rank() - 1);
            } else if (c.rank() == 2 && a.last() == c.dim(0)) {
                out = new ArrayList<>(a.dims().subList(0, a.rank() - 1));
                out.add(c.last());
            } else {
                prog.diags.error("check.matmul", b.span(), "cannot multiply " + a.display() + " @ " + c.display()
                        + ": the last axis of the left (" + a.last() + ") must equal the first axis of the right (" + c.dim(0) + ")");
                return null;
            }
            if (out.isEmpty()) out = List.of(1);
            return op("matmul", "Matmul", "@", List.of(l, r), List.of(a, c), a.withDims(out), b.span());
        }
        Shape result;
        List<Shape> inShapes = new ArrayList<>();
        if (lc) {
            result = rt.shape();
            inShapes.add(rt.shape());
        } else if (rc) {
            result = lt.shape();
            inShapes.add(lt.shape());
        } else {
            List<Integer> dims = Layers.broadcast(lt.shape().dims(), rt.shape().dims());
            if (dims == null) {
                prog.diags.error("check.broadcast", b.span(), "cannot broadcast " + lt.shape().display() + " " + sym + " "
                        + rt.shape().display() + ": sizes must be equal or 1 on each axis (aligned from the right)");
                return null;
            }
            result = lt.shape().withDims(dims);
            inShapes.add(lt.shape());
            inShapes.add(rt.shape());
        }
        String base = switch (b.op()) {
            case ADD -> "add";
            case SUB -> "subtract";
            case MUL -> "multiply";
            case DIV -> "divide";
            default -> "op";
        };
        String cls = Character.toUpperCase(base.charAt(0)) + base.substring(1);
        return op(base, cls, sym, List.of(l, r), inShapes, result, b.span());
    }

    private Tensor op(String base, String cls, String type, List<Operand> ops, List<Shape> inShapes, Shape out, Span span) {
        String inst = instanceName(base, null, null);
        LayerInstance li = new LayerInstance(inst, LayerInstance.Kind.OP, type, cls, Map.of(), ops, inShapes, out,
                List.of(), null, null, span);
        return record(li, null);
    }

    private Tensor record(LayerInstance li, String activation) {
        layers.add(li);
        prog.index.addLayer(new SpanIndex.LayerEntry(li.span(), modelName, li));
        prog.index.addSymbol(new SpanIndex.Symbol(li.name(), SpanIndex.SymbolKind.LAYER_INSTANCE, li.span(),
                li.outputShape().keras() + " · " + li.paramCount() + " params", modelName));
        return new Tensor(li.name(), li.outputShape(), activation);
    }

    /** The explicit {@code as} name (checked for duplicates) or the next Keras default name. */
    private String instanceName(String base, String alias, Span aliasSpan) {
        if (alias != null) {
            if (used.contains(alias)) {
                prog.diags.error("check.duplicate", aliasSpan, "a layer named '" + alias + "' already exists in model " + modelName,
                        "layer names must be unique within a model");
                return null;
            }
            used.add(alias);
            return alias;
        }
        int k = counters.getOrDefault(base, 0);
        String n;
        do {
            n = k == 0 ? base : base + "_" + k;
            k++;
        } while (used.contains(n));
        counters.put(base, k);
        used.add(n);
        return n;
    }

    private static List<Shape> shapes(List<Tensor> ts) {
        return ts.stream().map(Tensor::shape).toList();
    }

    private static List<Operand> operands(List<Tensor> ts) {
        List<Operand> l = new ArrayList<>();
        for (Tensor t : ts) l.add(new Operand.Tensor(t.producer()));
        return l;
    }

    /** {@code Encoder} → {@code encoder}, {@code MyNet2} → {@code my_net2}: Keras-like instance names for models. */
    static String snake(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || (i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1)) && Character.isUpperCase(name.charAt(i - 1))))) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    static String camel(String name) {
        StringBuilder b = new StringBuilder();
        boolean up = true;
        for (char ch : name.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }
}
