package nnc.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.LayerSpec;
import nnc.check.catalogue.Layers;

/**
 * {@code nnc emit FILE --stage shapes}: the checked program as text — every model with its inputs and
 * layer instances (arguments that differ from the defaults, input and output shapes, parameters), then the
 * data sets with the shape after each transform, then the resolved train settings.
 */
public final class ShapesEmitter {
    private ShapesEmitter() {}

    public static String emit(CheckedProgram p) {
        StringBuilder b = new StringBuilder();
        for (CheckedModel m : p.models()) {
            b.append("model ").append(m.name()).append(m.sequential() ? "  (sequential)" : "  (functional)").append('\n');
            for (ModelInput in : m.inputs()) b.append("  input ").append(in.name()).append(": ").append(in.shape().display()).append('\n');
            for (LayerInstance l : m.layers()) {
                b.append("  ").append(l.name()).append(" = ").append(call(l)).append("  : ")
                        .append(String.join(", ", l.inputShapes().stream().map(Shape::display).toList()))
                        .append(" -> ").append(l.outputShape().display());
                if (!l.params().isEmpty()) {
                    b.append("  params ");
                    List<String> ps = new ArrayList<>();
                    for (ParamInfo q : l.params()) ps.add(q.name() + q.shape() + (q.trainable() ? "" : " (non-trainable)"));
                    b.append(String.join(", ", ps)).append(" = ").append(Summary.count(l.paramCount()));
                }
                b.append('\n');
            }
            for (ModelOutput o : m.outputs()) b.append("  output ").append(o.source()).append(": ").append(o.shape().display()).append('\n');
            b.append("  total params ").append(Summary.count(m.totalParams())).append(" (trainable ")
                    .append(Summary.count(m.trainableParams())).append(")\n\n");
        }
        for (CheckedData d : p.data()) {
            b.append("data ").append(d.name()).append(" = ").append(d.source()).append(d.sourceArgs().values()).append('\n');
            for (DataBinding db : d.bindings()) {
                b.append("  ").append(db.name()).append(": ").append(db.shape().display()).append("  <- ");
                List<String> steps = new ArrayList<>();
                for (TransformStep s : db.steps()) steps.add(s.name() + (s.args().isEmpty() ? "" : s.args().values().toString()) + " " + s.output().display());
                b.append(String.join(" |> ", steps));
                if (db.tupleIndex() >= 0) b.append("  (part ").append(db.tupleIndex()).append(')');
                b.append('\n');
            }
            b.append('\n');
        }
        for (TrainSpec t : p.trains()) {
            b.append("train ").append(t.model()).append(" on ").append(t.data()).append('\n');
            b.append("  loss ").append(t.loss()).append(", target ").append(t.target()).append(", inputs ").append(t.inputBindings()).append('\n');
            b.append("  optimizer ").append(t.optimizer()).append('\n');
            b.append("  metrics ").append(t.metrics()).append(", epochs ").append(t.epochs()).append(", batch_size ")
                    .append(t.batchSize()).append(", validation ")
                    .append(t.validationData() != null ? t.validationData() : Value.formatReal(t.validationSplit()))
                    .append(", shuffle ").append(t.shuffle()).append(", seed ").append(t.seed()).append('\n');
            if (!t.callbacks().isEmpty()) b.append("  callbacks ").append(t.callbacks()).append('\n');
            b.append('\n');
        }
        return b.toString();
    }

    /** The call with only the arguments that differ from the signature's defaults. */
    private static String call(LayerInstance l) {
        if (l.kind() == LayerInstance.Kind.OP) {
            return l.inputs().size() == 1 ? l.type() + " " + l.inputs().get(0) : l.inputs().get(0) + " " + l.type() + " " + l.inputs().get(1);
        }
        LayerSpec spec = l.kind() == LayerInstance.Kind.LAYER ? Layers.get(l.type()) : null;
        List<String> parts = new ArrayList<>();
        for (Operand o : l.inputs()) parts.add(o.toString());
        for (Map.Entry<String, Value> e : l.args().entrySet()) {
            ArgSpec a = spec == null ? null : spec.arg(e.getKey());
            if (a != null && e.getValue().equals(a.defaultValue())) continue;
            parts.add(e.getKey() + " = " + e.getValue());
        }
        return l.type() + "(" + String.join(", ", parts) + ")";
    }
}
