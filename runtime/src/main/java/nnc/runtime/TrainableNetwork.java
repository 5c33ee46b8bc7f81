package nnc.runtime;

import java.util.List;

/**
 * A compiled model as the runtime sees it. The compiler generates one class per {@code .nn} model
 * that implements this interface; the training loop ({@code nnc.runtime.train.Trainer}), the CLI and
 * embedding applications drive it only through these methods.
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li>{@link #setBatchCapacity(int)} once (again when a larger batch is needed): the network
 *       preallocates its activation arena for batches of up to that many samples.</li>
 *   <li>Parameters are initialised ({@code Initializers.initialize(network.parameters(), seed)}) or
 *       loaded from a weights file (values copied into {@link Parameter#value}).</li>
 *   <li>Training step: {@code forward(b, TRAIN)}, {@code loss(b)}, {@code backward(b)}, then the
 *       optimizer's {@code step(parameters())}.</li>
 *   <li>Inference: {@code forward(b, INFER)}, then read {@link #output(int)}.</li>
 * </ol>
 *
 * <h2>Rules an implementation follows</h2>
 * <ul>
 *   <li>Only rows {@code [0, batch.size())} of the batch tensors are valid; outputs have the same
 *       number of valid rows (their leading dimension may be the capacity).</li>
 *   <li>{@link #loss} is the batch-mean loss of the model's {@code train} block (CONVENTIONS.md)
 *       plus the regularizer penalties of all parameters ({@link Regularizer#penalty}).</li>
 *   <li>{@link #backward} overwrites (does not accumulate) {@link Parameter#grad} of every trainable
 *       parameter with the gradient of exactly that {@code loss}, penalties included.</li>
 *   <li>Not thread-safe: one network instance is driven by one thread at a time (it may use
 *       several threads internally; results must then not depend on scheduling).</li>
 * </ul>
 */
public interface TrainableNetwork {

    /** Model inputs, in the order of {@link Batch#inputs()}. */
    List<TensorSpec> inputs();

    /** Model outputs, in the order of {@link #output(int)} and {@link Batch#targets()}. */
    List<TensorSpec> outputs();

    /**
     * All parameters in a fixed order (declaration order in the model), trainable and not. The list and
     * the {@link Parameter} objects are the network's own: their arrays are the live weights.
     */
    List<Parameter> parameters();

    /** Preallocates working memory for batches of up to {@code n} samples ({@code n >= 1}). */
    void setBatchCapacity(int n);

    /** The current batch capacity (0 before the first {@link #setBatchCapacity}). */
    int batchCapacity();

    /**
     * Runs the model on rows {@code [0, batch.size())} of the inputs.
     *
     * @param batch inputs (targets may be empty unless {@link #loss} follows)
     * @param mode  {@link Mode#TRAIN} (dropout/noise on, caches for backward), {@link Mode#GRADIENT}
     *              (deterministic, caches), {@link Mode#INFER}
     */
    void forward(Batch batch, Mode mode);

    /**
     * The batch-mean loss of the last {@link #forward} against {@code batch.targets()}, plus
     * regularizer penalties. Valid after a forward pass in any mode on the same batch.
     */
    float loss(Batch batch);

    /**
     * Back-propagates the loss of the last {@link #forward} (which ran in {@code TRAIN} or
     * {@code GRADIENT} mode on the same batch) and writes every trainable {@link Parameter#grad}.
     */
    void backward(Batch batch);

    /**
     * Output {@code i} of the last forward pass: shape {@code [capacity or size, ...spec shape]}, valid
     * rows {@code [0, batch.size())}. The tensor views the network's arena: copy it to keep it.
     */
    Tensor output(int i);

    /** Seeds the network's own randomness (dropout masks, gaussian noise). */
    void seed(long s);

    /** Total number of parameter elements (Keras' "Total params"). */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /** Number of trainable parameter elements (Keras' "Trainable params"). */
    default long trainableParameterCount() {
        long n = 0;
        for (Parameter p : parameters()) if (p.trainable()) n += p.size();
        return n;
    }

    /** The parameter with the given Keras name, or null. */
    default Parameter parameter(String name) {
        for (Parameter p : parameters()) if (p.name().equals(name)) return p;
        return null;
    }
}
