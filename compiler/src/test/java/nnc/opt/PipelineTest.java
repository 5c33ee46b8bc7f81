package nnc.opt;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnc.autodiff.Autodiff;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Verifier;
import nnc.testing.GradCheck;
import nnc.testing.Models;
import nnc.testing.RefEval;
import org.junit.jupiter.api.Test;

/** Every pass keeps the meaning of the graph: outputs, loss and gradients before and after agree. */
class PipelineTest {

    static Map<String, double[]> feeds(Graph g, int batch, Random rnd) {
        Map<String, double[]> f = new HashMap<>();
        for (Node n : g.inputs()) {
            int size = RefEval.count(RefEval.concrete(n.shape(), batch));
            double[] v = GradCheck.random(rnd, size, -1, 1);
            if (n.attrs().b("target", false)) {   // one-hot / probability-like targets
                int c = n.shape().dim(-1);
                v = new double[size];
                for (int r = 0; r < size / c; r++) v[r * c + rnd.nextInt(c)] = 1;
            }
            f.put(n.name(), v);
        }
        for (Node p : g.parameters()) f.put(p.name(), GradCheck.random(rnd, p.shape().perSample(), -0.7, 0.7));
        return f;
    }

    private static void assertSameMeaning(Graph forward) {
        Random rnd = new Random(1);
        int batch = 5;
        Map<String, double[]> f = feeds(forward, batch, rnd);
        Graph plain = Autodiff.differentiate(forward, "loss");
        List<String> trace = new ArrayList<>();
        Pipeline.Result opt = Pipeline.optimize(forward, true, trace::add);
        assertFalse(trace.isEmpty());
        RefEval.Val[] a = RefEval.run(plain, batch, f, null);
        RefEval.Val[] b = RefEval.run(opt.graph(), batch, f, null);
        assertEquals(plain.outputs().keySet(), opt.graph().outputs().keySet());
        for (String out : plain.outputs().keySet()) {
            double[] x = a[plain.outputs().get(out)].data(), y = b[opt.graph().outputs().get(out)].data();
            assertEquals(x.length, y.length, out);
            for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-9 * (1 + Math.abs(x[i])), out + "[" + i + "]");
        }
    }

    @Test
    void mlpWithSoftmaxCrossEntropyKeepsMeaning() {
        Graph g = Models.mlp(new int[] {4, 16, 3}, Op.RELU, true);
        assertSameMeaning(g);
        Graph opt = Pipeline.optimize(g).graph();
        long xent = opt.nodes().stream().filter(n -> n.op() == Op.SOFTMAX_XENT).count();
        assertEquals(1, xent, "the loss became one softmax_xent");
        long relu = opt.nodes().stream().filter(n -> n.op() == Op.GEMM && n.attrs().s("epilogue").equals("RELU")).count();
        assertEquals(1, relu, "the hidden layer is one gemm with a relu epilogue");
        assertTrue(opt.nodes().stream().noneMatch(n -> n.op() == Op.MATMUL || n.op().isElementwise()));

    }

    @Test
    void manyOpsKeepMeaning() {
        assertSameMeaning(Models.mixed());
        Graph plain = Autodiff.differentiate(Models.mixed(), "loss");
        assertTrue(plain.nodes().stream().anyMatch(n -> n.op() == Op.BROADCAST_TO));
        assertTrue(Pipeline.optimize(Models.mixed()).graph().nodes().stream().noneMatch(n -> n.op() == Op.BROADCAST_TO),
                "fused loops read row/column broadcasts directly");
        assertSameMeaning(Models.mlp(new int[] {3, 8, 8, 2}, Op.TANH, false));
    }

    @Test
    void cseAndDeadCodeShrinkTheGraph() {
        Graph g = Autodiff.differentiate(Models.mixed(), "loss");
        Graph c = Cse.run(g);
        assertTrue(c.size() < g.size(), "autodiff repeats constants; CSE merges them");
        Verifier.verify(c);
        Graph d = DeadCode.run(c);
        assertTrue(d.size() <= c.size());
        long ones = d.nodes().stream().filter(n -> n.op() == Op.CONSTANT && n.attrs().d("value") == 1.0 && n.shape().rank() == 0).count();
        assertEquals(1, ones);
    }

    @Test
    void simplifyRemovesIdentities() {
        nnc.ir.GraphBuilder b = new nnc.ir.GraphBuilder();
        int x = b.input("x", nnc.ir.Shape.batched(3));
        int y = b.mul(b.add(x, b.constant(0)), b.constant(1));
        int z = b.unary(Op.NEG, b.unary(Op.NEG, b.reshape(y, nnc.ir.Shape.batched(3))));
        int k = b.mul(b.constant(2), b.constant(3));
        b.output("output", b.mul(z, k));
        Graph s = DeadCode.run(Simplify.run(b.build()));
        Verifier.verify(s);
        // x, folded constant 6, the product
        assertEquals(3, s.size(), s.toString());
        assertEquals(6.0, s.node(s.node(s.output("output").id()).input(1)).attrs().d("value"));
    }

    @Test
    void memoryPlanNeverOverlapsLiveValues() {
        for (Graph fwd : List.of(Models.mlp(new int[] {4, 16, 16, 3}, Op.RELU, true), Models.mixed())) {
            Pipeline.Result r = Pipeline.optimize(fwd);
            Graph g = r.graph();
            MemoryPlan mp = r.plan();
            List<Integer> order = mp.phases.all();
            int[] pos = new int[g.size()];
            java.util.Arrays.fill(pos, -1);
            for (int i = 0; i < order.size(); i++) pos[order.get(i)] = i;
            int[] last = new int[g.size()];
            for (int id : order) {
                last[mp.storage(id)] = Math.max(last[mp.storage(id)], pos[id]);
                for (int in : g.node(id).inputs()) last[mp.storage(in)] = Math.max(last[mp.storage(in)], pos[id]);
            }
            for (int o : g.outputs().values()) last[mp.storage(o)] = Integer.MAX_VALUE;
            for (Node n : g.nodes()) if (n.op() == Op.CONSTANT) last[n.id()] = Integer.MAX_VALUE;
            for (int cap : new int[] {1, 7}) {
                List<Integer> arena = order.stream().filter(i -> mp.home[i] == MemoryPlan.Home.ARENA).toList();
                for (int a : arena) {
                    int sa = mp.offset(a, cap), ea = sa + g.node(a).shape().elements(cap);
                    assertTrue(ea <= mp.arenaSize(cap));
                    for (int b : arena) {
                        if (a >= b) continue;
                        boolean bothLive = pos[a] <= last[b] && pos[b] <= last[a];
                        int sb = mp.offset(b, cap), eb = sb + g.node(b).shape().elements(cap);
                        if (bothLive) assertTrue(ea <= sb || eb <= sa, "%" + a + " and %" + b + " overlap");
                    }
                }
                long naive = 0;
                for (int a : arena) naive += g.node(a).shape().elements(cap);
                assertTrue(mp.arenaSize(cap) < naive, "reuse makes the arena smaller than one slot per value");
            }
        }
    }

    @Test
    void fusedTextShowsGroupsAndSlots() {
        String text = FusedPrinter.print(Pipeline.optimize(Models.mixed()));
        assertTrue(text.contains("forward:"), text);
        assertTrue(text.contains("backward:"), text);
        assertTrue(text.contains("= elementwise("), text);
        assertTrue(text.contains("      t"), text);
        assertTrue(text.contains("epilogue=\"TANH\""), text);
        assertTrue(text.contains("[arena N*"), text);
        assertTrue(text.matches("(?s).*arena: \\d+ floats per sample \\+ \\d+ fixed\\n"), text);
    }
}
