package nnc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.Training;
import nnc.syntax.Span;
import nnc.syntax.Suggestions;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Setting;

/**
 * Checks {@code train MODEL on DATA} blocks: setting names and values, loss/optimizer/metric/callback names
 * and arguments, that the data set feeds every model input with the right shape, and that the loss fits
 * the model's output and the target (what Keras reports at run time, reported here at compile time).
 */
final class TrainChecker {
    private final ProgramChecker prog;
    private final List<CheckedData> data;

    TrainChecker(ProgramChecker prog, List<CheckedData> data) {
        this.prog = prog;
        this.data = data;
    }

    TrainSpec check(Decl.Train t) {
        int before = prog.diags.errorCount();
        String modelName = t.model().name(), dataName = t.data().name();
        CheckedModel model = null;
        if (!prog.env.models.containsKey(modelName)) {
            String hint = Suggestions.didYouMean(modelName, prog.env.models.keySet());
            prog.diags.error("check.unknown-model", t.model().span(), "unknown model '" + modelName + "'",
                    hint != null ? hint : prog.env.models.isEmpty() ? "declare it: model " + modelName + " { ... }" : "models: " + String.join(", ", prog.env.models.keySet()));
        } else {
            prog.referenceTopLevel(modelName, t.model().span());
            model = prog.model(modelName, t.model().span(), modelName);
        }
        CheckedData ds = null;
        boolean dataKnown = prog.env.data.containsKey(dataName);
        if (!dataKnown) {
            String hint = Suggestions.didYouMean(dataName, prog.env.data.keySet());
            prog.diags.error("check.unknown-data", t.data().span(), "unknown data set '" + dataName + "'",
                    hint != null ? hint : prog.env.data.isEmpty() ? "declare it: data " + dataName + " = csv(\"file.csv\") { ... }" : "data sets: " + String.join(", ", prog.env.data.keySet()));
        } else {
            prog.referenceTopLevel(dataName, t.data().span());
            ds = data.stream().filter(d -> d.name().equals(dataName)).findFirst().orElse(null);
        }

        Map<String, Setting> settings = new LinkedHashMap<>();
        List<String> settingNames = Training.SETTINGS.stream().map(ArgSpec::name).toList();
        for (Setting s : t.settings()) {
            String n = s.name().name();
            if (!settingNames.contains(n)) {
                String hint = Suggestions.didYouMean(n, settingNames);
                prog.diags.error("check.unknown-setting", s.name().span(), "unknown train setting '" + n + "'",
                        hint != null ? hint : "settings: " + String.join(", ", settingNames));
            } else if (settings.containsKey(n)) {
                prog.diags.error("check.duplicate", s.name().span(), "setting '" + n + "' is given twice");
            } else {
                settings.put(n, s);
            }
        }
        Map<String, Value> v = new LinkedHashMap<>();
        for (ArgSpec spec : Training.SETTINGS) {
            Setting s = settings.get(spec.name());
            if (s == null) {
                if (spec.required()) {
                    prog.diags.error("check.missing-setting", t.model().span(), "train " + modelName + " needs a loss",
                            "e.g. loss = categorical_crossentropy");
                } else {
                    v.put(spec.name(), spec.defaultValue());
                }
                continue;
            }
            Value val = switch (spec.name()) {
                case "loss" -> loss(s.value());
                case "optimizer" -> call(s.value(), Training.OPTIMIZERS, "optimizer");
                case "metrics" -> metrics(s.value());
                case "callbacks" -> callbacks(s.value());
                case "validation_data" -> validationData(s.value());
                default -> prog.binder.convert("train", spec, s.value(), 0);
            };
            if (val != null) v.put(spec.name(), val);
        }
        if (settings.containsKey("validation_split") && settings.containsKey("validation_data")) {
            prog.diags.error("check.validation", settings.get("validation_data").name().span(),
                    "give either validation_split or validation_data, not both");
        }
        boolean hasValidation = settings.containsKey("validation_data")
                || (v.get("validation_split") != null && v.get("validation_split").asDouble() > 0);
        List<String> metrics = new ArrayList<>();
        if (v.get("metrics") instanceof Value.ListV l) for (Value m : l.items()) metrics.add(((Value.Sym) m).name());
        if (settings.containsKey("callbacks") && v.get("callbacks") instanceof Value.ListV cbs) {
            monitors(cbs, metrics, hasValidation, settings.get("callbacks").value());
        }

        Map<String, String> inputBindings = new LinkedHashMap<>();
        String target = null;
        if (model != null && ds != null) {
            target = matchData(t, model, ds, inputBindings);
            if (settings.containsKey("validation_data") && v.get("validation_data") instanceof Value.Sym vd) {
                CheckedData vds = data.stream().filter(d -> d.name().equals(vd.name())).findFirst().orElse(null);
                if (vds != null) sameBindings(ds, vds, settings.get("validation_data").value().span());
            }
            if (target != null && v.get("loss") instanceof Value.Call lc && settings.containsKey("loss")) {
                lossFits(lc.name(), model, ds.binding(target).orElseThrow(), settings.get("loss").value().span());
            }
        }
        if (prog.diags.errorCount() > before || model == null || ds == null) return null;
        Value.Call opt = withDefaults(v.get("optimizer"), Training.OPTIMIZERS);
        Long seed = v.get("seed") instanceof Value.Int i ? i.value() : null;
        List<Value.Call> cbs = new ArrayList<>();
        if (v.get("callbacks") instanceof Value.ListV l) for (Value c : l.items()) cbs.add((Value.Call) c);
        String vdata = v.get("validation_data") instanceof Value.Sym s ? s.name() : null;
        return new TrainSpec(modelName, dataName, (Value.Call) v.get("loss"), opt, metrics,
                (int) ((Value.Int) v.get("epochs")).value(), (int) ((Value.Int) v.get("batch_size")).value(),
                v.get("validation_split").asDouble(), vdata, ((Value.Bool) v.get("shuffle")).value(), seed, cbs,
                (int) ((Value.Int) v.get("verbose")).value(), inputBindings, target, t.span());
    }

