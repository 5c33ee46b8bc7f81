package nnc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.LayerSpec;
import nnc.check.catalogue.Layers;
import nnc.syntax.ParseResult;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Param;
import nnc.syntax.ast.TypeRef;
import org.junit.jupiter.api.Test;

/** stdlib/*.nn declares the same layers and activations, with the same arguments and defaults, as the Java catalogue. */
class StdlibAgreementTest {

    private final Map<String, Decl.Layer> layers = new HashMap<>();
    private final Map<String, Decl.Fn> fns = new HashMap<>();

    StdlibAgreementTest() {
        for (ParseResult pr : Stdlib.files()) {
            assertTrue(pr.ok(), () -> "stdlib does not parse: " + pr.diagnostics());
            for (Decl d : pr.ast().decls()) {
                if (d instanceof Decl.Layer l) layers.put(l.name().name(), l);
                if (d instanceof Decl.Fn f) fns.put(f.name().name(), f);
            }
        }
    }

    @Test
    void everyStdlibFileIsPresentAndParses() {
        assertEquals(Stdlib.FILES.size(), Stdlib.files().size());
    }

    @Test
    void everyCatalogueLayerIsDeclaredWithTheSameSignature() {
        for (LayerSpec spec : Layers.all().values()) {
            if (Activations.isBuiltin(spec.name())) continue;
            Decl.Layer decl = layers.get(spec.name());
            assertNotNull(decl, "stdlib/layers.nn lacks " + spec.name());
            assertTrue(decl.body() == null, spec.name() + " should be intrinsic");
            List<Param> args = new ArrayList<>();
            for (Param p : decl.params()) if (!(p.type() instanceof TypeRef.Shape)) args.add(p);
            assertEquals(spec.args().stream().map(ArgSpec::name).toList(), args.stream().map(p -> p.name().name()).toList(),
                    "argument names of " + spec.name());
            for (int i = 0; i < args.size(); i++) {
                ArgSpec a = spec.args().get(i);
                Param p = args.get(i);
                assertEquals(typeName(a), ((TypeRef.Named) p.type()).name(), "type of " + spec.name() + "." + a.name());
                assertDefault(spec.name() + "." + a.name(), a.defaultValue(), p.defaultValue());
            }
        }
        for (String name : layers.keySet()) assertNotNull(Layers.get(name), "stdlib declares unknown layer " + name);
    }

    @Test
    void everyActivationIsDeclared() {
        for (Map.Entry<String, List<ArgSpec>> e : Activations.ALL.entrySet()) {
            Decl.Fn fn = fns.get(e.getKey());
            assertNotNull(fn, "stdlib/activations.nn lacks " + e.getKey());
            List<Param> extra = fn.params().subList(1, fn.params().size());
            assertEquals(e.getValue().stream().map(ArgSpec::name).toList(), extra.stream().map(p -> p.name().name()).toList());
            for (int i = 0; i < extra.size(); i++) {
                assertDefault(e.getKey() + "." + extra.get(i).name().name(), e.getValue().get(i).defaultValue(), extra.get(i).defaultValue());
            }
        }
    }

    private static void assertDefault(String what, Value want, Expr got) {
        if (want == null) {
            assertEquals(null, got, what + " is required");
            return;
        }
        assertNotNull(got, what + " needs the default " + want);
        switch (want) {
            case Value.Int i -> assertEquals((double) i.value(), num(got), what);
            case Value.Real r -> assertEquals(r.value(), num(got), 1e-12, what);
            case Value.Bool b -> assertEquals(b.value(), ((Expr.Bool) got).value(), what);
            case Value.Sym s -> assertEquals(s.name(), ((Expr.Name) got).name(), what);
            case Value.None n -> assertEquals("none", ((Expr.Name) got).name(), what);
            case Value.Call c -> assertEquals(c.name(), ((Expr.Call) got).callee().name(), what);
            default -> throw new AssertionError(what + ": unexpected default kind " + want);
        }
    }

    private static double num(Expr e) {
        if (e instanceof Expr.Number n) return n.value();
        if (e instanceof Expr.Neg n) return -num(n.operand());
        throw new AssertionError("not a number: " + e);
    }

    static String typeName(ArgSpec a) {
        return switch (a.kind()) {
            case INT, OPTIONAL_INT -> "int";
            case FLOAT, LEARNING_RATE -> "float";
            case BOOL -> "bool";
            case STRING -> "string";
            case ENUM -> "enum";
            case INT_TUPLE, OPTIONAL_INT_TUPLE -> "ints";
            case SHAPE -> "shape";
            case ACTIVATION -> "activation";
            case INITIALIZER -> "initializer";
            case REGULARIZER -> "regularizer";
            case LAYER -> "layer";
            case IDENT -> "ident";
            case DATA -> "data";
        };
    }
}
