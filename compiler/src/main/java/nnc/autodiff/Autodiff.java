package nnc.autodiff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.IrException;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Origin;

/**
 * Reverse-mode differentiation on the IR. {@link #differentiate} appends the backward
 * graph to a forward graph: starting from the scalar loss with gradient 1, it walks the
 * nodes in reverse topological order, applies each op's {@link GradientRules rule} and sums
 * the contributions that meet at a node. Only nodes on a path from a differentiated leaf
 * to the loss get gradients. The result keeps every forward output and adds
 * {@code grad.NAME} per differentiated leaf (a zero constant if the loss does not depend
 * on it). Backward nodes carry the origin of the forward node they differentiate.
 */
public final class Autodiff {
    private Autodiff() {}

    /** Gradients of output {@code loss} w.r.t. every trainable parameter. */
    public static Graph differentiate(Graph g, String loss) {
        List<Integer> wrt = new ArrayList<>();
        for (Node p : g.parameters()) if (p.attrs().b("trainable", true)) wrt.add(p.id());
        return differentiate(g, loss, wrt);
    }

    /** Gradients of output {@code loss} w.r.t. the given parameter or input nodes. */
    public static Graph differentiate(Graph g, String loss, List<Integer> wrt) {
        Node lossNode = g.output(loss);
        if (lossNode.shape().rank() != 0) throw new IrException("loss must be a scalar, got " + lossNode.shape());
        int n = g.size();
        boolean[] active = new boolean[n];  // depends on a differentiated leaf
        for (int w : wrt) {
            Node leaf = g.node(w);
            if (leaf.op() != Op.PARAMETER && leaf.op() != Op.INPUT) throw new IrException("can only differentiate w.r.t. inputs and parameters");
            active[w] = true;
        }
        for (Node node : g.nodes()) for (int in : node.inputs()) if (active[in]) active[node.id()] = true;
        boolean[] useful = new boolean[n];  // the loss depends on it
        useful[lossNode.id()] = true;
        for (int i = n - 1; i >= 0; i--) if (useful[i]) for (int in : g.node(i).inputs()) useful[in] = true;

        GraphBuilder b = GraphBuilder.from(g);
        Map<Integer, Integer> adjoint = new HashMap<>();
        b.at(lossNode.origin());
        adjoint.put(lossNode.id(), b.constant(1.0));
        for (int i = lossNode.id(); i >= 0; i--) {
            Integer gi = adjoint.get(i);
            Node node = g.node(i);
            if (gi == null || !active[i] || node.inputs().isEmpty()) continue;
            b.at(node.origin());
            int[] grads = GradientRules.apply(b, node, gi);
            for (int k = 0; k < grads.length; k++) {
                int in = node.input(k);
                if (grads[k] == GradientRules.NONE || !active[in] || !useful[in]) continue;
                Integer prev = adjoint.get(in);
                adjoint.put(in, prev == null ? grads[k] : b.add(prev, grads[k]));
            }
        }
        b.at(Origin.NONE);
        for (int w : wrt) {
            Node leaf = g.node(w);
            Integer gw = adjoint.get(w);
            if (gw == null) gw = b.constant(0, leaf.shape());
            b.output("grad." + leaf.name(), gw);
        }
        return b.build();
    }
}
