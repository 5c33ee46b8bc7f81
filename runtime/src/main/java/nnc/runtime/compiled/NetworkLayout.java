package nnc.runtime.compiled;

import java.util.List;
import nnc.runtime.TensorSpec;

/**
 * What a generated network needs to know besides its code: where every value lives in
 * the arena and which nodes are its inputs, targets, outputs, loss and gradients. Node
 * ids are those of the compiler's optimised IR graph. A value's arena start for batch
 * capacity {@code cap} is {@code batchOffset[id] * cap} when {@code batched[id]}, else
 * {@code perSampleTotal * cap + fixedOffset[id]} (the compiler resolves aliases before
 * filling these arrays).
 *
 * @param inputs        model input specs, in {@code Batch.inputs()} order
 * @param inputNodes    node id of each input
 * @param outputs       model output specs
 * @param outputNodes   node id of each output
 * @param targetNodes   node id of each loss target (one per output), empty when there is no loss
 * @param lossNode      node id of the scalar loss, or -1
 * @param gradNodes     per parameter (in parameter order): node id of its gradient to copy into
 *                      {@code Parameter.grad}, -1 if none or if the code writes it there in place
 * @param batchOffset   per node, offset in per-sample units (batched values)
 * @param fixedOffset   per node, offset in the fixed region (unbatched values)
 * @param batched       per node, whether it lives in the batch-scaled region
 * @param perSampleTotal floats per sample of the batch-scaled region
 * @param fixedTotal    floats of the fixed region
 * @param constNodes    constant nodes, filled once per capacity
 * @param constValues   their values
 * @param intTables     int arrays the generated code passes to primitives (dims, perms)
 */
public record NetworkLayout(List<TensorSpec> inputs, int[] inputNodes, List<TensorSpec> outputs, int[] outputNodes,
                            int[] targetNodes, int lossNode, int[] gradNodes,
                            int[] batchOffset, int[] fixedOffset, boolean[] batched, int perSampleTotal, int fixedTotal,
                            int[] constNodes, float[] constValues, int[][] intTables) {
    public NetworkLayout {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Arena start of node {@code id} for capacity {@code cap}. */
    public int offset(int id, int cap) {
        return batched[id] ? batchOffset[id] * cap : perSampleTotal * cap + fixedOffset[id];
    }
}
