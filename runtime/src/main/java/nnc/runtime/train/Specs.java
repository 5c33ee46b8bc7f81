package nnc.runtime.train;

import java.util.List;
import java.util.Map;

/**
 * Builds optimizers, learning-rate schedules, callbacks and regularizers from their {@code .nn}
 * spelling: a Keras name and named arguments ({@code adam(learning_rate = 0.01, amsgrad = true)}),
 * filling in Keras 3 defaults for arguments left out. Argument values are {@link Number},
 * {@link Boolean}, {@link String} (identifiers such as {@code val_loss} or {@code max}) or, for
 * {@code learning_rate}, a {@link LearningRateSchedule}. An unknown name or argument is an
 * {@link IllegalArgumentException} that lists what is accepted.
 */
public final class Specs {
    private Specs() {}

    /** Argument names of each optimizer, in Keras order. */
    static final Map<String, List<String>> OPTIMIZER_ARGS = Map.of(
            "sgd", List.of("learning_rate", "momentum", "nesterov"),
            "rmsprop", List.of("learning_rate", "rho", "momentum", "epsilon", "centered"),
            "adam", List.of("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"),
            "adagrad", List.of("learning_rate", "initial_accumulator_value", "epsilon"),
            "adadelta", List.of("learning_rate", "rho", "epsilon"),
            "adamax", List.of("learning_rate", "beta_1", "beta_2", "epsilon"),
            "nadam", List.of("learning_rate", "beta_1", "beta_2", "epsilon"));

    /** {@code sgd(...)}, {@code adam(...)}, … with Keras defaults. */
    public static Optimizer optimizer(String name, Map<String, Object> args) {
        List<String> known = OPTIMIZER_ARGS.get(name);
        if (known == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: sgd, rmsprop, adam, adagrad, adadelta, adamax, nadam");
        }
        check("optimizer " + name, args, known);
        double defaultLr = name.equals("sgd") ? 0.01 : 0.001;
        LearningRateSchedule lr = args.get("learning_rate") instanceof LearningRateSchedule s ? s
                : LearningRateSchedule.constant(num(args, "learning_rate", defaultLr));
        double eps = num(args, "epsilon", 1e-7);
        return switch (name) {
            case "sgd" -> Optimizers.sgd(lr, num(args, "momentum", 0), bool(args, "nesterov", false));
            case "rmsprop" -> Optimizers.rmsprop(lr, num(args, "rho", 0.9), num(args, "momentum", 0), eps, bool(args, "centered", false));
            case "adam" -> Optimizers.adam(lr, num(args, "beta_1", 0.9), num(args, "beta_2", 0.999), eps, bool(args, "amsgrad", false));
            case "adagrad" -> Optimizers.adagrad(lr, num(args, "initial_accumulator_value", 0.1), eps);
            case "adadelta" -> Optimizers.adadelta(lr, num(args, "rho", 0.95), eps);
            case "adamax" -> Optimizers.adamax(lr, num(args, "beta_1", 0.9), num(args, "beta_2", 0.999), eps);
            default -> Optimizers.nadam(lr, num(args, "beta_1", 0.9), num(args, "beta_2", 0.999), eps);
        };
    }

    /**
     * {@code exponential_decay(initial_learning_rate, decay_steps, decay_rate, staircase = false)}; the
     * first three are required, as in Keras.
     */
    public static LearningRateSchedule schedule(String name, Map<String, Object> args) {
        if (!name.equals("exponential_decay")) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'; known: exponential_decay"
                    + " (reduce_on_plateau is a callback)");
        }
        check("exponential_decay", args, List.of("initial_learning_rate", "decay_steps", "decay_rate", "staircase"));
        for (String req : List.of("initial_learning_rate", "decay_steps", "decay_rate")) {
            if (!args.containsKey(req)) throw new IllegalArgumentException("exponential_decay needs " + req);
        }
        return LearningRateSchedule.exponentialDecay(num(args, "initial_learning_rate", 0), (long) num(args, "decay_steps", 1),
                num(args, "decay_rate", 1), bool(args, "staircase", false));
    }

    /** {@code early_stopping(...)} or {@code reduce_on_plateau(...)} with Keras defaults. */
    public static Callback callback(String name, Map<String, Object> args) {
        return switch (name) {
            case "early_stopping" -> {
                check(name, args, List.of("monitor", "min_delta", "patience", "verbose", "mode", "baseline", "restore_best_weights",
                        "start_from_epoch"));
                yield new EarlyStopping(str(args, "monitor", "val_loss"), num(args, "min_delta", 0), (int) num(args, "patience", 0),
                        str(args, "mode", "auto"), bool(args, "restore_best_weights", false),
                        args.get("baseline") instanceof Number b ? b.doubleValue() : null, (int) num(args, "start_from_epoch", 0),
                        (int) num(args, "verbose", 0));
            }
            case "reduce_on_plateau", "reduce_lr_on_plateau" -> {
                check(name, args, List.of("monitor", "factor", "patience", "verbose", "mode", "min_delta", "cooldown", "min_lr"));
                yield new ReduceLROnPlateau(str(args, "monitor", "val_loss"), num(args, "factor", 0.1), (int) num(args, "patience", 10),
                        str(args, "mode", "auto"), num(args, "min_delta", 1e-4), (int) num(args, "cooldown", 0), num(args, "min_lr", 0),
                        (int) num(args, "verbose", 0));
            }
            default -> throw new IllegalArgumentException("unknown callback '" + name + "'; known: early_stopping, reduce_on_plateau");
        };
    }

    /** A loss by name or alias; {@code huber} takes {@code delta} (default 1). */
    public static Loss loss(String name, Map<String, Object> args) {
        if (name.equals("huber") || name.equals("huber_loss")) {
            check(name, args, List.of("delta"));
            return Losses.huber(num(args, "delta", 1.0));
        }
        check(name, args, List.of());
        return Losses.byName(name);
    }

    /** {@code l1(a)}, {@code l2(a)} (Keras defaults 0.01), {@code l1_l2(l1 = a, l2 = b)} (Keras 3 defaults 0, 0). */
    public static nnc.runtime.Regularizer regularizer(String name, Map<String, Object> args) {
        return switch (name) {
            case "l1" -> {
                check(name, args, List.of("l1"));
                yield nnc.runtime.Regularizer.l1((float) num(args, "l1", 0.01));
            }
            case "l2" -> {
                check(name, args, List.of("l2"));
                yield nnc.runtime.Regularizer.l2((float) num(args, "l2", 0.01));
            }
            case "l1_l2" -> {
                check(name, args, List.of("l1", "l2"));
                yield nnc.runtime.Regularizer.l1l2((float) num(args, "l1", 0), (float) num(args, "l2", 0));
            }
            case "none" -> nnc.runtime.Regularizer.NONE;
            default -> throw new IllegalArgumentException("unknown regularizer '" + name + "'; known: l1, l2, l1_l2");
        };
    }

    private static void check(String what, Map<String, Object> args, List<String> known) {
        for (String k : args.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(what + " has no argument '" + k + "'; its arguments are " + String.join(", ", known));
            }
        }
    }

    private static double num(Map<String, Object> args, String key, double dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(key + " must be a number, got " + v);
    }

    private static boolean bool(Map<String, Object> args, String key, boolean dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(key + " must be true or false, got " + v);
    }

    private static String str(Map<String, Object> args, String key, String dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(key + " must be a name, got " + v);
    }
}
