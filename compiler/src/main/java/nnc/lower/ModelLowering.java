package nnc.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.autodiff.Losses;
import nnc.check.CheckedFn;
import nnc.check.CheckedLayerDecl;
import nnc.check.CheckedModel;
import nnc.check.CheckedProgram;
import nnc.check.LayerInstance;
import nnc.check.ModelInput;
import nnc.check.ModelOutput;
import nnc.check.Operand;
import nnc.check.Value;
import nnc.check.catalogue.Args;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.ir.Origin;
import nnc.ir.Shape;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;

/**
 * Lowers a checked model (and, for training, its loss) to one IR graph — the contract with
 * {@code nnc.autodiff} and {@code nnc.codegen}:
 * <ul>
 *   <li>{@code INPUT} nodes: the model inputs by their {@code .nn} names, in declaration order, then
 *       the loss targets named {@link #TARGET} ({@code target.NAME} when the model has several
 *       outputs), in output order;</li>
 *   <li>{@code PARAMETER} nodes named {@code LAYER.PARAM} (Keras names, nested models prefixed), in the
 *       model's parameter order, attrs {@code init} (the initializer as source text) and {@code trainable};</li>
 *   <li>outputs {@code output} (or {@code output.NAME}) and, with a loss, {@code loss}: the batch-mean
 *       loss plus every regularizer penalty.</li>
 * </ul>
 * Layer instances are lowered in the checker's evaluation order; each node carries the origin of the
 * statement it comes from.
 */
public final class ModelLowering {
    /** Name of the loss target input of a single-output model. */
    public static final String TARGET = "target";

    /** A parameter as the driver needs it beside the graph: its regularizer factors. */
    public record ParamInfo(String name, int[] shape, boolean trainable, String init, Value initValue, double l1, double l2) {}

    /** The lowering result. */
    public record Lowered(Graph graph, List<String> inputs, List<String> outputs, List<String> targets,
                          List<ParamInfo> params) {}

    private final CheckedProgram program;
    private final FnLowering fns;
    private final GraphBuilder b = new GraphBuilder();
    private final List<ParamInfo> params = new ArrayList<>();
    private final Map<String, Integer> paramNodes = new LinkedHashMap<>();
    private int streams;

    private ModelLowering(CheckedProgram program) {
        this.program = program;
        Map<String, Decl.Fn> decls = new HashMap<>();
        for (CheckedFn f : program.fns()) decls.put(f.name(), f.decl());
        this.fns = new FnLowering(decls);
    }

    /**
     * Lowers {@code model}; with a non-null {@code lossName} also the loss against target inputs of
     * the given per-sample shapes and types (one per model output).
     */
    public static Lowered lower(CheckedProgram program, CheckedModel model, String lossName, double huberDelta,
                                List<nnc.check.Shape> targetShapes) {
        return new ModelLowering(program).run(model, lossName, huberDelta, targetShapes);
    }

    /** Lowers {@code model} for inference only (no loss, no targets). */
    public static Lowered lowerInference(CheckedProgram program, CheckedModel model) {
        return lower(program, model, null, 1.0, List.of());
    }

    private Lowered run(CheckedModel model, String lossName, double delta, List<nnc.check.Shape> targetShapes) {
        Map<String, Integer> env = new HashMap<>();
        List<String> inputNames = new ArrayList<>();
        for (ModelInput in : model.inputs()) {
            b.at(origin(in.span()));
            env.put(in.name(), b.input(in.name(), Shape.batched(dims(in.shape())), dtype(in.shape())));
            inputNames.add(in.name());
        }
        List<Integer> outs = body(model, "", env);
        List<String> outNames = new ArrayList<>();
        boolean several = outs.size() > 1;
        for (int i = 0; i < outs.size(); i++) {
            String name = several ? "output." + model.outputs().get(i).source() : "output";
            b.output(name, outs.get(i));
            outNames.add(name);
        }
        List<String> targets = new ArrayList<>();
        if (lossName != null) {
            b.at(Origin.NONE);
            int total = -1;
            for (int i = 0; i < outs.size(); i++) {
                String tname = several ? TARGET + "." + model.outputs().get(i).source() : TARGET;
                nnc.check.Shape ts = targetShapes.get(i);
                int[] td = dims(ts);
                int[] od = b.shape(outs.get(i)).dims();
                int[] outPerSample = java.util.Arrays.copyOfRange(od, 1, od.length);
                // A target of the output's size in another shape ([] or [1] per sample for a [1] output)
                // is read as the output's shape, as Keras does; class indices keep theirs.
                boolean sparse = lossName.startsWith("sparse_");
                if (!sparse && count(td) == count(outPerSample)) td = outPerSample;
                int y = b.target(tname, Shape.batched(td), dtype(ts));
                targets.add(tname);
                int l = "huber".equals(lossName) ? Losses.huber(b, outs.get(i), y, delta)
                        : Losses.lower(b, lossName, outs.get(i), y);
                total = total < 0 ? l : b.add(total, l);
            }
            for (ParamInfo p : params) total = Losses.addPenalty(b, total, paramNodes.get(p.name()), p.l1(), p.l2());
            b.output("loss", total);
        }
        return new Lowered(b.build(), inputNames, outNames, targets, List.copyOf(params));
    }