    /** A bare identifier default such as {@code rmsprop} as a call with every argument at its default. */
    private static Value.Call withDefaults(Value v, Map<String, List<ArgSpec>> table) {
        if (v instanceof Value.Call c) return c;
        String name = ((Value.Sym) v).name();
        Map<String, Value> args = new LinkedHashMap<>();
        for (ArgSpec a : table.get(name)) args.put(a.name(), a.defaultValue());
        return new Value.Call(name, args);
    }

    /** A loss name or call, returned as a call of its canonical name with all arguments. */
    private Value loss(Expr e) {
        Map<String, List<ArgSpec>> table = new LinkedHashMap<>(Training.LOSSES);
        for (Map.Entry<String, String> a : Training.LOSS_ALIASES.entrySet()) table.put(a.getKey(), Training.LOSSES.get(a.getValue()));
        Value v = call(e, table, "loss");
        if (v instanceof Value.Call c) return new Value.Call(Training.canonicalLoss(c.name()), c.args());
        return v;
    }

    /** An identifier or call of a table, always returned as a call with every argument bound. */
    private Value call(Expr e, Map<String, List<ArgSpec>> table, String kind) {
        Value v = prog.binder.callOf("train", kind, e, table, kind, false);
        return v;
    }

    private Value metrics(Expr e) {
        List<Expr> items = e instanceof Expr.ListLit l ? l.items() : List.of(e);
        List<Value> out = new ArrayList<>();
        boolean ok = true;
        for (Expr m : items) {
            if (!(m instanceof Expr.Name n)) {
                prog.diags.error("check.metric", m.span(), "a metric is a name such as accuracy, got " + ArgBinder.describe(m),
                        m instanceof Expr.Str s ? "write " + s.value() + " without quotes" : null);
                ok = false;
                continue;
            }
            String c = Training.canonicalMetric(n.name());
            if (!Training.METRICS.containsKey(c)) {
                String hint = Suggestions.didYouMean(n.name(), Training.metricNames());
                prog.diags.error("check.unknown-metric", m.span(), "unknown metric '" + n.name() + "'",
                        hint != null ? hint : "metrics: " + String.join(", ", Training.METRICS.keySet()));
                ok = false;
                continue;
            }
            out.add(new Value.Sym(c));
        }
        return ok ? new Value.ListV(out) : null;
    }

    private Value callbacks(Expr e) {
        List<Expr> items = e instanceof Expr.ListLit l ? l.items() : List.of(e);
        List<Value> out = new ArrayList<>();
        for (Expr c : items) {
            Value v = call(c, Training.CALLBACKS, "callback");
            if (v == null) return null;
            out.add(v);
        }
        return new Value.ListV(out);
    }

