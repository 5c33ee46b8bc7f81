package nnc.ir;

import java.util.Map;

/**
 * Text form of a graph, one node per line (the form {@code nnc emit --stage ir} prints):
 * <pre>
 * %3 = matmul(%0, %1) : [N, 16] f32 {transA=false, transB=false}  @ iris.nn:7:5
 * out output = %9
 * </pre>
 */
public final class Printer {
    private Printer() {}

    public static String print(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Node n : g.nodes()) sb.append(line(n)).append('\n');
        for (Map.Entry<String, Integer> e : g.outputs().entrySet()) {
            sb.append("out ").append(e.getKey()).append(" = %").append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    public static String line(Node n) {
        StringBuilder sb = new StringBuilder();
        sb.append('%').append(n.id()).append(" = ").append(n.op().text());
        if (!n.inputs().isEmpty()) {
            sb.append('(');
            for (int i = 0; i < n.inputs().size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append('%').append(n.input(i));
            }
            sb.append(')');
        }
        sb.append(" : ").append(n.shape()).append(' ').append(n.dtype().text());
        Attrs shown = n.attrs();
        if (n.op().kind == Op.Kind.SOURCE || n.op().kind == Op.Kind.RNG) {
            // the shape is already printed as the node's type
            java.util.TreeMap<String, Object> m = new java.util.TreeMap<>(shown.map());
            m.remove("shape");
            m.remove("dtype");
            shown = new Attrs(m);
        }
        if (!shown.map().isEmpty()) sb.append(" {").append(shown).append('}');
        if (n.origin().isKnown()) sb.append("  @ ").append(n.origin());
        return sb.toString();
    }
}
