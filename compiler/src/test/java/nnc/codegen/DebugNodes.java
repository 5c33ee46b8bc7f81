package nnc.codegen;

import java.util.List;
import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.opt.MemoryPlan;
import nnc.opt.Pipeline;
import nnc.runtime.TrainableNetwork;
import nnc.testing.RefEval;

/** Test helper: the first node whose arena value differs from the reference (for diagnosing generator bugs). */
final class DebugNodes {
    private DebugNodes() {}

    static String firstMismatch(Pipeline.Result r, TrainableNetwork net, int batch, Map<String, double[]> feeds) throws Exception {
        Graph g = r.graph();
        MemoryPlan mp = r.plan();
        RefEval.Val[] v = RefEval.run(g, batch, feeds, null);
        var base = nnc.runtime.compiled.CompiledNetwork.class;
        var fa = base.getDeclaredField("arena");
        fa.setAccessible(true);
        var fo = base.getDeclaredField("off");
        fo.setAccessible(true);
        float[] arena = (float[]) fa.get(net);
        int[] off = (int[]) fo.get(net);
        StringBuilder sb = new StringBuilder();
        List<Integer> order = mp.phases.all();
        for (int id : order) {
            Node n = g.node(id);
            if (mp.home[mp.storage(id)] != MemoryPlan.Home.ARENA) continue;
            double[] e = v[id].data();
            // values may since have been overwritten by later nodes; report the first mismatch only as a hint
            for (int i = 0; i < e.length; i++) {
                float got = arena[off[mp.storage(id)] + i];
                if (Math.abs(got - e[i]) > 1e-3 * Math.max(1, Math.abs(e[i]))) {
                    sb.append(nnc.ir.Printer.line(n)).append(" [").append(i).append("] expected ").append(e[i]).append(" got ").append(got).append('\n');
                    break;
                }
            }
        }
        return sb.toString();
    }
}
