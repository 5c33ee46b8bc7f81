package nnc.check;

import java.util.List;
import java.util.Optional;

/**
 * Everything the later stages need from a checked program: models (those of imported files included), data
 * sets, train blocks, and the user/stdlib {@code fn} and {@code layer} declarations that models use.
 * Only complete when the check reported no error.
 */
public record CheckedProgram(List<CheckedModel> models, List<CheckedData> data, List<TrainSpec> trains,
                             List<CheckedFn> fns, List<CheckedLayerDecl> layers) {
    public CheckedProgram {
        models = List.copyOf(models);
        data = List.copyOf(data);
        trains = List.copyOf(trains);
        fns = List.copyOf(fns);
        layers = List.copyOf(layers);
    }

    public Optional<CheckedModel> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<CheckedData> data(String name) {
        return data.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The train block for a model (the first one when there are several). */
    public Optional<TrainSpec> trainFor(String modelName) {
        return trains.stream().filter(t -> t.model().equals(modelName)).findFirst();
    }

    public Optional<CheckedFn> fn(String name) {
        return fns.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<CheckedLayerDecl> layerDecl(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
