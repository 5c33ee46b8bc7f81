package nnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nnc.check.CheckedModel;
import nnc.check.CheckedProgram;
import nnc.check.Summary;
import nnc.syntax.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnc summary FILE [--model M]}: Keras' {@code model.summary()} table. Without {@code --model} it
 * shows the model of the first train block, or every model when the file trains none.
 */
@Command(name = "summary", description = "Keras-style summary: layers, output shapes, parameter counts.",
        mixinStandardHelpOptions = true)
final class SummaryCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "FILE", description = "the .nn file")
    Path file;

    @Option(names = "--model", paramLabel = "M", description = "the model to show (default: the trained one, else all)")
    String model;

    SummaryCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        FrontendResult result;
        try {
            result = Frontend.run(file);
        } catch (IOException e) {
            return io.cannotRead(file, e);
        }
        if (!result.ok()) return io.report(result);
        CheckedProgram p = result.check().program();
        List<CheckedModel> shown;
        if (model != null) {
            CheckedModel m = p.model(model).orElse(null);
            if (m == null) {
                List<String> names = p.models().stream().map(CheckedModel::name).toList();
                String hint = Suggestions.didYouMean(model, names);
                io.err().println("nnc: " + file + " has no model '" + model + "'"
                        + (hint != null ? "; " + hint : names.isEmpty() ? "" : "; models: " + String.join(", ", names)));
                return Io.USER_ERROR;
            }
            shown = List.of(m);
        } else if (!p.trains().isEmpty()) {
            shown = List.of(p.model(p.trains().get(0).model()).orElseThrow());
        } else {
            shown = p.models();
        }
        if (shown.isEmpty()) {
            io.err().println("nnc: " + file + " declares no model");
            return Io.USER_ERROR;
        }
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) io.out().println();
            io.out().print(Summary.render(shown.get(i)));
        }
        return Io.OK;
    }
}
