package nnc.runtime.compiled;

import java.util.Arrays;
import java.util.List;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Rng;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.kernels.KernelConfig;

/**
 * Base class of every generated model. It owns what is the same for all models — the
 * arena, the parameters, copying inputs and targets in and outputs and gradients out,
 * dropout and noise streams — and calls the three phase methods the compiler generates
 * from the optimised IR: {@link #runForward}, {@link #runLoss}, {@link #runBackward}.
 * The generated code reads and writes the arena at the offsets in {@link #off}.
 */
public abstract class CompiledNetwork implements TrainableNetwork {
    protected final NetworkLayout layout;
    protected final Parameter[] params;
    /** Arena start of every node's value for the current capacity. */
    protected int[] off = new int[0];
    /** int tables (dims, permutations) the generated code passes to {@link Prims}. */
    protected final int[][] ints;
    /** False when {@code -Dnnc.scalar=true}: generated loops then skip their vector part. */
    protected final boolean vector = !KernelConfig.scalar();
    protected float[] arena = new float[0];
    /** Scratch space of the convolution and pooling kernels. */
    protected final Workspace ws = new Workspace();
    private int capacity;
    private int size;
    private boolean lossDone;
    private long seed;
    private long draws;
    private final float[][] outputData;

    protected CompiledNetwork(NetworkLayout layout, Parameter[] params) {
        this.layout = layout;
        this.params = params.clone();
        this.ints = layout.intTables();
        this.outputData = new float[layout.outputs().size()][];
    }

    /**
     * Forward phase over {@code n} valid samples; {@code mode} is {@code Mode.ordinal()}
     * (0 TRAIN: dropout, noise and moving-statistics updates on; 2 INFER: moving statistics used).
     */
    protected abstract void runForward(float[] a, int n, int mode);

    /** Loss phase (targets already copied in). */
    protected abstract void runLoss(float[] a, int n);

    /** Backward phase: leaves each gradient at its node's slot. */
    protected abstract void runBackward(float[] a, int n);

    @Override
    public List<TensorSpec> inputs() {
        return layout.inputs();
    }

    @Override
    public List<TensorSpec> outputs() {
        return layout.outputs();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(params);
    }

