package nnc.opt;

import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Node;

/**
 * Rebuilds a graph node by node: each pass decides, per old node, which new node stands
 * for it (a copy with remapped inputs, an existing new node, or a replacement it builds).
 * Outputs are remapped at the end. Shapes are re-inferred, so a pass cannot silently
 * produce an ill-typed node.
 */
final class Rewriter {
    final Graph old;
    final GraphBuilder b = new GraphBuilder();
    /** map[oldId] = newId (or -1 when the node was dropped). */
    final int[] map;

    Rewriter(Graph old) {
        this.old = old;
        this.map = new int[old.size()];
        java.util.Arrays.fill(map, -1);
    }

    /** New ids of an old node's inputs. */
    int[] inputs(Node n) {
        int[] r = new int[n.inputs().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = map[n.input(i)];
            if (r[i] < 0) throw new IllegalStateException("input %" + n.input(i) + " of %" + n.id() + " was dropped");
        }
        return r;
    }

    /** Copies node {@code n} with remapped inputs. */
    int copy(Node n) {
        return b.copy(n, inputs(n));
    }

    Graph finish() {
        for (Map.Entry<String, Integer> e : old.outputs().entrySet()) b.output(e.getKey(), map[e.getValue()]);
        return b.build();
    }
}
