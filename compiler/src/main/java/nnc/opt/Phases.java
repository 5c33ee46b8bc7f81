package nnc.opt;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;

/**
 * Splits a differentiated graph into the three phases a compiled network runs:
 * FORWARD (what the model outputs and the {@code update.*} state updates need; runs in every mode), LOSS (what the loss needs
 * beyond that, including the targets; runs in {@code loss(batch)}) and BACKWARD (the
 * gradients; runs in {@code backward(batch)}). Parameters belong to no phase: they live
 * in their {@code Parameter} arrays. Within a phase, inputs come first, then the other
 * nodes in topological order.
 */
public record Phases(List<Integer> forward, List<Integer> loss, List<Integer> backward) {
    public enum Phase { FORWARD, LOSS, BACKWARD, NONE }

    public static Phases of(Graph g) {
        Phase[] ph = new Phase[g.size()];
        java.util.Arrays.fill(ph, Phase.NONE);
        List<Integer> fwdRoots = new ArrayList<>(), lossRoots = new ArrayList<>(), bwdRoots = new ArrayList<>();
        for (var e : g.outputs().entrySet()) {
            String k = e.getKey();
            if (k.equals("output") || k.startsWith("output.") || k.startsWith("update.")) fwdRoots.add(e.getValue());
            else if (k.equals("loss")) lossRoots.add(e.getValue());
            else bwdRoots.add(e.getValue());
        }
        for (Node n : g.modelInputs()) fwdRoots.add(n.id());
        for (Node n : g.targets()) lossRoots.add(n.id());
        mark(g, fwdRoots, ph, Phase.FORWARD);
        mark(g, lossRoots, ph, Phase.LOSS);
        mark(g, bwdRoots, ph, Phase.BACKWARD);
        return new Phases(order(g, ph, Phase.FORWARD), order(g, ph, Phase.LOSS), order(g, ph, Phase.BACKWARD));
    }

    private static void mark(Graph g, List<Integer> roots, Phase[] ph, Phase p) {
        boolean[] need = new boolean[g.size()];
        for (int r : roots) need[r] = true;
        for (int i = g.size() - 1; i >= 0; i--) {
            if (!need[i]) continue;
            for (int in : g.node(i).inputs()) need[in] = true;
            if (ph[i] == Phase.NONE && g.node(i).op() != Op.PARAMETER) ph[i] = p;
        }
    }

    private static List<Integer> order(Graph g, Phase[] ph, Phase p) {
        List<Integer> r = new ArrayList<>();
        for (Node n : g.nodes()) if (ph[n.id()] == p && n.op() == Op.INPUT) r.add(n.id());
        for (Node n : g.nodes()) if (ph[n.id()] == p && n.op() != Op.INPUT) r.add(n.id());
        return r;
    }

    /** Execution order of all three phases. */
    public List<Integer> all() {
        List<Integer> r = new ArrayList<>(forward);
        r.addAll(loss);
        r.addAll(backward);
        return r;
    }
}