    @Override
    public void setBatchCapacity(int n) {
        if (n < 1) throw new IllegalArgumentException("batch capacity must be at least 1, got " + n);
        long len = (long) layout.perSampleTotal() * n + layout.fixedTotal();
        if (len > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("batch capacity " + n + " needs a " + len + "-float arena");
        arena = new float[(int) len];
        int[] o = new int[layout.batched().length];
        for (int i = 0; i < o.length; i++) o[i] = layout.offset(i, n);
        off = o;
        capacity = n;
        for (int k = 0; k < layout.constNodes().length; k++) {
            int id = layout.constNodes()[k];
            int count = layout.batched()[id] ? sizeOf(id) * n : sizeOf(id);
            Arrays.fill(arena, off[id], off[id] + count, layout.constValues()[k]);
        }
        for (int k = 0; k < outputData.length; k++) outputData[k] = new float[layout.outputs().get(k).sampleSize() * n];
    }

    /** Element count per sample (batched) or in total (fixed) of node id; recorded by the compiler in intTables[0]. */
    private int sizeOf(int id) {
        return ints[0][id];
    }

    @Override
    public int batchCapacity() {
        return capacity;
    }

    @Override
    public void forward(Batch batch, Mode mode) {
        int n = checkBatch(batch);
        for (int k = 0; k < layout.inputNodes().length; k++) copyIn(batch.input(k), layout.inputNodes()[k], n);
        size = n;
        lossDone = false;
        runForward(arena, n, mode.ordinal());
        for (int k = 0; k < outputData.length; k++) {
            int id = layout.outputNodes()[k];
            System.arraycopy(arena, off[id], outputData[k], 0, ints[0][id] * n);
        }
    }

    @Override
    public float loss(Batch batch) {
        if (layout.lossNode() < 0) throw new IllegalStateException("this model has no loss");
        int n = checkBatch(batch);
        if (batch.targets().size() != layout.targetNodes().length) {
            throw new IllegalArgumentException("expected " + layout.targetNodes().length + " target tensors, got " + batch.targets().size());
        }
        for (int k = 0; k < layout.targetNodes().length; k++) copyIn(batch.target(k), layout.targetNodes()[k], n);
        runLoss(arena, n);
        lossDone = true;
        return arena[off[layout.lossNode()]];
    }

    @Override
    public void backward(Batch batch) {
        if (!lossDone) loss(batch);
        int n = size;
        runBackward(arena, n);
        for (int k = 0; k < params.length; k++) {
            int id = layout.gradNodes()[k];
            if (id < 0 || params[k].grad == null) continue;
            System.arraycopy(arena, off[id], params[k].grad, 0, params[k].size());
        }
    }

    @Override
    public Tensor output(int i) {
        int[] spec = layout.outputs().get(i).shape();
        int[] shape = new int[spec.length + 1];
        shape[0] = size;
        System.arraycopy(spec, 0, shape, 1, spec.length);
        return Tensor.of(outputData[i], shape);
    }

    @Override
    public void seed(long s) {
        seed = s;
        draws = 0;
    }

    private int checkBatch(Batch batch) {
        int n = batch.size();
        if (n < 1) throw new IllegalArgumentException("a batch needs at least one sample");
        if (capacity == 0) setBatchCapacity(Math.max(1, n));
        if (n > capacity) throw new IllegalArgumentException("batch of " + n + " exceeds the capacity " + capacity);
        if (batch.inputs().size() != layout.inputNodes().length) {
            throw new IllegalArgumentException("expected " + layout.inputNodes().length + " input tensors, got " + batch.inputs().size());
        }
        return n;
    }

    private void copyIn(Tensor t, int id, int n) {
        int count = ints[0][id] * n;
        if (t.sampleSize() != ints[0][id]) throw new IllegalArgumentException("tensor " + t + " does not match the model's per-sample size " + ints[0][id]);
        if (t.dtype() == nnc.runtime.DType.F32) {
            System.arraycopy(t.floats(), 0, arena, off[id], count);
        } else {
            int[] src = t.ints();
            int o = off[id];
            for (int k = 0; k < count; k++) arena[o + k] = src[k];
        }
    }

    /** Inverted-dropout mask: 1/(1-rate) with probability 1-rate, else 0; all ones unless training. */
    protected final void dropoutMask(float[] a, int o, int count, float rate, int stream, boolean train) {
        if (!train || rate <= 0f) {
            Arrays.fill(a, o, o + count, 1f);
            return;
        }
        Rng rng = new Rng(Rng.derive(seed, "dropout:" + stream + ":" + (draws++)));
        float keep = 1f / (1f - rate);
        for (int k = 0; k < count; k++) a[o + k] = rng.nextFloat() < rate ? 0f : keep;
    }

    /** In TRAIN mode: w = momentum * w + (1 - momentum) * v over {@code count} elements. */
    protected static void movingUpdate(float[] w, int wo, float[] v, int vo, int count, float momentum, int mode) {
        if (mode != Mode.TRAIN.ordinal()) return;
        for (int k = 0; k < count; k++) w[wo + k] = momentum * w[wo + k] + (1f - momentum) * v[vo + k];
    }

    /** Gaussian noise N(0, stddev^2) while training, zeros otherwise. */
    protected final void gaussianNoise(float[] a, int o, int count, float stddev, int stream, boolean train) {
        if (!train) {
            Arrays.fill(a, o, o + count, 0f);
            return;
        }
        Rng rng = new Rng(Rng.derive(seed, "noise:" + stream + ":" + (draws++)));
        for (int k = 0; k < count; k++) a[o + k] = (float) (stddev * rng.nextGaussian());
    }
}
