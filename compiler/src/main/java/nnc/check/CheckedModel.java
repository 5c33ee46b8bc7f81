package nnc.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.syntax.Span;

/**
 * A model after checking: its inputs, its layer instances in evaluation order (a topological order of
 * the graph: every operand is an input or an earlier instance), and its outputs.
 */
public record CheckedModel(
        String name,
        List<ModelInput> inputs,
        List<LayerInstance> layers,
        List<ModelOutput> outputs,
        boolean sequential,
        Span span) {

    public CheckedModel {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        outputs = List.copyOf(outputs);
    }

    /** Every parameter with its full name ({@code dense_1.kernel}, {@code encoder.dense.kernel}), in layer order. */
    public List<ParamInfo> params() {
        List<ParamInfo> out = new ArrayList<>();
        for (LayerInstance l : layers) {
            for (ParamInfo p : l.params()) {
                out.add(new ParamInfo(l.name() + "." + p.name(), p.shape(), p.trainable(), p.initializer()));
            }
        }
        return out;
    }

    public long totalParams() {
        return layers.stream().mapToLong(LayerInstance::paramCount).sum();
    }

    public long trainableParams() {
        return layers.stream().mapToLong(LayerInstance::trainableCount).sum();
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    public Optional<LayerInstance> layer(String instanceName) {
        return layers.stream().filter(l -> l.name().equals(instanceName)).findFirst();
    }

    public Optional<ModelInput> input(String inputName) {
        return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
    }

    /** The shape of a tensor of this model by its name (an input or a layer instance). */
    public Optional<Shape> shapeOf(String tensor) {
        for (ModelInput i : inputs) if (i.name().equals(tensor)) return Optional.of(i.shape());
        return layer(tensor).map(LayerInstance::outputShape);
    }

    /** The single output (most models have one). */
    public ModelOutput output() {
        return outputs.get(0);
    }
}
