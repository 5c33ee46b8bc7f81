package nnc.check.catalogue;

import static nnc.check.catalogue.ArgSpec.f;
import static nnc.check.catalogue.ArgSpec.i;
import static nnc.check.catalogue.ArgSpec.b;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in activations (usable as an {@code activation} argument and as a layer). Each is declared in
 * {@code stdlib/activations.nn} too; {@code step} is the Heaviside function of the perceptron (zero
 * gradient). "Softmax-like" activations produce a probability distribution over the last axis, which the
 * categorical cross-entropy losses require.
 */
public final class Activations {
    private Activations() {}

    /** Name to extra arguments (beyond the input tensor), in Keras order with Keras 3 defaults. */
    public static final Map<String, List<ArgSpec>> ALL = build();

    private static Map<String, List<ArgSpec>> build() {
        Map<String, List<ArgSpec>> m = new LinkedHashMap<>();
        m.put("linear", List.of());
        m.put("relu", List.of());
        // keras.activations.leaky_relu(x, negative_slope=0.2); the language names the slope alpha.
        m.put("leaky_relu", List.of(ArgSpec.opt("alpha", ArgKind.FLOAT, f(0.2), Range.NON_NEGATIVE)));
        m.put("elu", List.of(ArgSpec.opt("alpha", ArgKind.FLOAT, f(1.0))));
        m.put("selu", List.of());
        m.put("gelu", List.of(ArgSpec.opt("approximate", ArgKind.BOOL, b(false))));
        m.put("sigmoid", List.of());
        m.put("hard_sigmoid", List.of());
        m.put("tanh", List.of());
        m.put("softplus", List.of());
        m.put("softsign", List.of());
        m.put("softmax", List.of(ArgSpec.opt("axis", ArgKind.INT, i(-1))));
        m.put("step", List.of());
        return java.util.Collections.unmodifiableMap(m);
    }

    public static boolean isBuiltin(String name) {
        return ALL.containsKey(name);
    }

    /** Outputs a distribution over the last axis (categorical cross-entropy needs one). */
    public static boolean isSoftmaxLike(String name) {
        return "softmax".equals(name);
    }

    /** Outputs values in [0, 1] elementwise (binary cross-entropy needs one). */
    public static boolean isSigmoidLike(String name) {
        return "sigmoid".equals(name) || "hard_sigmoid".equals(name) || "softmax".equals(name) || "step".equals(name);
    }
}
