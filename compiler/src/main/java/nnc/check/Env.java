package nnc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.Layers;
import nnc.syntax.ast.Decl;

/** The global names visible to a program: its declarations, those of its imports, and the stdlib. */
final class Env {
    final Map<String, Decl.Model> models = new LinkedHashMap<>();
    final Map<String, Decl.Fn> fns = new LinkedHashMap<>();
    final Map<String, Decl.Layer> layers = new LinkedHashMap<>();
    final Map<String, Decl.Data> data = new LinkedHashMap<>();
    final Set<String> stdlibFns = new HashSet<>();

    boolean isFn(String name) {
        return fns.containsKey(name);
    }

    boolean isActivation(String name) {
        return Activations.isBuiltin(name) || fns.containsKey(name);
    }

    /** Everything that can be applied as a layer, for "did you mean" hints. */
    List<String> layerLikeNames() {
        List<String> l = new ArrayList<>(Layers.all().keySet());
        l.addAll(models.keySet());
        l.addAll(layers.keySet());
        l.addAll(fns.keySet());
        return l;
    }

    List<String> activationNames() {
        List<String> l = new ArrayList<>(Activations.ALL.keySet());
        l.addAll(fns.keySet());
        return l;
    }
}