    /** Lowers the layers of {@code model} with parameter names prefixed by {@code prefix}; returns its outputs. */
    private List<Integer> body(CheckedModel model, String prefix, Map<String, Integer> env) {
        for (LayerInstance li : model.layers()) {
            b.at(origin(li.span()));
            List<Integer> ins = new ArrayList<>();
            for (Operand op : li.inputs()) {
                if (op instanceof Operand.Tensor t) {
                    Integer id = env.get(t.name());
                    if (id == null) throw new LoweringException("tensor '" + t.name() + "' is not defined before " + li.name(), b.origin());
                    ins.add(id);
                } else if (op instanceof Operand.Constant c) {
                    ins.add(b.constant(c.value()));
                }
            }
            env.put(li.name(), instance(li, prefix + li.name() + ".", ins));
        }
        List<Integer> outs = new ArrayList<>();
        for (ModelOutput o : model.outputs()) {
            Integer id = env.get(o.source());
            if (id == null) throw new LoweringException("output '" + o.source() + "' is not defined", origin(o.span()));
            outs.add(id);
        }
        return outs;
    }

    private int instance(LayerInstance li, String paramPrefix, List<Integer> ins) {
        return switch (li.kind()) {
            case LAYER -> LayerLowering.lower(b, scope(paramPrefix, li), li.type(), new Args(li.args()), ins);
            case FN -> fns.apply(b, li.type(), ins);
            case OP -> switch (li.type()) {
                case "+" -> b.add(ins.get(0), ins.get(1));
                case "-" -> b.sub(ins.get(0), ins.get(1));
                case "*" -> b.mul(ins.get(0), ins.get(1));
                case "/" -> b.div(ins.get(0), ins.get(1));
                case "@" -> b.matmul(ins.get(0), ins.get(1));
                case "neg" -> b.unary(Op.NEG, ins.get(0));
                default -> throw new LoweringException("operator '" + li.type() + "' cannot be compiled", b.origin());
            };
            case MODEL -> {
                CheckedModel nested = li.nested();
                Map<String, Integer> env = new HashMap<>();
                for (int i = 0; i < nested.inputs().size(); i++) env.put(nested.inputs().get(i).name(), ins.get(i));
                List<Integer> outs = body(nested, paramPrefix, env);
                if (outs.size() != 1) {
                    throw new LoweringException("a model with several outputs cannot be used as a layer yet", b.origin());
                }
                yield outs.get(0);
            }
            case USER_LAYER -> userLayer(li, paramPrefix, ins);
        };
    }

    /** A user {@code layer}: its params (shapes as the checker bound them), then its body inlined. */
    private int userLayer(LayerInstance li, String prefix, List<Integer> ins) {
        CheckedLayerDecl decl = program.layerDecl(li.type())
                .orElseThrow(() -> new LoweringException("layer '" + li.type() + "' is not declared", b.origin()));
        LayerLowering.Scope sc = scope(prefix, li);
        Map<String, Integer> env = new HashMap<>();
        env.put(decl.inputParam(), ins.get(0));
        for (nnc.check.ParamInfo p : li.params()) {
            int[] shape = p.shape().stream().mapToInt(Integer::intValue).toArray();
            env.put(p.name(), sc.param(p.name(), shape, initValue(p.initializer()), p.trainable(), Value.NONE));
        }
        Map<String, java.util.function.IntUnaryOperator> callables = new HashMap<>();
        for (Map.Entry<String, Value> a : li.args().entrySet()) {
            Value v = a.getValue();
            if (env.containsKey(a.getKey())) continue;
            if (v instanceof Value.Int || v instanceof Value.Real) env.put(a.getKey(), b.constant(v.asDouble()));
            else if (v instanceof Value.Sym || v instanceof Value.Call) callables.put(a.getKey(), x -> applyActivation(v, x));
        }
        return fns.layerBody(b, decl.decl().body(), env, callables, ins.get(0));
    }

