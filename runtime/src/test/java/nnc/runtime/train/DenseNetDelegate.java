package nnc.runtime.train;

import java.util.List;
import nnc.runtime.Batch;
import nnc.runtime.Mode;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;

/** A {@link TrainableNetwork} that forwards every call to a {@link DenseNet}: tests override what they observe. */
class DenseNetDelegate implements TrainableNetwork {
    final DenseNet inner;

    DenseNetDelegate(DenseNet inner) {
        this.inner = inner;
    }

    public List<TensorSpec> inputs() { return inner.inputs(); }
    public List<TensorSpec> outputs() { return inner.outputs(); }
    public List<Parameter> parameters() { return inner.parameters(); }
    public int batchCapacity() { return inner.batchCapacity(); }
    public void setBatchCapacity(int n) { inner.setBatchCapacity(n); }
    public void seed(long s) { inner.seed(s); }
    public void forward(Batch b, Mode mode) { inner.forward(b, mode); }
    public float loss(Batch b) { return inner.loss(b); }
    public void backward(Batch b) { inner.backward(b); }
    public Tensor output(int i) { return inner.output(i); }
}
