package nnc.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnc.autodiff.Autodiff;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Verifier;

/**
 * Finite-difference gradient checking in double precision against {@link RefEval}:
 * the analytic gradients come from {@link Autodiff} evaluated by the reference evaluator,
 * the numeric ones from central differences of the same loss.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Checks d(loss)/d(leaf) for every leaf, where {@code loss} is output "loss" of the
     * builder's graph (a scalar). Returns the worst error found, scaled as
     * |a - n| / (1e-3 + |n|).
     */
    public static double check(GraphBuilder b, int loss, List<Integer> leaves, Map<String, double[]> feeds, int batch) {
        b.output("loss", loss);
        Graph fwd = Verifier.verify(b.build());
        Graph full = Verifier.verify(Autodiff.differentiate(fwd, "loss", leaves));
        RefEval.Val[] v = RefEval.run(full, batch, feeds, null);
        double worst = 0;
        for (int leaf : leaves) {
            Node ln = fwd.node(leaf);
            double[] analytic = v[full.outputs().get("grad." + ln.name())].data();
            double[] x = feeds.get(ln.name());
            for (int i = 0; i < x.length; i++) {
                double keep = x[i], h = 1e-6 * Math.max(1, Math.abs(keep));
                x[i] = keep + h;
                double up = RefEval.run(fwd, batch, feeds, null)[loss].data()[0];
                x[i] = keep - h;
                double down = RefEval.run(fwd, batch, feeds, null)[loss].data()[0];
                x[i] = keep;
                double numeric = (up - down) / (2 * h);
                double err = Math.abs(analytic[i] - numeric) / (1e-3 + Math.abs(numeric));
                if (err > worst) worst = err;
                if (err > 1e-4) {
                    throw new AssertionError("gradient of " + ln.name() + "[" + i + "]: analytic " + analytic[i]
                            + " vs numeric " + numeric + "\n" + full);
                }
            }
        }
        return worst;
    }

    /** loss = sum(out * r) with a fixed random r, so every output element matters differently. */
    public static int weightedSum(GraphBuilder b, int out, Map<String, double[]> feeds, int batch, Random rnd) {
        String name = "r" + b.size();
        int r = b.input(name, b.shape(out));
        feeds.put(name, random(rnd, RefEval.count(RefEval.concrete(b.shape(out), batch)), -1, 1));
        return b.reduceAll(Op.REDUCE_SUM, b.mul(out, r));
    }

    public static double[] random(Random rnd, int n, double lo, double hi) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = lo + (hi - lo) * rnd.nextDouble();
        return d;
    }

    /** Values in [-hi, -lo] U [lo, hi]: away from the kinks of relu, abs, step. */
    public static double[] awayFromZero(Random rnd, int n, double lo, double hi) {
        double[] d = random(rnd, n, lo, hi);
        for (int i = 0; i < n; i++) if (rnd.nextBoolean()) d[i] = -d[i];
        return d;
    }

    public static Map<String, double[]> feeds() {
        return new HashMap<>();
    }

    public static List<Integer> list(int... ids) {
        List<Integer> l = new ArrayList<>();
        for (int i : ids) l.add(i);
        return l;
    }
}
