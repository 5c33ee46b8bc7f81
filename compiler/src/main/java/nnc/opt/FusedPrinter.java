package nnc.opt;

import java.util.List;
import nnc.ir.FusedProgram;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Printer;

/**
 * Text form of an optimised graph for {@code nnc emit --stage fused}: the nodes per phase
 * in execution order, each fused elementwise group unfolded one step per line, every
 * value's arena slot, and the arena size.
 */
public final class FusedPrinter {
    private FusedPrinter() {}

    public static String print(Pipeline.Result r) {
        Graph g = r.graph();
        MemoryPlan mp = r.plan();
        StringBuilder sb = new StringBuilder();
        section(sb, "forward", mp.phases.forward(), g, mp);
        section(sb, "loss", mp.phases.loss(), g, mp);
        section(sb, "backward", mp.phases.backward(), g, mp);
        for (var e : g.outputs().entrySet()) sb.append("out ").append(e.getKey()).append(" = %").append(e.getValue()).append('\n');
        sb.append("arena: ").append(mp.perSampleTotal).append(" floats per sample + ").append(mp.fixedTotal).append(" fixed\n");
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<Integer> ids, Graph g, MemoryPlan mp) {
        if (ids.isEmpty()) return;
        sb.append(title).append(":\n");
        for (int id : ids) {
            Node n = g.node(id);
            sb.append("  ").append(Printer.line(n).replaceFirst(" \\{program=.*?\\}(, shape=\\[[^]]*\\])?\\}?", ""));
            sb.append("  ").append(slot(mp, id)).append('\n');
            if (n.op() == Op.ELEMENTWISE) {
                FusedProgram p = (FusedProgram) n.attrs().get("program");
                for (int s = 0; s < p.steps().size(); s++) {
                    FusedProgram.Step st = p.steps().get(s);
                    sb.append("      t").append(p.inputs() + s).append(" = ").append(st.op().text());
                    StringBuilder args = new StringBuilder();
                    for (int a : st.args()) {
                        if (args.length() > 0) args.append(", ");
                        args.append(a < p.inputs() ? "%" + n.input(a) : "t" + a);
                    }
                    if (!st.attrs().map().isEmpty()) args.append(args.length() > 0 ? ", " : "").append(st.attrs());
                    sb.append('(').append(args).append(")\n");
                }
            }
        }
    }

    private static String slot(MemoryPlan mp, int id) {
        return switch (mp.home[id]) {
            case ARENA -> mp.inBatchRegion(id) ? "[arena N*" + mp.batchOffset[id] + "]" : "[arena fixed+" + mp.fixedOffset[id] + "]";
            case ALIAS -> "[alias of %" + mp.aliasOf[id] + (mp.home[mp.aliasOf[id]] == MemoryPlan.Home.GRADIENT ? ", a gradient" : "") + "]";
            case PARAMETER -> "[parameter]";
            case GRADIENT -> "[grad of %" + mp.gradientOf[id] + "]";
            case NONE -> "";
        };
    }
}
