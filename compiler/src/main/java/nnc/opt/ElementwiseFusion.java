package nnc.opt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.FusedProgram;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;

/**
 * Elementwise fusion: every unary/binary elementwise node becomes part of exactly one
 * {@code elementwise} group, evaluated by one loop. A producer joins its consumer's group
 * when it is elementwise, has that consumer as its only user (and is not an output), and
 * has the group's full shape; unbatched scalar constants are inlined as program
 * constants. Operands whose broadcast the code generator cannot index directly (see
 * {@link Broadcast}) get an explicit {@code broadcast_to}. Single nodes become one-step
 * groups, so the code generator only knows one kind of elementwise code.
 */
public final class ElementwiseFusion {
    private ElementwiseFusion() {}

    public static Graph run(Graph g) {
        int[] uses = g.useCounts();
        List<List<Integer>> users = g.users();
        int[] group = new int[g.size()];
        java.util.Arrays.fill(group, -1);
        for (int i = g.size() - 1; i >= 0; i--) {
            Node n = g.node(i);
            if (!n.op().isElementwise() || group[i] >= 0) continue;
            group[i] = i;
            Deque<Integer> work = new ArrayDeque<>(List.of(i));
            while (!work.isEmpty()) {
                Node m = g.node(work.pop());
                for (int in : m.inputs()) {
                    Node p = g.node(in);
                    if (p.op().isElementwise() && group[in] < 0 && uses[in] == 1 && users.get(in).size() == 1
                            && p.shape().equals(n.shape())) {
                        group[in] = i;
                        work.push(in);
                    }
                }
            }
        }
        Rewriter r = new Rewriter(g);
        for (Node n : g.nodes()) {
            if (group[n.id()] < 0) {
                r.map[n.id()] = r.copy(n);
            } else if (group[n.id()] == n.id()) {
                r.map[n.id()] = emit(g, r, n, group);
            }
        }
        return r.finish();
    }

    private static boolean inlinable(Node c) {
        return c.op() == Op.CONSTANT && !c.shape().isBatched() && c.shape().perSample() == 1;
    }

    /**
     * A {@code broadcast_to} operand whose source the loop can index directly (row or
     * column broadcast, scalar) is read through: the materialised copy becomes dead.
     */
    private static int readThrough(Graph g, int id, Shape out) {
        Node n = g.node(id);
        if (n.op() != Op.BROADCAST_TO || !n.shape().equals(out)) return id;
        int src = n.input(0);
        return Broadcast.of(g.node(src).shape(), out) == Broadcast.GENERAL ? id : src;
    }

    private static int emit(Graph g, Rewriter r, Node root, int[] group) {
        List<Node> members = new ArrayList<>();
        for (int id = 0; id <= root.id(); id++) if (group[id] == root.id()) members.add(g.node(id));
        Map<Integer, Integer> operand = new LinkedHashMap<>();   // old id -> operand slot
        Map<Integer, Integer> source = new java.util.HashMap<>(); // operand old id -> what the loop reads
        for (Node m : members) {
            for (int in : m.inputs()) {
                if (group[in] == root.id() || inlinable(g.node(in))) continue;
                operand.putIfAbsent(in, operand.size());
                source.putIfAbsent(in, readThrough(g, in, root.shape()));
            }
        }
        int nIn = operand.size();
        Map<Integer, Integer> slot = new LinkedHashMap<>(operand);
        List<FusedProgram.Step> steps = new ArrayList<>();
        for (Node m : members) {
            List<Integer> args = new ArrayList<>();
            for (int in : m.inputs()) {
                Integer s = slot.get(in);
                if (s == null) {   // an inlined scalar constant
                    steps.add(new FusedProgram.Step(Op.CONSTANT, List.of(), Attrs.of("value", g.node(in).attrs().d("value"))));
                    s = nIn + steps.size() - 1;
                    slot.put(in, s);
                }
                args.add(s);
            }
            steps.add(new FusedProgram.Step(m.op(), args, m.attrs()));
            slot.put(m.id(), nIn + steps.size() - 1);
        }
        Shape out = root.shape();
        int[] ins = new int[nIn];
        int k = 0;
        for (int op : operand.keySet()) {
            int old = source.get(op);
            int id = r.map[old];
            if (Broadcast.of(g.node(old).shape(), out) == Broadcast.GENERAL) {
                r.b.at(root.origin());
                id = r.b.broadcastTo(id, out);
            }
            ins[k++] = id;
        }
        r.b.at(root.origin());
        return r.b.add(Op.ELEMENTWISE, Attrs.of("program", new FusedProgram(nIn, steps), "shape", out.dims()), ins);
    }
}
