package nnc.driver;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nnc.check.CheckedData;
import nnc.check.CheckedModel;
import nnc.check.TrainSpec;
import nnc.ir.Graph;
import nnc.runtime.Batch;
import nnc.runtime.DType;
import nnc.runtime.Parameter;
import nnc.runtime.Rng;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.io.Safetensors;
import nnc.runtime.train.GradientResult;
import nnc.runtime.train.Initializers;
import nnc.runtime.train.Trainer;

/**
 * {@code nnc gradients} (one deterministic forward+backward pass written as safetensors, LANGUAGE.md
 * Files) and {@code nnc gradcheck} (the model's analytic gradients against central finite
 * differences of its loss, both in double precision on the IR, on a few rows of the model's data).
 */
public final class GradientRun {
    private GradientRun() {}

    public static int gradients(Path file, String modelName, Path weights, Path input, Path target, Path out,
                                PrintWriter console) throws IOException {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        TrainSpec spec = s.train(model);
        if (model.inputs().size() != 1) throw new UserError("gradients takes one input array; the model has " + model.inputs().size());
        Session.checkWritable(out);
        CheckedData data = s.data(spec.data());
        nnc.check.Shape ts = data.binding(spec.target())
                .orElseThrow(() -> new UserError("data " + data.name() + " has no binding '" + spec.target() + "'")).shape();
        ModelCompiler.Compiled c = ModelCompiler.compile(s.program(), model, Session.lossName(spec), Session.huberDelta(spec), List.of(ts));
        InferenceRun.loadWeights(c, weights);
        TensorSpec in = c.network().inputs().get(0);
        Tensor x = ArrayFiles.toTensor(ArrayFiles.read(input), in.shape(), in.dtype(), input, "input " + in.name());
        int[] tshape = perSampleDims(ts);
        Tensor y = ArrayFiles.toTensor(ArrayFiles.read(target), tshape, ts.isInt() ? DType.I32 : DType.F32, target, "target");
        if (x.dim(0) != y.dim(0)) throw new UserError("--input has " + x.dim(0) + " rows but --target has " + y.dim(0));
        GradientResult r = Trainer.lossAndGradients(c.network(), Batch.of(List.of(x), List.of(y)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "nnc-gradients");
        meta.put("model", model.name());
        Safetensors.write(out, r.toNamedTensors(), meta);
        console.println(String.format(Locale.ROOT, "loss %.6g on %d samples; gradients of %d parameters written to %s",
                r.loss(), x.dim(0), r.gradients().size(), out));
        console.flush();
        return 0;
    }

    private static int[] perSampleDims(nnc.check.Shape s) {
        int[] d = new int[s.rank()];
        for (int i = 0; i < d.length; i++) d[i] = s.dim(i);
        return d;
    }

    /** One parameter's comparison. */
    /**
     * One parameter's result. {@code kinks} counts the entries left out of the errors because the
     * loss is not differentiable there (a relu at exactly 0, a tie in a max pool: the two one-sided
     * slopes disagree, so no finite difference can check the subgradient the analytic pass takes).
     */
    public record Check(String name, int checked, double maxRelError, double maxAbsError, int kinks) {
        public Check(String name, int checked, double maxRelError, double maxAbsError) {
            this(name, checked, maxRelError, maxAbsError, 0);
        }
    }

    public static int gradcheck(Path file, String modelName, int samples, int checks, double tolerance, long seed,
                                PrintWriter out) {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        TrainSpec spec = s.train(model);
        TrainingRun.Prepared p = TrainingRun.prepare(s, model, spec, null);
        ModelCompiler.Compiled c = ModelCompiler.compile(s.program(), model, Session.lossName(spec), Session.huberDelta(spec),
                p.targetShapes());
        Initializers.initialize(c.parameters(), seed);
        int rows = Math.max(1, Math.min(samples, p.train().size()));
        List<Check> results;
        try {
            results = check(c, p.train().slice(0, rows), checks, seed);
        } catch (UnsupportedOperationException e) {
            throw new UserError("gradcheck cannot check model " + model.name() + " yet: " + e.getMessage());
        }
        boolean ok = true;
        out.println(String.format(Locale.ROOT, "gradcheck %s: %d samples, central differences in double precision, tolerance %.1e",
                model.name(), rows, tolerance));
        for (Check r : results) {
            boolean pass = r.maxRelError() <= tolerance;
            ok &= pass;
            out.println(String.format(Locale.ROOT, "  %-32s %4d entries  max rel error %.2e  (abs %.2e)  %s%s", r.name(), r.checked(),
                    r.maxRelError(), r.maxAbsError(), !pass ? "FAILED" : r.checked() == 0 ? "not checked" : "ok",
                    r.kinks() == 0 ? "" : "  (" + r.kinks() + " at kinks, not checked)"));
        }
        out.println(ok ? "gradcheck passed" : "gradcheck FAILED");
        out.flush();
        return ok ? 0 : 1;
    }

    /**
     * Compares, for up to {@code checks} entries of every trainable parameter, the analytic gradient
     * (the differentiated IR evaluated in double precision) with the central difference
     * {@code (L(w + h) - L(w - h)) / 2h} of the loss graph, dropout and noise off.
     */
    public static List<Check> check(ModelCompiler.Compiled c, nnc.runtime.data.Dataset rows, int checks, long seed) {
        int n = rows.size();
        Map<String, double[]> inputs = new HashMap<>();
        List<String> in = c.lowered().inputs(), tg = c.lowered().targets();
        for (int k = 0; k < in.size(); k++) inputs.put(in.get(k), doubles(rows.inputs().get(k)));
        for (int k = 0; k < tg.size(); k++) inputs.put(tg.get(k), doubles(rows.targets().get(k)));
        Map<String, double[]> params = new HashMap<>();
        for (Parameter q : c.parameters()) {
            double[] v = new double[q.size()];
            for (int i = 0; i < v.length; i++) v[i] = q.value[i];
            params.put(q.name(), v);
        }
        GraphEvaluator grads = new GraphEvaluator(c.gradients()), loss = new GraphEvaluator(c.loss());
        GraphEvaluator.Values gv = grads.run(n, inputs, params, false, null);
        Graph gg = c.gradients();
        int lossId = c.loss().outputs().get("loss");
        Rng pick = new Rng(Rng.derive(seed, "gradcheck"));
        double l0 = loss.run(n, inputs, params, false, null).of(lossId)[0];
        List<Check> out = new java.util.ArrayList<>();
        for (Parameter q : c.parameters()) {
            if (!q.trainable()) continue;
            double[] analytic = gv.of(gg.outputs().get("grad." + q.name()));
            double[] w = params.get(q.name());
            int count = Math.min(checks, w.length);
            double maxRel = 0, maxAbs = 0;
            int kinks = 0;
            for (int j = 0; j < count; j++) {
                int i = count == w.length ? j : pick.nextInt(w.length);
                double orig = w[i];
                double h = 1e-6 * Math.max(1, Math.abs(orig));
                w[i] = orig + h;
                double lp = loss.run(n, inputs, params, false, null).of(lossId)[0];
                w[i] = orig - h;
                double lm = loss.run(n, inputs, params, false, null).of(lossId)[0];
                w[i] = orig;
                double numeric = (lp - lm) / (2 * h);
                // A kink: the one-sided slopes differ by far more than the curvature over h
                // (about h * L'') and the rounding of the loss (about 1e-16 * |L| / h) explain.
                double right = (lp - l0) / h, left = (l0 - lm) / h;
                if (Math.abs(right - left) > Math.max(1e-3 * (Math.abs(right) + Math.abs(left)), 1e-6 * Math.max(1, Math.abs(l0)))) {
                    kinks++;
                    continue;
                }
                double abs = Math.abs(numeric - analytic[i]);
                // relative to the gradient's size, with a floor so that entries that are zero on
                // both sides (dead relu units, the step function) do not divide by zero
                // less the rounding noise of the difference quotient itself (the loss is exact to about
                // 1e-16 relative, divided by h), which otherwise dominates tiny gradients such as a
                // recurrent kernel's far steps
                double noise = 1e-15 * Math.max(1, Math.abs(l0)) / h;
                double rel = Math.max(0, abs - noise) / Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic[i]));
                maxRel = Math.max(maxRel, rel);
                maxAbs = Math.max(maxAbs, abs);
            }
            out.add(new Check(q.name(), count - kinks, maxRel, maxAbs, kinks));
        }
        return out;
    }

    private static double[] doubles(Tensor t) {
        double[] v = new double[t.size()];
        if (t.dtype() == DType.I32) for (int i = 0; i < v.length; i++) v[i] = t.ints()[i];
        else for (int i = 0; i < v.length; i++) v[i] = t.floats()[i];
        return v;
    }
}