    private void monitors(Value.ListV cbs, List<String> metrics, boolean hasValidation, Expr at) {
        List<String> allowed = new ArrayList<>(List.of("loss", "val_loss"));
        for (String m : metrics) {
            allowed.add(m);
            allowed.add("val_" + m);
        }
        List<Expr> items = at instanceof Expr.ListLit l ? l.items() : List.of(at);
        for (int i = 0; i < cbs.items().size(); i++) {
            Value.Call c = (Value.Call) cbs.items().get(i);
            Span span = i < items.size() ? items.get(i).span() : at.span();
            if (!(c.args().get("monitor") instanceof Value.Sym mon)) continue;
            if (!allowed.contains(mon.name())) {
                String hint = Suggestions.didYouMean(mon.name(), allowed);
                prog.diags.error("check.monitor", span, c.name() + " monitors '" + mon.name() + "', which training does not report",
                        hint != null ? hint : "it reports: " + String.join(", ", allowed));
            } else if (mon.name().startsWith("val_") && !hasValidation) {
                prog.diags.error("check.monitor", span, c.name() + " monitors " + mon.name() + " but there is no validation data",
                        "add validation_split = 0.2 (or validation_data = OtherData), or monitor loss");
            }
        }
    }

    private Value validationData(Expr e) {
        if (!(e instanceof Expr.Name n)) {
            prog.diags.error("check.validation", e.span(), "validation_data names a data set, got " + ArgBinder.describe(e));
            return null;
        }
        if (!prog.env.data.containsKey(n.name())) {
            String hint = Suggestions.didYouMean(n.name(), prog.env.data.keySet());
            prog.diags.error("check.unknown-data", e.span(), "unknown data set '" + n.name() + "'", hint);
            return null;
        }
        prog.referenceTopLevel(n.name(), e.span());
        return new Value.Sym(n.name());
    }

    /** Matches model inputs to data bindings by name; returns the target binding's name. */
    private String matchData(Decl.Train t, CheckedModel model, CheckedData ds, Map<String, String> inputBindings) {
        Span at = t.data().span();
        List<String> bindingNames = ds.bindings().stream().map(DataBinding::name).toList();
        boolean ok = true;
        for (ModelInput in : model.inputs()) {
            DataBinding b = ds.binding(in.name()).orElse(null);
            if (b == null && model.inputs().size() == 1 && !in.name().equals("y")) {
                // Keras' fit(x, y): a model with one input is fed by the binding x when no binding has its name.
                b = ds.binding("x").orElse(null);
            }
            if (b == null) {
                String hint = Suggestions.didYouMean(in.name(), bindingNames);
                prog.diags.error("check.data-input", at, "data " + ds.name() + " has no binding '" + in.name()
                        + "' for the input " + in.name() + " of model " + model.name(),
                        hint != null ? hint + " (bindings are matched to inputs by name)" : "bind it in the data block: " + in.name() + " = ...");
                ok = false;
                continue;
            }
            if (!sameDims(in.shape(), b.shape())) {
                prog.diags.error("check.data-input", at, "input " + in.name() + " of model " + model.name() + " is "
                        + in.shape().display() + ", but data " + ds.name() + " gives " + b.name() + " as " + b.shape().display(),
                        reshapeHint(in.shape(), b.shape()));
                ok = false;
            } else if (in.shape().isInt() && !b.shape().isInt()) {
                prog.diags.error("check.data-input", at, "input " + in.name() + " of model " + model.name()
                        + " takes int ids, but data " + ds.name() + " gives floats", "tokenize text or cast(int)");
                ok = false;
            }
            inputBindings.put(in.name(), b.name());
        }
        List<String> rest = new ArrayList<>(bindingNames);
        rest.removeAll(inputBindings.values());
        if (rest.isEmpty()) {
            if (ok) prog.diags.error("check.data-target", at, "data " + ds.name() + " has no target for model " + model.name(),
                    "bind the expected output too, e.g. y = column(label)");
            return null;
        }
        return rest.contains("y") ? "y" : rest.get(0);
    }

    private static String reshapeHint(Shape want, Shape got) {
        if (want.size() == got.size()) return "same number of values: add reshape(" + dimsList(want) + ") to the data binding";
        return null;
    }

