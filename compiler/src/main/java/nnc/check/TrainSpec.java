package nnc.check;

import java.util.List;
import java.util.Map;
import nnc.syntax.Span;

/**
 * A checked {@code train MODEL on DATA} block with every setting resolved (Keras defaults where not written).
 * {@code loss} is a call with its canonical name ({@code mse} for {@code mean_squared_error}) and arguments;
 * {@code optimizer} is a call with every Keras argument ({@code learning_rate} may itself be a schedule
 * call); {@code metrics} are canonical names; {@code callbacks} are calls with all arguments.
 * {@code inputBindings} maps each model input name to the data binding that feeds it and {@code target}
 * names the binding the loss compares the output with. {@code seed} is null when not given.
 */
public record TrainSpec(
        String model,
        String data,
        Value.Call loss,
        Value.Call optimizer,
        List<String> metrics,
        int epochs,
        int batchSize,
        double validationSplit,
        String validationData,
        boolean shuffle,
        Long seed,
        List<Value.Call> callbacks,
        int verbose,
        Map<String, String> inputBindings,
        String target,
        Span span) {

    public TrainSpec {
        metrics = List.copyOf(metrics);
        callbacks = List.copyOf(callbacks);
        inputBindings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputBindings));
    }
}
