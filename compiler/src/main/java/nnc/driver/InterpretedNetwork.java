package nnc.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.runtime.Batch;
import nnc.runtime.DType;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Rng;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;

/**
 * A {@link TrainableNetwork} that runs IR graphs through the {@link GraphEvaluator} in double
 * precision instead of generated code. It is the driver's fallback for models the code generator
 * cannot compile yet, and — being double precision end to end — the analytic side of
 * {@code nnc gradcheck}'s double-precision reference. It follows the lowering's graph contract
 * (inputs, {@code target…} inputs, {@code output…}, {@code loss}, {@code grad.PARAM}).
 *
 * <p>Three graphs: inference (outputs only), evaluation (outputs and loss) and training (outputs,
 * loss and gradients). A forward pass evaluates the smallest one that serves the mode and whether
 * targets are present; {@link #loss} and {@link #backward} read what it computed.
 */
public final class InterpretedNetwork implements TrainableNetwork {
    private final GraphEvaluator infer, evaluate, train;
    private final List<TensorSpec> inputs, outputs;
    private final List<String> inputNames, targetNames, outputNames;
    private final List<Parameter> parameters;
    private int capacity;
    private Rng rng = new Rng(0);
    private GraphEvaluator.Values last;
    private GraphEvaluator lastGraph;
    private int lastSize;

    /**
     * @param inferGraph    outputs only (no target inputs)
     * @param lossGraph     outputs and {@code loss}
     * @param gradientGraph outputs, {@code loss} and {@code grad.NAME} for every trainable parameter
     * @param parameters    the parameters, named as the graphs' PARAMETER nodes
     */
    public InterpretedNetwork(Graph inferGraph, Graph lossGraph, Graph gradientGraph, List<String> inputNames,
                              List<String> outputNames, List<String> targetNames, List<Parameter> parameters) {
        this.infer = new GraphEvaluator(inferGraph);
        this.evaluate = new GraphEvaluator(lossGraph);
        this.train = new GraphEvaluator(gradientGraph);
        this.inputNames = List.copyOf(inputNames);
        this.outputNames = List.copyOf(outputNames);
        this.targetNames = List.copyOf(targetNames);
        this.parameters = List.copyOf(parameters);
        List<TensorSpec> ins = new ArrayList<>();
        for (String n : inputNames) ins.add(spec(n, lossGraph.input(n)));
        this.inputs = List.copyOf(ins);
        List<TensorSpec> outs = new ArrayList<>();
        for (String n : outputNames) {
            Node o = inferGraph.output(n);
            outs.add(new TensorSpec(n.equals("output") ? "output" : n.substring("output.".length()),
                    perSample(o.shape().dims()), DType.F32));
        }
        this.outputs = List.copyOf(outs);
    }

    private static TensorSpec spec(String name, Node n) {
        return new TensorSpec(name, perSample(n.shape().dims()), n.dtype() == nnc.ir.DType.I32 ? DType.I32 : DType.F32);
    }

    private static int[] perSample(int[] dims) {
        int[] d = new int[Math.max(0, dims.length - 1)];
        System.arraycopy(dims, 1, d, 0, d.length);
        return d;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void setBatchCapacity(int n) {
        if (n < 1) throw new IllegalArgumentException("batch capacity must be positive");
        capacity = n;
    }

    @Override
    public int batchCapacity() {
        return capacity;
    }

    @Override
    public void forward(Batch batch, Mode mode) {
        boolean targets = batch.targets().size() == targetNames.size() && !targetNames.isEmpty();
        GraphEvaluator g = mode.cachesForBackward() ? train : targets ? evaluate : infer;
        if (mode.cachesForBackward() && !targets) throw new IllegalArgumentException("a training pass needs targets");
        int n = batch.size();
        Map<String, double[]> in = new HashMap<>();
        for (int k = 0; k < inputNames.size(); k++) in.put(inputNames.get(k), rows(batch.input(k), n));
        if (g != infer) for (int k = 0; k < targetNames.size(); k++) in.put(targetNames.get(k), rows(batch.target(k), n));
        Map<String, double[]> ps = new HashMap<>();
        for (Parameter p : parameters) {
            double[] v = new double[p.value.length];
            for (int i = 0; i < v.length; i++) v[i] = p.value[i];
            ps.put(p.name(), v);
        }
        last = g.run(n, in, ps, mode.stochastic(), mode.cachesForBackward(), rng);
        lastGraph = g;
        lastSize = n;
    }

    private static double[] rows(Tensor t, int n) {
        int m = n * t.sampleSize();
        double[] out = new double[m];
        if (t.dtype() == DType.I32) {
            int[] a = t.ints();
            for (int i = 0; i < m; i++) out[i] = a[i];
        } else {
            float[] a = t.floats();
            for (int i = 0; i < m; i++) out[i] = a[i];
        }
        return out;
    }

    /** The double-precision loss of the last forward pass. */
    public double lossDouble() {
        if (last == null || lastGraph == infer) throw new IllegalStateException("loss needs a forward pass with targets");
        return last.of(lastGraph.graph().outputs().get("loss"))[0];
    }

    @Override
    public float loss(Batch batch) {
        return (float) lossDouble();
    }

    @Override
    public void backward(Batch batch) {
        if (last == null || lastGraph != train) throw new IllegalStateException("backward needs a TRAIN or GRADIENT forward pass");
        for (Parameter p : parameters) {
            if (!p.trainable()) continue;
            double[] g = last.of(train.graph().outputs().get("grad." + p.name()));
            for (int i = 0; i < g.length; i++) p.grad[i] = (float) g[i];
        }
    }

    /** The double-precision gradient of parameter {@code name} from the last training pass. */
    public double[] gradientDouble(String name) {
        return last.of(train.graph().outputs().get("grad." + name)).clone();
    }

    @Override
    public Tensor output(int i) {
        double[] v = last.of(lastGraph.graph().outputs().get(outputNames.get(i)));
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) f[k] = (float) v[k];
        int[] spec = outputs.get(i).shape();
        int[] shape = new int[spec.length + 1];
        shape[0] = lastSize;
        System.arraycopy(spec, 0, shape, 1, spec.length);
        return Tensor.of(f, shape);
    }

    @Override
    public void seed(long s) {
        rng = new Rng(s);
    }
}
