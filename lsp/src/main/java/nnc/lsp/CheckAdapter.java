package nnc.lsp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nnc.check.CheckResult;
import nnc.check.Checker;
import nnc.check.LayerInstance;
import nnc.check.SpanIndex;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.ArgKind;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.DataCatalogue;
import nnc.check.catalogue.Initializers;
import nnc.check.catalogue.LayerSpec;
import nnc.check.catalogue.Layers;
import nnc.check.catalogue.Regularizers;
import nnc.check.catalogue.Training;
import nnc.syntax.Diagnostic;
import nnc.syntax.ParseResult;

/**
 * Runs the checker (nnc.check) and reads its catalogue: layer instances become {@link LayerInfo}
 * values and catalogue entries {@link Signature}s, so that the editor features do not depend on
 * the checker's internal records (only on its position index, {@link SpanIndex}).
 */
final class CheckAdapter {
    private CheckAdapter() {}

    /** The checker's diagnostics (syntax ones included), its layer instances and its position index. */
    record Result(List<Diagnostic> diagnostics, List<LayerInfo> layers, SpanIndex index) {}

    /** Checks a parse result as {@code nnc check} does (syntax errors come back unchecked). */
    static Result check(ParseResult parsed) {
        CheckResult r = Checker.check(parsed);
        List<LayerInfo> layers = new ArrayList<>();
        for (SpanIndex.LayerEntry e : r.index().layers()) {
            LayerInstance l = e.layer();
            if (l == null || l.outputShape() == null || e.span() == null) continue; // partial after an error
            layers.add(new LayerInfo(e.model(), l.name(), l.type(), e.span(), l.outputShape().keras(), l.paramCount()));
        }
        layers.sort(Comparator.comparingInt(l -> l.span().start()));
        return new Result(r.diagnostics(), layers, r.index());
    }

    /** The checker's built-in layers, activations, losses … as editor signatures; a name may come in several roles. */
    static List<Signature> builtinSignatures() {
        List<Signature> out = new ArrayList<>();
        for (LayerSpec spec : Layers.all().values()) {
            out.add(new Signature(spec.name(), Signature.Kind.LAYER, args(spec.args()), layerDoc(spec)));
        }
        add(out, Activations.ALL, Signature.Kind.ACTIVATION);
        // Activations the stdlib writes in the language (swish, mish …): any fn of activations.nn.
        for (StdlibDocs.Entry e : StdlibDocs.entries().values()) {
            if (!e.layer() && e.file().equals("activations.nn") && !Activations.ALL.containsKey(e.name())) {
                out.add(new Signature(e.name(), Signature.Kind.ACTIVATION, e.args(), e.doc()));
            }
        }
        add(out, Training.LOSSES, Signature.Kind.LOSS);
        add(out, Training.METRICS, Signature.Kind.METRIC);
        add(out, Training.OPTIMIZERS, Signature.Kind.OPTIMIZER);
        add(out, Training.SCHEDULES, Signature.Kind.SCHEDULE);
        add(out, Training.CALLBACKS, Signature.Kind.CALLBACK);
        add(out, Initializers.ALL, Signature.Kind.INITIALIZER);
        add(out, Regularizers.ALL, Signature.Kind.REGULARIZER);
        add(out, DataCatalogue.SOURCES, Signature.Kind.DATA_SOURCE);
        add(out, DataCatalogue.TRANSFORMS, Signature.Kind.TRANSFORM);
        return out;
    }

    /** The settings of a {@code train} block with their defaults. */
    static List<Signature.Arg> trainSettings() {
        return args(Training.SETTINGS);
    }

    private static void add(List<Signature> out, Map<String, List<ArgSpec>> table, Signature.Kind kind) {
        // A name may have several roles (relu: layer and activation; mse: loss and metric).
        for (var e : table.entrySet()) {
            out.add(new Signature(e.getKey(), kind, args(e.getValue()), StdlibDocs.doc(e.getKey())));
        }
    }

    private static String layerDoc(LayerSpec spec) {
        StringBuilder doc = new StringBuilder();
        if (spec.doc() != null && !spec.doc().isEmpty()) doc.append(spec.doc()).append("\n\n");
        // The stdlib's own comment: the layer's declaration, or the activation of the same name.
        String stdlib = StdlibDocs.doc(spec.name());
        if (!stdlib.isEmpty() && !stdlib.equals(spec.doc())) doc.append(stdlib).append("\n\n");
        doc.append("input `").append(spec.inputPattern()).append("` → output `").append(spec.outputPattern())
           .append("` · Keras `").append(spec.kerasClass()).append('`');
        return doc.toString();
    }

    private static List<Signature.Arg> args(List<ArgSpec> specs) {
        List<Signature.Arg> out = new ArrayList<>();
        for (ArgSpec a : specs) {
            String def = a.defaultValue() == null ? null : a.defaultValue().toString();
            out.add(new Signature.Arg(a.name(), valueKind(a.kind()), def, a.choices()));
        }
        return out;
    }

    private static Signature.ValueKind valueKind(ArgKind kind) {
        return switch (kind) {
            case ACTIVATION -> Signature.ValueKind.ACTIVATION;
            case ENUM -> Signature.ValueKind.ENUM;
            case BOOL -> Signature.ValueKind.BOOL;
            case INITIALIZER -> Signature.ValueKind.INITIALIZER;
            case REGULARIZER -> Signature.ValueKind.REGULARIZER;
            case LAYER -> Signature.ValueKind.LAYER;
            default -> Signature.ValueKind.OTHER;
        };
    }
}
