package nnc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.ArgKind;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.Initializers;
import nnc.check.catalogue.Layers;
import nnc.check.catalogue.Regularizers;
import nnc.check.catalogue.Training;
import nnc.syntax.Span;
import nnc.syntax.Suggestions;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Param;

/**
 * Binds the arguments of a call to a signature: positional in declaration (Keras) order, then by Keras name;
 * fills defaults; converts each source expression to a {@link Value} by the argument's kind and checks
 * its range. Every problem becomes a diagnostic; {@link #bind} returns null when any was found.
 */
final class ArgBinder {
    private final Env env;
    private final Diags diags;

    ArgBinder(Env env, Diags diags) {
        this.env = env;
        this.diags = diags;
    }

    /**
     * @param what how the callee is named in messages ({@code dense}, {@code optimizer adam})
     * @param spatialRank the length of int tuples (1 or 2; 0 when the signature has none)
     */
    Map<String, Value> bind(String what, List<ArgSpec> specs, List<Arg> args, Span callSpan, int spatialRank) {
        int errorsBefore = diags.errorCount();
        Map<String, Value> out = new LinkedHashMap<>();
        Map<String, Span> given = new LinkedHashMap<>();
        int pos = 0;
        boolean namedSeen = false;
        for (Arg a : args) {
            ArgSpec spec;
            if (!a.isNamed()) {
                if (namedSeen) {
                    diags.error("check.arg-order", a.span(), "positional argument after a named one in " + what,
                            "write positional arguments first, or name this one");
                    continue;
                }
                if (pos >= specs.size()) {
                    diags.error("check.too-many-args", a.span(), what + " takes " + countWord(specs.size())
                            + ", got more", specs.isEmpty() ? null : "its arguments are " + names(specs));
                    pos++;
                    continue;
                }
                spec = specs.get(pos++);
            } else {
                namedSeen = true;
                String n = a.name().name();
                spec = specs.stream().filter(s -> s.name().equals(n)).findFirst().orElse(null);
                if (spec == null) {
                    String hint = Suggestions.didYouMean(n, specs.stream().map(ArgSpec::name).toList());
                    if (hint == null && !specs.isEmpty()) hint = "its arguments are " + names(specs);
                    diags.error("check.unknown-arg", a.name().span(), what + " has no argument '" + n + "'", hint);
                    continue;
                }
            }
            if (given.containsKey(spec.name())) {
                diags.error("check.duplicate-arg", a.span(), "argument '" + spec.name() + "' of " + what + " is given twice");
                continue;
            }
            given.put(spec.name(), a.span());
            Value v = convert(what, spec, a.value(), spatialRank);
            if (v != null) out.put(spec.name(), v);
        }
        Map<String, Value> bound = new LinkedHashMap<>();
        for (ArgSpec s : specs) {
            Value v = out.get(s.name());
            if (v == null && !given.containsKey(s.name())) {
                if (s.required()) {
                    diags.error("check.missing-arg", callSpan, what + " needs the argument '" + s.name() + "'",
                            "e.g. " + example(what, s));
                    continue;
                }
                v = s.defaultValue();
            }
            if (v != null) bound.put(s.name(), v);
        }
        return diags.errorCount() > errorsBefore ? null : bound;
    }

    private static String example(String what, ArgSpec s) {
        String callee = what.contains(" ") ? what.substring(what.lastIndexOf(' ') + 1) : what;
        String sample = switch (s.kind()) {
            case INT, INT_TUPLE -> "16";
            case FLOAT -> "0.5";
            case SHAPE -> "[28, 28, 1]";
            case LAYER -> "lstm(32)";
            case ACTIVATION -> "relu";
            default -> "...";
        };
        return callee + "(" + s.name() + " = " + sample + ")";
    }

    private static String countWord(int n) {
        return n == 0 ? "no arguments" : n == 1 ? "1 argument" : n + " arguments";
    }

