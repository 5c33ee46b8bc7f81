package nnc.opt;

import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;

/**
 * Bias + activation into the GEMM epilogue (runs after differentiation): every
 * {@code matmul} becomes a {@code gemm}; {@code act(add(matmul(x, w), bias))} with a
 * rank-1 bias over the last axis and act in {relu, sigmoid, tanh} becomes one
 * {@code gemm(x, w, bias) {epilogue=ACT}}, provided the intermediate values have no other
 * user. The gradient rules of these activations read the activation's output, not its
 * input, so after differentiation the pre-activation usually has no other user.
 */
public final class GemmEpilogue {
    private GemmEpilogue() {}

    public static Graph run(Graph g) {
        int[] uses = g.useCounts();
        // root[id] = the node whose position the fused gemm takes (matmul and add are absorbed by it)
        int[] root = new int[g.size()];
        java.util.Arrays.fill(root, -1);
        int[][] plan = new int[g.size()][];   // for a root: {matmul, bias or -1, epilogue ordinal}
        for (Node n : g.nodes()) {
            if (n.op() != Op.MATMUL) continue;
            int bias = -1, top = n.id();
            String epi = "IDENTITY";
            Node add = single(g, uses, n);
            if (add != null && add.op() == Op.ADD) {
                int other = add.input(0) == n.id() ? add.input(1) : add.input(0);
                Node bn = g.node(other);
                if (other != n.id() && bn.shape().rank() == 1 && add.shape().equals(n.shape())
                        && bn.shape().dim(0) == n.shape().dim(-1)) {
                    bias = other;
                    top = add.id();
                    Node act = single(g, uses, add);
                    if (act != null && (act.op() == Op.RELU || act.op() == Op.SIGMOID || act.op() == Op.TANH)) {
                        epi = act.op().name();
                        top = act.id();
                    }
                }
            } else if (add != null && (add.op() == Op.RELU || add.op() == Op.SIGMOID || add.op() == Op.TANH)) {
                epi = add.op().name();
                top = add.id();
            }
            root[top] = top;
            plan[top] = new int[] {n.id(), bias, epi.equals("IDENTITY") ? 0 : epi.equals("RELU") ? 1 : epi.equals("SIGMOID") ? 2 : 3};
            if (top != n.id()) root[n.id()] = top;
            if (add != null && top != add.id() && top != n.id()) root[add.id()] = top;
        }
        Rewriter r = new Rewriter(g);
        String[] names = {"IDENTITY", "RELU", "SIGMOID", "TANH"};
        for (Node n : g.nodes()) {
            if (plan[n.id()] != null) {
                int[] p = plan[n.id()];
                Node mm = g.node(p[0]);
                r.b.at(n.origin());
                Attrs a = mm.attrs().with("epilogue", names[p[2]]);
                int x = r.map[mm.input(0)], w = r.map[mm.input(1)];
                r.map[n.id()] = p[1] < 0 ? r.b.add(Op.GEMM, a, x, w) : r.b.add(Op.GEMM, a, x, w, r.map[p[1]]);
            } else if (root[n.id()] >= 0 && root[n.id()] != n.id()) {
                r.map[n.id()] = -1;   // absorbed: its only user is the fused gemm
            } else {
                r.map[n.id()] = r.copy(n);
            }
        }
        return r.finish();
    }

    /** The only user of n, or null if n has several users or is an output. */
    private static Node single(Graph g, int[] uses, Node n) {
        if (uses[n.id()] != 1) return null;
        for (int i = n.id() + 1; i < g.size(); i++) if (g.node(i).inputs().contains(n.id())) return g.node(i);
        return null;
    }
}
