package nnc.runtime.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;

/**
 * One forward+backward pass: the loss (batch mean plus penalties), the outputs (exact batch rows) and
 * the gradient of every trainable parameter by name.
 */
public record GradientResult(float loss, List<Tensor> outputs, Map<String, Tensor> gradients, List<TensorSpec> outputSpecs) {
    /**
     * The tensors {@code nnc gradients} writes (LANGUAGE.md): {@code loss} (shape {@code []}),
     * {@code output} (or {@code output.NAME} for each of several outputs) and {@code grad.LAYER.PARAM}.
     */
    public Map<String, Tensor> toNamedTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("loss", Tensor.scalar(loss));
        if (outputs.size() == 1) m.put("output", outputs.get(0));
        else for (int k = 0; k < outputs.size(); k++) m.put("output." + outputSpecs.get(k).name(), outputs.get(k));
        gradients.forEach((k, v) -> m.put("grad." + k, v));
        return m;
    }
}
