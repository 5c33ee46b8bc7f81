package nnc.check.catalogue;

import static nnc.check.catalogue.ArgSpec.f;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Weight regularizers (Keras 3 names and defaults); their penalties are added to the loss. */
public final class Regularizers {
    private Regularizers() {}

    public static final Map<String, List<ArgSpec>> ALL = build();

    private static Map<String, List<ArgSpec>> build() {
        Map<String, List<ArgSpec>> m = new LinkedHashMap<>();
        m.put("l1", List.of(ArgSpec.opt("l1", ArgKind.FLOAT, f(0.01), Range.NON_NEGATIVE)));
        m.put("l2", List.of(ArgSpec.opt("l2", ArgKind.FLOAT, f(0.01), Range.NON_NEGATIVE)));
        m.put("l1_l2", List.of(ArgSpec.opt("l1", ArgKind.FLOAT, f(0.0), Range.NON_NEGATIVE),
                ArgSpec.opt("l2", ArgKind.FLOAT, f(0.0), Range.NON_NEGATIVE)));
        return java.util.Collections.unmodifiableMap(m);
    }
}
