package nnc.driver;

import java.util.Map;
import nnc.check.Value;
import nnc.runtime.Initializer;
import nnc.runtime.train.Initializers;

/**
 * Turns a checked initializer argument ({@code glorot_uniform}, {@code random_normal(stddev = 0.01)},
 * {@code constant(0.1)}) into the runtime's {@link Initializer}, with Keras 3 defaults for arguments
 * left out.
 */
public final class InitializerSpecs {
    private InitializerSpecs() {}

    public static Initializer of(Value v) {
        if (v == null || v.isNone()) return Initializers.zeros();
        if (v instanceof Value.Sym s) return byName(s.name(), Map.of());
        if (v instanceof Value.Str s) return byName(s.value(), Map.of());
        if (v instanceof Value.Call c) return byName(c.name(), c.args());
        throw new UserError("unsupported initializer " + v);
    }

    private static double num(Map<String, Value> args, String name, double dflt) {
        Value v = args.get(name);
        return v == null || v.isNone() ? dflt : v.asDouble();
    }

    private static Initializer byName(String name, Map<String, Value> a) {
        return switch (name) {
            // Keras' "uniform" and "normal" aliases and the argument-taking forms
            case "uniform", "random_uniform" -> Initializers.randomUniform(num(a, "minval", -0.05), num(a, "maxval", 0.05));
            case "normal", "random_normal" -> Initializers.randomNormal(num(a, "mean", 0), num(a, "stddev", 0.05));
            case "truncated_normal" -> Initializers.truncatedNormal(num(a, "mean", 0), num(a, "stddev", 0.05));
            // Keras LSTM unit_forget_bias: gates i, f, c, o; the forget gate's quarter starts at 1
            case "unit_forget_bias" -> (w, shape, rng) -> {
                int u = w.length / 4;
                for (int k = 0; k < w.length; k++) w[k] = k >= u && k < 2 * u ? 1f : 0f;
            };
            case "constant" -> Initializers.constant((float) num(a, "value", 0));
            case "orthogonal" -> Initializers.orthogonal(num(a, "gain", 1));
            case "variance_scaling" -> Initializers.varianceScaling(num(a, "scale", 1),
                    a.get("mode") instanceof Value.Sym m ? m.name() : a.get("mode") instanceof Value.Str m ? m.value() : "fan_in",
                    a.get("distribution") instanceof Value.Sym d && d.name().contains("uniform")
                            || a.get("distribution") instanceof Value.Str ds && ds.value().contains("uniform"));
            default -> {
                try {
                    yield Initializers.byName(name);
                } catch (IllegalArgumentException e) {
                    throw new UserError("unknown initializer '" + name + "'");
                }
            }
        };
    }
}
