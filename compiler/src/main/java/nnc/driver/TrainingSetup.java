package nnc.driver;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.check.TrainSpec;
import nnc.check.Value;
import nnc.runtime.data.Dataset;
import nnc.runtime.train.Callback;
import nnc.runtime.train.EarlyStopping;
import nnc.runtime.train.LearningRateSchedule;
import nnc.runtime.train.Optimizer;
import nnc.runtime.train.Optimizers;
import nnc.runtime.train.ReduceLROnPlateau;
import nnc.runtime.train.TrainConfig;

/**
 * Builds the runtime objects a checked {@code train} block describes: the optimizer (Keras 3
 * arguments, a learning-rate schedule where one is given), the callbacks and the
 * {@link TrainConfig}, with the command line's overrides applied.
 */
public final class TrainingSetup {
    private TrainingSetup() {}

    /** Command-line overrides of train settings; null fields keep the program's values. */
    public record Overrides(Integer epochs, Integer batchSize, Long seed) {
        public static final Overrides NONE = new Overrides(null, null, null);
    }

    public static Optimizer optimizer(Value.Call opt) {
        Map<String, Value> a = opt.args();
        LearningRateSchedule lr = schedule(a.get("learning_rate"), defaultRate(opt.name()));
        return switch (opt.name()) {
            case "sgd" -> Optimizers.sgd(lr, num(a, "momentum", 0), bool(a, "nesterov"));
            case "rmsprop" -> {
                if (num(a, "momentum", 0) != 0 || bool(a, "centered")) {
                    throw new UserError("rmsprop with momentum or centered = true is not supported yet",
                            "leave momentum at 0 and centered at false, or use adam");
                }
                yield Optimizers.rmsprop(lr, num(a, "rho", 0.9), num(a, "epsilon", 1e-7));
            }
            case "adam" -> Optimizers.adam(lr, num(a, "beta_1", 0.9), num(a, "beta_2", 0.999), num(a, "epsilon", 1e-7),
                    bool(a, "amsgrad"));
            case "adagrad" -> Optimizers.adagrad(lr, num(a, "initial_accumulator_value", 0.1), num(a, "epsilon", 1e-7));
            case "adadelta" -> Optimizers.adadelta(lr, num(a, "rho", 0.95), num(a, "epsilon", 1e-7));
            case "adamax" -> Optimizers.adamax(lr, num(a, "beta_1", 0.9), num(a, "beta_2", 0.999), num(a, "epsilon", 1e-7));
            case "nadam" -> Optimizers.nadam(lr, num(a, "beta_1", 0.9), num(a, "beta_2", 0.999), num(a, "epsilon", 1e-7));
            default -> throw new UserError("unknown optimizer '" + opt.name() + "'");
        };
    }

    private static double defaultRate(String optimizer) {
        return "sgd".equals(optimizer) ? 0.01 : 0.001;
    }

    private static LearningRateSchedule schedule(Value v, double dflt) {
        if (v == null || v.isNone()) return LearningRateSchedule.constant(dflt);
        if (v instanceof Value.Call c && c.name().equals("exponential_decay")) {
            Map<String, Value> a = c.args();
            return LearningRateSchedule.exponentialDecay(num(a, "initial_learning_rate", dflt),
                    (long) num(a, "decay_steps", 1), num(a, "decay_rate", 1), bool(a, "staircase"));
        }
        if (v instanceof Value.Call c) throw new UserError("unknown learning-rate schedule '" + c.name() + "'");
        return LearningRateSchedule.constant(v.asDouble());
    }

    public static List<Callback> callbacks(List<Value.Call> calls) {
        List<Callback> out = new ArrayList<>();
        for (Value.Call c : calls) {
            Map<String, Value> a = c.args();
            switch (c.name()) {
                case "early_stopping" -> out.add(new EarlyStopping(sym(a, "monitor", "val_loss"), num(a, "min_delta", 0),
                        (int) num(a, "patience", 0), sym(a, "mode", "auto"), bool(a, "restore_best_weights")));
                case "reduce_on_plateau" -> out.add(new ReduceLROnPlateau(sym(a, "monitor", "val_loss"), num(a, "factor", 0.1),
                        (int) num(a, "patience", 10), sym(a, "mode", "auto"), num(a, "min_delta", 1e-4),
                        (int) num(a, "cooldown", 0), num(a, "min_lr", 0)));
                default -> throw new UserError("unknown callback '" + c.name() + "'");
            }
        }
        return out;
    }

    /** The training loop's settings; {@code validation} is the validation_data set (null when none). */
    public static TrainConfig config(TrainSpec spec, Overrides o, Dataset validation, PrintStream out, int verbose) {
        int epochs = o.epochs() != null ? o.epochs() : spec.epochs();
        int batch = o.batchSize() != null ? o.batchSize() : spec.batchSize();
        long seed = o.seed() != null ? o.seed() : spec.seed() != null ? spec.seed() : 0L;
        return new TrainConfig(epochs, batch, spec.shuffle(), seed, validation != null ? 0.0 : spec.validationSplit(),
                validation, callbacks(spec.callbacks()), spec.metrics(), verbose, out);
    }

    static double num(Map<String, Value> a, String k, double dflt) {
        Value v = a.get(k);
        return v == null || v.isNone() ? dflt : v.asDouble();
    }

    static boolean bool(Map<String, Value> a, String k) {
        return a.get(k) instanceof Value.Bool b && b.value();
    }

    static String sym(Map<String, Value> a, String k, String dflt) {
        Value v = a.get(k);
        if (v instanceof Value.Sym s) return s.name();
        if (v instanceof Value.Str s) return s.value();
        return dflt;
    }
}
