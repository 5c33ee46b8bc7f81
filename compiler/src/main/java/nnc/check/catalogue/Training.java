package nnc.check.catalogue;

import static nnc.check.catalogue.ArgKind.*;
import static nnc.check.catalogue.ArgSpec.NONE;
import static nnc.check.catalogue.ArgSpec.b;
import static nnc.check.catalogue.ArgSpec.f;
import static nnc.check.catalogue.ArgSpec.i;
import static nnc.check.catalogue.ArgSpec.opt;
import static nnc.check.catalogue.ArgSpec.req;
import static nnc.check.catalogue.ArgSpec.s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names and arguments of what a {@code train} block may use: losses, metrics, optimizers (Keras 3 defaults),
 * learning-rate schedules, callbacks, and the settings themselves.
 */
public final class Training {
    private Training() {}

    /** Loss name to its arguments; aliases map to the canonical name through {@link #canonicalLoss}. */
    public static final Map<String, List<ArgSpec>> LOSSES = new LinkedHashMap<>();
    public static final Map<String, String> LOSS_ALIASES = Map.of(
            "mean_squared_error", "mse", "mean_absolute_error", "mae", "kld", "kl_divergence",
            "kullback_leibler_divergence", "kl_divergence", "huber_loss", "huber");

    public static final Map<String, List<ArgSpec>> METRICS = new LinkedHashMap<>();
    public static final Map<String, String> METRIC_ALIASES = Map.of(
            "mean_squared_error", "mse", "mean_absolute_error", "mae", "acc", "accuracy");

    public static final Map<String, List<ArgSpec>> OPTIMIZERS = new LinkedHashMap<>();
    public static final Map<String, List<ArgSpec>> SCHEDULES = new LinkedHashMap<>();
    public static final Map<String, List<ArgSpec>> CALLBACKS = new LinkedHashMap<>();

    /** Train block settings (Keras compile + fit) with their defaults; {@code loss} is required. */
    public static final List<ArgSpec> SETTINGS = List.of(
            req("loss", IDENT),
            opt("optimizer", IDENT, s("rmsprop")),
            opt("metrics", IDENT, new nnc.check.Value.ListV(List.of())),
            opt("epochs", INT, i(1), Range.POSITIVE),
            opt("batch_size", INT, i(32), Range.POSITIVE),
            opt("validation_split", FLOAT, f(0.0), Range.RATE),
            opt("validation_data", DATA, NONE),
            opt("shuffle", BOOL, b(true)),
            opt("seed", OPTIONAL_INT, NONE),
            opt("callbacks", IDENT, new nnc.check.Value.ListV(List.of())),
            opt("verbose", INT, i(1), Range.NON_NEGATIVE));

    public static final Set<String> MONITOR_MODES = Set.of("auto", "min", "max");

