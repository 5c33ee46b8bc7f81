package nnc.opt;

import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;

/**
 * Algebraic simplification and constant folding: x*1, 1*x, x+0, 0+x, x-0, x/1 become x
 * (when that keeps the result's shape); neg(neg x) = x; reshape or broadcast to the same
 * shape is x; reshape of reshape is one reshape; unary and binary ops on unbatched
 * constants fold to a constant.
 */
public final class Simplify {
    private Simplify() {}

    public static Graph run(Graph g) {
        Rewriter r = new Rewriter(g);
        GraphBuilder b = r.b;
        for (Node n : g.nodes()) {
            int[] in = r.inputs(n);
            r.map[n.id()] = simplify(b, n, in);
        }
        return r.finish();
    }

    private static Double constant(GraphBuilder b, int id) {
        Node n = b.node(id);
        return n.op() == Op.CONSTANT ? n.attrs().d("value") : null;
    }

    private static int simplify(GraphBuilder b, Node n, int[] in) {
        Shape s = n.shape();
        switch (n.op()) {
            case ADD, SUB, MUL, DIV -> {
                Double x = constant(b, in[0]), y = constant(b, in[1]);
                if (x != null && y != null && !s.isBatched()) {
                    double v = switch (n.op()) {
                        case ADD -> x + y;
                        case SUB -> x - y;
                        case MUL -> x * y;
                        default -> x / y;
                    };
                    return b.constant(v, s);
                }
                boolean yNeutral = y != null && y == (n.op() == Op.MUL || n.op() == Op.DIV ? 1.0 : 0.0);
                boolean xNeutral = x != null && x == (n.op() == Op.MUL ? 1.0 : 0.0) && (n.op() == Op.MUL || n.op() == Op.ADD);
                if (yNeutral && b.shape(in[0]).equals(s)) return in[0];
                if (xNeutral && b.shape(in[1]).equals(s)) return in[1];
            }
            case NEG -> {
                Node x = b.node(in[0]);
                if (x.op() == Op.NEG) return x.input(0);
                Double c = constant(b, in[0]);
                if (c != null && !s.isBatched()) return b.constant(-c, s);
            }
            case RESHAPE -> {
                if (b.shape(in[0]).equals(s)) return in[0];
                Double c = constant(b, in[0]);
                if (c != null) return b.constant(c, s);
                Node x = b.node(in[0]);
                if (x.op() == Op.RESHAPE) return b.reshape(x.input(0), s);
            }
            case BROADCAST_TO -> {
                if (b.shape(in[0]).equals(s)) return in[0];
                Double c = constant(b, in[0]);
                if (c != null) return b.constant(c, s);
            }
            default -> { }
        }
        return b.copy(n, in);
    }
}
