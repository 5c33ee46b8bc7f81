package nnc.opt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;

/**
 * Common-subexpression elimination: two pure nodes with the same op, attributes and
 * (already merged) inputs become one. Inputs, parameters and random ops are never merged.
 * Autodiff produces many duplicates (the same constant, softmax recomputed for the fused
 * cross-entropy gradient, the batch count of every mean), which this removes.
 */
public final class Cse {
    private Cse() {}

    private record Key(Op op, Attrs attrs, List<Integer> inputs) {}

    public static Graph run(Graph g) {
        Rewriter r = new Rewriter(g);
        Map<Key, Integer> seen = new HashMap<>();
        for (Node n : g.nodes()) {
            int[] ins = r.inputs(n);
            if (n.op().isImpure() || n.op() == Op.MOVING_UPDATE) {
                r.map[n.id()] = r.b.copy(n, ins);
                continue;
            }
            Key k = new Key(n.op(), n.attrs(), java.util.Arrays.stream(ins).boxed().toList());
            Integer prev = seen.get(k);
            if (prev == null) {
                prev = r.b.copy(n, ins);
                seen.put(k, prev);
            }
            r.map[n.id()] = prev;
        }
        return r.finish();
    }
}