    private static String dimsList(Shape s) {
        return s.dims().toString();
    }

    /** Equal shapes, where one number per sample ([]) and [1] count as the same. */
    static boolean sameDims(Shape a, Shape b) {
        List<Integer> x = a.dims().isEmpty() ? List.of(1) : a.dims();
        List<Integer> y = b.dims().isEmpty() ? List.of(1) : b.dims();
        return x.equals(y);
    }

    private void sameBindings(CheckedData train, CheckedData val, Span at) {
        for (DataBinding b : train.bindings()) {
            DataBinding o = val.binding(b.name()).orElse(null);
            if (o == null || !sameDims(b.shape(), o.shape())) {
                prog.diags.error("check.validation", at, "validation data " + val.name() + " must bind " + b.name() + " as "
                        + b.shape().display() + " like " + train.name() + (o == null ? ", but has no such binding" : ", got " + o.shape().display()));
            }
        }
    }

    private void lossFits(String loss, CheckedModel model, DataBinding target, Span at) {
        if (model.outputs().size() != 1) return;
        ModelOutput out = model.output();
        Shape o = out.shape(), y = target.shape();
        String act = out.activation();
        String from = outputDescription(model, out);
        boolean label = y.rank() == 0 || (y.rank() == 1 && y.dim(0) == 1);
        boolean fromOnehot = target.steps().stream().anyMatch(s -> s.name().equals("onehot"));
        switch (loss) {
            case "categorical_crossentropy" -> {
                if (act == null || !Activations.isSoftmaxLike(act)) {
                    prog.diags.error("check.loss", at, "categorical_crossentropy needs a softmax output, but " + from,
                            "end the model with dense(" + o.last() + ", softmax)");
                } else if (o.last() == 1) {
                    prog.diags.error("check.loss", at, "categorical_crossentropy on a single output unit",
                            "for two classes use dense(1, sigmoid) with binary_crossentropy");
                } else if (label && !fromOnehot) {
                    prog.diags.error("check.loss", at, "categorical_crossentropy needs a one-hot target, but '" + target.name()
                            + "' is a class label " + y.display(),
                            "use sparse_categorical_crossentropy, or onehot(" + o.last() + ") on the target");
                } else if (!sameDims(o, y)) {
                    prog.diags.error("check.loss", at, "the output of " + model.name() + " has " + o.last()
                            + " classes " + o.display() + ", but the target '" + target.name() + "' is " + y.display(),
                            fromOnehot ? "make onehot(" + o.last() + ") match the output width" : null);
                }
            }
            case "sparse_categorical_crossentropy" -> {
                if (act == null || !Activations.isSoftmaxLike(act)) {
                    prog.diags.error("check.loss", at, "sparse_categorical_crossentropy needs a softmax output, but " + from,
                            "end the model with dense(K, softmax)");
                } else if (!label) {
                    prog.diags.error("check.loss", at, "sparse_categorical_crossentropy needs one class label per sample, but '"
                            + target.name() + "' is " + y.display(),
                            fromOnehot ? "the target is one-hot: use categorical_crossentropy" : null);
                } else if (o.last() < 2) {
                    prog.diags.error("check.loss", at, "sparse_categorical_crossentropy needs at least 2 output classes, got " + o.display());
                }
            }
            case "binary_crossentropy" -> {
                if (act == null || !Activations.isSigmoidLike(act)) {
                    prog.diags.error("check.loss", at, "binary_crossentropy needs outputs in [0, 1] (sigmoid), but " + from,
                            "end the model with dense(" + o.last() + ", sigmoid)");
                } else if (!sameDims(o, y)) {
                    prog.diags.error("check.loss", at, "the output of " + model.name() + " is " + o.display()
                            + " but the target '" + target.name() + "' is " + y.display());
                }
            }
            default -> {
                if (!sameDims(o, y)) {
                    prog.diags.error("check.loss", at, loss + " compares the output " + o.display() + " of " + model.name()
                            + " with the target '" + target.name() + "' " + y.display() + ": the shapes differ",
                            fromOnehot ? "a one-hot target goes with categorical_crossentropy" : null);
                }
            }
        }
    }

    private static String outputDescription(CheckedModel model, ModelOutput out) {
        String src = out.source();
        String act = out.activation();
        return "the output of " + model.name() + " comes from " + src + (act == null ? " without an activation" : " with activation " + act);
    }
}