    static String names(List<ArgSpec> specs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < specs.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(specs.get(i).name());
        }
        return b.toString();
    }

    /** Converts one argument expression; reports and returns null when it does not fit the kind. */
    Value convert(String what, ArgSpec spec, Expr e, int spatialRank) {
        String arg = what.equals("train") ? spec.name() : "'" + spec.name() + "' of " + what;
        switch (spec.kind()) {
            case INT, OPTIONAL_INT -> {
                if (spec.kind() == ArgKind.OPTIONAL_INT && isNoneName(e)) return Value.NONE;
                Consts.Num n = Consts.eval(e);
                if (n == null || !n.integral()) return typeError(arg, "an int", e);
                return ranged(arg, spec, new Value.Int((long) n.value()), e.span());
            }
            case FLOAT -> {
                if (isNoneName(e) && spec.defaultValue() != null && spec.defaultValue().isNone()) return Value.NONE;
                Consts.Num n = Consts.eval(e);
                if (n == null) return typeError(arg, "a number", e);
                return ranged(arg, spec, new Value.Real(n.value()), e.span());
            }
            case LEARNING_RATE -> {
                Consts.Num n = Consts.eval(e);
                if (n != null) return ranged(arg, spec, new Value.Real(n.value()), e.span());
                return callOf(what, spec.name(), e, Training.SCHEDULES, "learning-rate schedule", false);
            }
            case BOOL -> {
                if (e instanceof Expr.Bool b) return new Value.Bool(b.value());
                return typeError(arg, "true or false", e);
            }
            case STRING -> {
                if (e instanceof Expr.Str s) return new Value.Str(s.value());
                return typeError(arg, "a string", e);
            }
            case ENUM -> {
                if (e instanceof Expr.Name n && spec.choices().contains(n.name())) return new Value.Sym(n.name());
                if (e instanceof Expr.Str s && spec.choices().contains(s.value())) {
                    diags.error("check.arg-type", e.span(), arg + " is an identifier, not a string",
                            "write " + s.value() + " without quotes");
                    return null;
                }
                String word = e instanceof Expr.Name n ? n.name() : e instanceof Expr.Str s ? s.value() : null;
                String hint = word == null ? null : Suggestions.didYouMean(word, spec.choices());
                if (hint == null) hint = "one of: " + String.join(", ", spec.choices());
                diags.error("check.unknown-value", e.span(),
                        (word == null ? arg + " must be one of its names" : "unknown " + spec.name() + " '" + word + "' for " + what), hint);
                return null;
            }
            case INT_TUPLE, OPTIONAL_INT_TUPLE -> {
                if (spec.kind() == ArgKind.OPTIONAL_INT_TUPLE && isNoneName(e)) return Value.NONE;
                Consts.Num n = Consts.eval(e);
                if (n != null) {
                    if (!n.integral()) return typeError(arg, "an int", e);
                    return ranged(arg, spec, new Value.Int((long) n.value()), e.span());
                }
                if (e instanceof Expr.ListLit l) {
                    if (spatialRank > 0 && l.items().size() != spatialRank) {
                        diags.error("check.arg-type", e.span(), arg + " needs " + spatialRank + " values, got " + l.items().size(),
                                "write one int for all axes or a list of " + spatialRank);
                        return null;
                    }
                    List<Value> items = new ArrayList<>();
                    for (Expr x : l.items()) {
                        Consts.Num xn = Consts.eval(x);
                        if (xn == null || !xn.integral()) return typeError(arg, "a list of ints", x);
                        Value v = ranged(arg, spec, new Value.Int((long) xn.value()), x.span());
                        if (v == null) return null;
                        items.add(v);
                    }
                    return new Value.ListV(items);
                }
                return typeError(arg, "an int or a list of ints", e);
            }
            case SHAPE -> {
                List<Expr> items = e instanceof Expr.ListLit l ? l.items() : null;
                if (e instanceof Expr.ShapeLit sl) {
                    items = new ArrayList<>();
                    for (var d : sl.shape().dims()) {
                        if (d instanceof nnc.syntax.ast.Dim.Size s) items.add(s.expr());
                        else return typeError(arg, "a list of sizes", e);
                    }
                }
                if (items == null) return typeError(arg, "a shape such as [28, 28, 1]", e);
                List<Value> vals = new ArrayList<>();
                for (Expr x : items) {
                    Consts.Num xn = Consts.eval(x);
                    if (xn == null || !xn.integral()) return typeError(arg, "a list of ints", x);
                    if (xn.value() == 0 || xn.value() < -1) {
                        diags.error("check.arg-range", x.span(), "dimension " + (long) xn.value() + " in " + arg
                                + " must be positive (or -1 once, to have it computed)");
                        return null;
                    }
                    vals.add(new Value.Int((long) xn.value()));
                }
                return new Value.ListV(vals);
            }
            case ACTIVATION -> {
                return activation(what, spec.name(), e);
            }
            case INITIALIZER -> {
                return callOf(what, spec.name(), e, Initializers.ALL, "initializer", true);
            }
            case REGULARIZER -> {
                if (isNoneName(e)) return Value.NONE;
                return callOf(what, spec.name(), e, Regularizers.ALL, "regularizer", false);
            }
            case LAYER -> {
                return layerValue(what, e);
            }
            case IDENT, DATA -> {
                if (e instanceof Expr.Name n) return new Value.Sym(n.name());
                return typeError(arg, "a name", e);
            }
        }
        return null;
    }

    static boolean isNoneName(Expr e) {
        return e instanceof Expr.Name n && (n.name().equals("none") || n.name().equals("None"));
    }

    private Value typeError(String arg, String expected, Expr e) {
        diags.error("check.arg-type", e.span(), arg + " must be " + expected + ", got " + describe(e),
                e instanceof Expr.Str s && !expected.contains("string") ? "write it without quotes: " + s.value() : null);
        return null;
    }

    static String describe(Expr e) {
        if (e instanceof Expr.Number n) return n.text();
        if (e instanceof Expr.Str s) return "the string \"" + s.value() + "\"";
        if (e instanceof Expr.Bool b) return Boolean.toString(b.value());
        if (e instanceof Expr.Name n) return "'" + n.name() + "'";
        if (e instanceof Expr.Call c) return "a call of " + c.callee().name();
        if (e instanceof Expr.ListLit) return "a list";
        Consts.Num n = Consts.eval(e);
        if (n != null) return Value.formatReal(n.value());
        return "an expression";
    }

    private Value ranged(String arg, ArgSpec spec, Value v, Span span) {
        if (spec.range() != null && !spec.range().contains(v.asDouble())) {
            diags.error("check.arg-range", span, arg + " must be " + spec.range().describe() + ", got " + v,
                    rangeHint(spec));
            return null;
        }
        return v;
    }

    private static String rangeHint(ArgSpec spec) {
        return switch (spec.name()) {
            case "rate", "dropout", "recurrent_dropout" -> "a rate is the fraction of units dropped, e.g. 0.2";
            case "units", "filters" -> "the number of " + spec.name() + " is a positive count";
            case "validation_split" -> "the fraction of samples held out, e.g. 0.2";
            default -> null;
        };
    }

    /** An activation: a built-in name or call, or a user/stdlib fn taking a tensor first. */
    Value activation(String what, String argName, Expr e) {
        String name;
        List<Arg> args;
        if (e instanceof Expr.Name n) {
            name = n.name();
            args = List.of();
        } else if (e instanceof Expr.Call c) {
            name = c.callee().name();
            args = c.args();
        } else if (e instanceof Expr.Str s) {
            diags.error("check.arg-type", e.span(), "an activation is an identifier, not a string",
                    "write " + s.value() + " without quotes");
            return null;
        } else {
            diags.error("check.arg-type", e.span(), "'" + argName + "' of " + what + " must be an activation such as relu, got " + describe(e));
            return null;
        }
        if (Activations.isBuiltin(name)) {
            if (args.isEmpty()) return new Value.Sym(name);
            Map<String, Value> bound = bind("activation " + name, Activations.ALL.get(name), args, e.span(), 0);
            return bound == null ? null : new Value.Call(name, bound);
        }
        Decl.Fn fn = env.fns.get(name);
        if (fn != null) {
            if (fn.params().isEmpty()) {
                diags.error("check.fn-arity", e.span(), "fn " + name + " takes no tensor, so it cannot be an activation",
                        "an activation fn takes the tensor as its first parameter, e.g. fn " + name + "(x) = ...");
                return null;
            }
            List<ArgSpec> extra = fnExtraParams(fn);
            if (args.isEmpty() && extra.stream().noneMatch(ArgSpec::required)) return new Value.Sym(name);
            Map<String, Value> bound = bind("fn " + name, extra, args, e.span(), 0);
            return bound == null ? null : new Value.Call(name, bound);
        }
        String hint = Suggestions.didYouMean(name, env.activationNames());
        diags.error("check.unknown-activation", e instanceof Expr.Call c ? c.callee().span() : e.span(),
                "unknown activation '" + name + "'", hint != null ? hint : "activations: " + String.join(", ", Activations.ALL.keySet()));
        return null;
    }

    /** The parameters of a fn after its tensor parameter, as argument specs (defaults must be constants). */
    static List<ArgSpec> fnExtraParams(Decl.Fn fn) {
        List<ArgSpec> out = new ArrayList<>();
        for (int i = 1; i < fn.params().size(); i++) {
            Param p = fn.params().get(i);
            Value def = null;
            if (p.defaultValue() != null) {
                Consts.Num n = Consts.eval(p.defaultValue());
                if (n != null) def = n.toValue();
                else if (p.defaultValue() instanceof Expr.Bool b) def = new Value.Bool(b.value());
                else if (p.defaultValue() instanceof Expr.Name nm) def = new Value.Sym(nm.name());
            }
            ArgKind kind = def instanceof Value.Int ? ArgKind.FLOAT : def instanceof Value.Bool ? ArgKind.BOOL
                    : def instanceof Value.Sym ? ArgKind.IDENT : ArgKind.FLOAT;
            out.add(new ArgSpec(p.name().name(), kind, def, null, null));
        }
        return out;
    }

    /** A name or call of a table (initializers, regularizers, optimizers …) with its arguments bound. */
    Value callOf(String what, String argName, Expr e, Map<String, List<ArgSpec>> table, String kindWord, boolean symWhenBare) {
        String name;
        List<Arg> args;
        if (e instanceof Expr.Name n) {
            name = n.name();
            args = List.of();
        } else if (e instanceof Expr.Call c) {
            name = c.callee().name();
            args = c.args();
        } else {
            diags.error("check.arg-type", e.span(), "'" + argName + "' of " + what + " must be a " + kindWord
                    + " name or call, got " + describe(e),
                    e instanceof Expr.Str s ? "write " + s.value() + " without quotes" : null);
            return null;
        }
        List<ArgSpec> specs = table.get(name);
        if (specs == null) {
            String hint = Suggestions.didYouMean(name, table.keySet());
            diags.error("check.unknown-" + kindWord.replace(' ', '-').replace("learning-rate-", ""),
                    e instanceof Expr.Call c ? c.callee().span() : e.span(),
                    "unknown " + kindWord + " '" + name + "'", hint != null ? hint : kindWord + "s: " + String.join(", ", table.keySet()));
            return null;
        }
        if (args.isEmpty() && symWhenBare) return new Value.Sym(name);
        Map<String, Value> bound = bind(kindWord + " " + name, specs, args, e.span(), 0);
        return bound == null ? null : new Value.Call(name, bound);
    }

    /** The wrapped layer of {@code bidirectional}: a recurrent layer call. */
    private Value layerValue(String what, Expr e) {
        String name = e instanceof Expr.Call c ? c.callee().name() : e instanceof Expr.Name n ? n.name() : null;
        List<Arg> args = e instanceof Expr.Call c ? c.args() : List.of();
        if (name == null || !Layers.RECURRENT.contains(name)) {
            String hint = name == null ? null : Suggestions.didYouMean(name, Layers.RECURRENT);
            diags.error("check.arg-type", e.span(), what + " wraps a recurrent layer (simple_rnn, lstm or gru), got "
                    + describe(e), hint != null ? hint : "e.g. " + what + "(lstm(32))");
            return null;
        }
        Map<String, Value> bound = bind(name, Layers.get(name).args(), args, e.span(), 0);
        return bound == null ? null : new Value.Layer(name, bound);
    }
}
