package nnc.runtime.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import nnc.runtime.Parameter;
import nnc.runtime.TrainableNetwork;

/** What a {@link Callback} may see and do during {@link Trainer#fit}. */
public final class TrainingContext {
    private final TrainableNetwork network;
    private final Optimizer optimizer;
    private final Consumer<String> messages;
    private boolean stopRequested;

    TrainingContext(TrainableNetwork network, Optimizer optimizer, Consumer<String> messages) {
        this.network = network;
        this.optimizer = optimizer;
        this.messages = messages;
    }

    public TrainableNetwork network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Ends training after the current epoch (Keras' {@code model.stop_training = True}). */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Prints a line for the user (e.g. "Epoch 12: early stopping") when the trainer is not silent. */
    public void message(String line) {
        messages.accept(line);
    }

    /** A copy of all parameter values, in {@code parameters()} order (Keras' {@code get_weights}). */
    public List<float[]> weights() {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : network.parameters()) w.add(p.value.clone());
        return w;
    }

    /** Writes back values taken with {@link #weights()} (Keras' {@code set_weights}). */
    public void setWeights(List<float[]> w) {
        List<Parameter> ps = network.parameters();
        for (int k = 0; k < ps.size(); k++) System.arraycopy(w.get(k), 0, ps.get(k).value, 0, ps.get(k).size());
    }
}
