package nnc.opt;

import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;

/**
 * Dead-code removal: keeps the nodes some output depends on. Model inputs and
 * parameters are always kept so that the compiled network's inputs and parameter list
 * do not depend on what the loss happens to use.
 */
public final class DeadCode {
    private DeadCode() {}

    public static Graph run(Graph g) {
        boolean[] live = new boolean[g.size()];
        for (int o : g.outputs().values()) live[o] = true;
        for (int i = g.size() - 1; i >= 0; i--) {
            Node n = g.node(i);
            if (n.op() == Op.INPUT || n.op() == Op.PARAMETER) live[i] = true;
            if (live[i]) for (int in : n.inputs()) live[in] = true;
        }
        Rewriter r = new Rewriter(g);
        for (Node n : g.nodes()) if (live[n.id()]) r.map[n.id()] = r.copy(n);
        return r.finish();
    }
}