    static {
        LOSSES.put("mse", List.of());
        LOSSES.put("mae", List.of());
        LOSSES.put("binary_crossentropy", List.of());
        LOSSES.put("categorical_crossentropy", List.of());
        LOSSES.put("sparse_categorical_crossentropy", List.of());
        LOSSES.put("kl_divergence", List.of());
        LOSSES.put("huber", List.of(opt("delta", FLOAT, f(1.0), Range.POSITIVE)));

        for (String m : List.of("accuracy", "mse", "mae", "rmse", "precision", "recall", "auc", "confusion_matrix")) {
            METRICS.put(m, List.of());
        }

        OPTIMIZERS.put("sgd", List.of(opt("learning_rate", LEARNING_RATE, f(0.01), Range.POSITIVE),
                opt("momentum", FLOAT, f(0.0), Range.UNIT), opt("nesterov", BOOL, b(false))));
        OPTIMIZERS.put("rmsprop", List.of(opt("learning_rate", LEARNING_RATE, f(0.001), Range.POSITIVE),
                opt("rho", FLOAT, f(0.9), Range.UNIT), opt("momentum", FLOAT, f(0.0), Range.UNIT),
                opt("epsilon", FLOAT, f(1e-7), Range.POSITIVE), opt("centered", BOOL, b(false))));
        OPTIMIZERS.put("adam", List.of(opt("learning_rate", LEARNING_RATE, f(0.001), Range.POSITIVE),
                opt("beta_1", FLOAT, f(0.9), Range.RATE), opt("beta_2", FLOAT, f(0.999), Range.RATE),
                opt("epsilon", FLOAT, f(1e-7), Range.POSITIVE), opt("amsgrad", BOOL, b(false))));
        OPTIMIZERS.put("adagrad", List.of(opt("learning_rate", LEARNING_RATE, f(0.001), Range.POSITIVE),
                opt("initial_accumulator_value", FLOAT, f(0.1), Range.NON_NEGATIVE),
                opt("epsilon", FLOAT, f(1e-7), Range.POSITIVE)));
        OPTIMIZERS.put("adadelta", List.of(opt("learning_rate", LEARNING_RATE, f(0.001), Range.POSITIVE),
                opt("rho", FLOAT, f(0.95), Range.UNIT), opt("epsilon", FLOAT, f(1e-7), Range.POSITIVE)));
        OPTIMIZERS.put("adamax", List.of(opt("learning_rate", LEARNING_RATE, f(0.001), Range.POSITIVE),
                opt("beta_1", FLOAT, f(0.9), Range.RATE), opt("beta_2", FLOAT, f(0.999), Range.RATE),
                opt("epsilon", FLOAT, f(1e-7), Range.POSITIVE)));
        OPTIMIZERS.put("nadam", List.of(opt("learning_rate", LEARNING_RATE, f(0.001), Range.POSITIVE),
                opt("beta_1", FLOAT, f(0.9), Range.RATE), opt("beta_2", FLOAT, f(0.999), Range.RATE),
                opt("epsilon", FLOAT, f(1e-7), Range.POSITIVE)));

        SCHEDULES.put("exponential_decay", List.of(req("initial_learning_rate", FLOAT, Range.POSITIVE),
                req("decay_steps", INT, Range.POSITIVE), req("decay_rate", FLOAT, Range.POSITIVE),
                opt("staircase", BOOL, b(false))));

        CALLBACKS.put("early_stopping", List.of(opt("monitor", IDENT, s("val_loss")),
                opt("min_delta", FLOAT, f(0.0), Range.NON_NEGATIVE), opt("patience", INT, i(0), Range.NON_NEGATIVE),
                opt("verbose", INT, i(0), Range.NON_NEGATIVE), ArgSpec.choice("mode", "auto", "auto", "min", "max"),
                opt("baseline", FLOAT, NONE), opt("restore_best_weights", BOOL, b(false)),
                opt("start_from_epoch", INT, i(0), Range.NON_NEGATIVE)));
        CALLBACKS.put("reduce_on_plateau", List.of(opt("monitor", IDENT, s("val_loss")),
                opt("factor", FLOAT, f(0.1), Range.OPEN_UNIT), opt("patience", INT, i(10), Range.NON_NEGATIVE),
                opt("verbose", INT, i(0), Range.NON_NEGATIVE), ArgSpec.choice("mode", "auto", "auto", "min", "max"),
                opt("min_delta", FLOAT, f(1e-4), Range.NON_NEGATIVE), opt("cooldown", INT, i(0), Range.NON_NEGATIVE),
                opt("min_lr", FLOAT, f(0.0), Range.NON_NEGATIVE)));
    }

    public static String canonicalLoss(String name) {
        return LOSS_ALIASES.getOrDefault(name, name);
    }

    public static String canonicalMetric(String name) {
        return METRIC_ALIASES.getOrDefault(name, name);
    }

    /** Every identifier accepted as a loss (canonical names and aliases), for "did you mean" hints. */
    public static List<String> lossNames() {
        List<String> l = new java.util.ArrayList<>(LOSSES.keySet());
        l.addAll(LOSS_ALIASES.keySet());
        return l;
    }

    public static List<String> metricNames() {
        List<String> l = new java.util.ArrayList<>(METRICS.keySet());
        l.addAll(METRIC_ALIASES.keySet());
        return l;
    }
}