    /** An initializer written as source text ("glorot_uniform", "random_normal(stddev = 0.1)") as a value. */
    static Value initValue(String text) {
        if (text == null || text.isBlank()) return new Value.Sym("zeros");
        String t = text.trim();
        int open = t.indexOf('(');
        if (open < 0) return new Value.Sym(t);
        Map<String, Value> args = new java.util.LinkedHashMap<>();
        String inner = t.substring(open + 1, t.lastIndexOf(')'));
        int pos = 0;
        for (String part : inner.split(",")) {
            String[] kv = part.split("=", 2);
            String key = kv.length == 2 ? kv[0].trim() : "arg" + pos;
            String val = (kv.length == 2 ? kv[1] : kv[0]).trim();
            pos++;
            if (val.isEmpty()) continue;
            try {
                args.put(key, new Value.Real(Double.parseDouble(val)));
            } catch (NumberFormatException e) {
                args.put(key, new Value.Sym(val));
            }
        }
        return new Value.Call(t.substring(0, open).trim(), args);
    }

    private LayerLowering.Scope scope(String prefix, LayerInstance li) {
        return new LayerLowering.Scope() {
            @Override
            public int param(String local, int[] shape, Value init, boolean trainable, Value regularizer) {
                String name = prefix + local;
                double l1 = 0, l2 = 0;
                if (regularizer instanceof Value.Call c) {
                    Value a = c.args().get("l1"), q = c.args().get("l2");
                    switch (c.name()) {
                        case "l1" -> l1 = a == null ? 0.01 : a.asDouble();
                        case "l2" -> l2 = q == null ? 0.01 : q.asDouble();
                        case "l1_l2" -> {
                            l1 = a == null ? 0 : a.asDouble();
                            l2 = q == null ? 0 : q.asDouble();
                        }
                        default -> throw new LoweringException("unknown regularizer " + c.name(), b.origin());
                    }
                } else if (regularizer instanceof Value.Sym s && !s.name().equals("none")) {
                    // l1 / l2 written without arguments: Keras' default factor 0.01
                    switch (s.name()) {
                        case "l1" -> l1 = 0.01;
                        case "l2" -> l2 = 0.01;
                        default -> throw new LoweringException("unknown regularizer " + s.name(), b.origin());
                    }
                }
                String initText = init == null || init.isNone() ? "zeros" : init.toString();
                int id = b.parameter(name, Shape.of(shape), initText, trainable);
                params.add(new ParamInfo(name, shape.clone(), trainable, initText, init == null ? Value.NONE : init, l1, l2));
                paramNodes.put(name, id);
                return id;
            }

            @Override
            public int nextStream() {
                return streams++;
            }

            @Override
            public int activation(Value activation, int x) {
                return applyActivation(activation, x);
            }
        };
    }

    private int applyActivation(Value v, int x) {
        String name;
        Map<String, Value> args = Map.of();
        if (v instanceof Value.Sym s) {
            name = s.name();
        } else if (v instanceof Value.Call c) {
            name = c.name();
            args = c.args();
        } else if (v == null || v.isNone()) {
            return x;
        } else {
            throw new LoweringException("activation " + v + " cannot be compiled", b.origin());
        }
        if (ActivationLowering.isBuiltin(name)) {
            Value alpha = args.getOrDefault("alpha", Value.NONE);
            Value axis = args.getOrDefault("axis", Value.NONE);
            Value approx = args.getOrDefault("approximate", Value.NONE);
            int ax = axis instanceof Value.Int i ? (int) i.value() : -1;
            return ActivationLowering.apply(b, name, x, alpha.isNone() ? Double.NaN : alpha.asDouble(),
                    approx instanceof Value.Bool bb && bb.value(), ax < 0 ? ax : ax + 1);
        }
        if (fns.has(name)) {
            List<Integer> fnArgs = new ArrayList<>();
            fnArgs.add(x);
            for (Value a : args.values()) fnArgs.add(b.constant(a.asDouble()));
            return fns.apply(b, name, fnArgs);
        }
        throw new LoweringException("unknown activation '" + name + "'", b.origin());
    }

    private static int count(int[] d) {
        int n = 1;
        for (int x : d) n *= x;
        return n;
    }

    static int[] dims(nnc.check.Shape s) {
        int[] d = new int[s.rank()];
        for (int i = 0; i < d.length; i++) d[i] = s.dim(i);
        return d;
    }

    static DType dtype(nnc.check.Shape s) {
        return s.isInt() ? DType.I32 : DType.F32;
    }

    static Origin origin(Span s) {
        return s == null ? Origin.NONE : new Origin(s.file(), s.line(), s.col());
    }
}
