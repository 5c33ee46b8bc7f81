package nnc.runtime.train;

import java.util.List;
import nnc.runtime.Batch;
import nnc.runtime.DType;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Regularizer;
import nnc.runtime.Rng;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;

/**
 * A hand-written one-layer network (dense + linear/sigmoid/softmax, optional input dropout) that
 * implements {@link TrainableNetwork} the way generated code will: preallocated buffers, loss from
 * {@link Losses}, gradients by hand. The trainer tests drive it end to end.
 */
final class DenseNet implements TrainableNetwork {
    final int in, out;
    final String activation;
    final Loss lossFn;
    final float dropout;
    final Parameter kernel, bias;
    private int capacity;
    private float[] x, z, p, dp;
    private Rng rng = new Rng(0);

    DenseNet(int in, int out, String activation, String loss, float dropout, Regularizer reg) {
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.lossFn = Losses.byName(loss);
        this.dropout = dropout;
        kernel = Parameter.trainable("dense.kernel", new int[] {in, out}, Initializers.glorotUniform(), reg);
        bias = Parameter.trainable("dense.bias", new int[] {out}, Initializers.zeros(), null);
    }

    public List<TensorSpec> inputs() { return List.of(new TensorSpec("x", new int[] {in}, DType.F32)); }
    public List<TensorSpec> outputs() { return List.of(new TensorSpec("y", new int[] {out}, DType.F32)); }
    public List<Parameter> parameters() { return List.of(kernel, bias); }
    public int batchCapacity() { return capacity; }
    public void seed(long s) { rng = new Rng(s); }

    public void setBatchCapacity(int n) {
        capacity = n;
        x = new float[n * in];
        z = new float[n * out];
        p = new float[n * out];
        dp = new float[n * out];
    }

    public void forward(Batch batch, Mode mode) {
        float[] src = batch.input(0).floats();
        int n = batch.size();
        for (int k = 0; k < n * in; k++) {
            float v = src[k];
            if (mode.stochastic() && dropout > 0) v = rng.nextFloat() < dropout ? 0 : v / (1 - dropout);
            x[k] = v;
        }
        float[] w = kernel.value, b = bias.value;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < out; j++) {
                float s = b[j];
                for (int i = 0; i < in; i++) s += x[r * in + i] * w[i * out + j];
                z[r * out + j] = s;
            }
            switch (activation) {
                case "sigmoid" -> { for (int j = 0; j < out; j++) p[r * out + j] = (float) (1 / (1 + Math.exp(-z[r * out + j]))); }
                case "softmax" -> {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < out; j++) m = Math.max(m, z[r * out + j]);
                    float s = 0;
                    for (int j = 0; j < out; j++) s += p[r * out + j] = (float) Math.exp(z[r * out + j] - m);
                    for (int j = 0; j < out; j++) p[r * out + j] /= s;
                }
                default -> System.arraycopy(z, r * out, p, r * out, out);
            }
        }
    }

    public float loss(Batch batch) {
        float l = (float) lossFn.value(batch.target(0), output(0), batch.size());
        for (Parameter q : parameters()) l += q.regularizer().penalty(q.value);
        return l;
    }

    public void backward(Batch batch) {
        int n = batch.size();
        lossFn.gradient(batch.target(0), output(0), n, dp);
        float[] dz = new float[n * out];
        for (int r = 0; r < n; r++) {
            switch (activation) {
                case "sigmoid" -> { for (int j = 0; j < out; j++) { float q = p[r * out + j]; dz[r * out + j] = dp[r * out + j] * q * (1 - q); } }
                case "softmax" -> {
                    float dot = 0;
                    for (int j = 0; j < out; j++) dot += dp[r * out + j] * p[r * out + j];
                    for (int j = 0; j < out; j++) dz[r * out + j] = p[r * out + j] * (dp[r * out + j] - dot);
                }
                default -> System.arraycopy(dp, r * out, dz, r * out, out);
            }
        }
        java.util.Arrays.fill(kernel.grad, 0);
        java.util.Arrays.fill(bias.grad, 0);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < out; j++) {
                float d = dz[r * out + j];
                bias.grad[j] += d;
                for (int i = 0; i < in; i++) kernel.grad[i * out + j] += x[r * in + i] * d;
            }
        }
        for (Parameter q : parameters()) q.regularizer().addGradient(q.value, q.grad);
    }

    public Tensor output(int i) {
        return Tensor.of(p, capacity, out);
    }
}
