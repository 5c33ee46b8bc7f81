package nnc.check.catalogue;

import static nnc.check.catalogue.ArgSpec.f;
import static nnc.check.catalogue.ArgSpec.NONE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras 3 initializers with their arguments and defaults; {@code uniform}/{@code normal} are Keras' aliases. */
public final class Initializers {
    private Initializers() {}

    public static final Map<String, List<ArgSpec>> ALL = build();

    private static Map<String, List<ArgSpec>> build() {
        Map<String, List<ArgSpec>> m = new LinkedHashMap<>();
        m.put("zeros", List.of());
        m.put("ones", List.of());
        m.put("constant", List.of(ArgSpec.opt("value", ArgKind.FLOAT, f(0.0))));
        List<ArgSpec> normal = List.of(ArgSpec.opt("mean", ArgKind.FLOAT, f(0.0)),
                ArgSpec.opt("stddev", ArgKind.FLOAT, f(0.05), Range.POSITIVE), ArgSpec.opt("seed", ArgKind.OPTIONAL_INT, NONE));
        List<ArgSpec> uniform = List.of(ArgSpec.opt("minval", ArgKind.FLOAT, f(-0.05)),
                ArgSpec.opt("maxval", ArgKind.FLOAT, f(0.05)), ArgSpec.opt("seed", ArgKind.OPTIONAL_INT, NONE));
        m.put("random_normal", normal);
        m.put("normal", normal);
        m.put("truncated_normal", normal);
        m.put("random_uniform", uniform);
        m.put("uniform", uniform);
        List<ArgSpec> seedOnly = List.of(ArgSpec.opt("seed", ArgKind.OPTIONAL_INT, NONE));
        for (String n : List.of("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal")) {
            m.put(n, seedOnly);
        }
        m.put("orthogonal", List.of(ArgSpec.opt("gain", ArgKind.FLOAT, f(1.0)), ArgSpec.opt("seed", ArgKind.OPTIONAL_INT, NONE)));
        m.put("identity", List.of(ArgSpec.opt("gain", ArgKind.FLOAT, f(1.0))));
        return java.util.Collections.unmodifiableMap(m);
    }
}
