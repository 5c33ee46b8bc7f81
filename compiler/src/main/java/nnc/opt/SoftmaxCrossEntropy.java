package nnc.opt;

import nnc.autodiff.Losses;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;

/**
 * Softmax + categorical cross-entropy fusion (runs on the forward graph, before
 * differentiation): the per-sample loss
 * {@code neg(reduce_sum[-1](mul(y, log(clip(softmax(z), eps, 1 - eps)))))} becomes
 * {@code softmax_xent(z, y)}, whose gradient p * sum(y) - y is exact and stable instead of
 * dividing by a clipped probability. The softmax itself stays when the model outputs it.
 * Results agree with the unfused form (CONVENTIONS.md) except where p was clipped.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    public static Graph run(Graph g) {
        Rewriter r = new Rewriter(g);
        for (Node n : g.nodes()) {
            int[] match = match(g, n);
            if (match == null) {
                r.map[n.id()] = r.copy(n);
            } else {
                r.b.at(n.origin());
                r.map[n.id()] = r.b.add(Op.SOFTMAX_XENT, Attrs.NONE, r.map[match[0]], r.map[match[1]]);
            }
        }
        return DeadCode.run(r.finish());
    }

    /** Returns {logits, target} when n is the per-sample cross-entropy of a softmax. */
    static int[] match(Graph g, Node n) {
        if (n.op() != Op.NEG) return null;
        Node sum = g.node(n.input(0));
        if (sum.op() != Op.REDUCE_SUM || sum.attrs().b("keepdims", false)) return null;
        int[] axes = sum.attrs().ints("axes");
        Node mulIn = g.node(sum.input(0));
        if (axes.length != 1 || mulIn.shape().axis(axes[0]) != mulIn.shape().rank() - 1) return null;
        if (mulIn.op() != Op.MUL) return null;
        for (int side = 0; side < 2; side++) {
            Node log = g.node(mulIn.input(side));
            Node y = g.node(mulIn.input(1 - side));
            if (log.op() != Op.LOG || !y.shape().equals(log.shape())) continue;
            Node clip = g.node(log.input(0));
            if (clip.op() != Op.CLIP || clip.attrs().d("min") != Losses.EPSILON || clip.attrs().d("max") != 1 - Losses.EPSILON) continue;
            Node sm = g.node(clip.input(0));
            if (sm.op() != Op.SOFTMAX) continue;
            return new int[] {sm.input(0), y.id()};
        }
        return null;
    }
}
