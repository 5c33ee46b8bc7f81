package nnc.driver;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import nnc.check.CheckedData;
import nnc.check.CheckedModel;
import nnc.check.Shape;
import nnc.check.TrainSpec;
import nnc.ir.Printer;
import nnc.opt.FusedPrinter;
import nnc.opt.Pipeline;

/**
 * The later stages of {@code nnc emit}: {@code ir} (the lowered graph, with the loss when the model
 * has a train block, then the graph autodiff made of it), {@code fused} (after the optimisation
 * passes: fused groups and the memory plan) and {@code bytecode} (the generated class).
 */
public final class StageEmitter {
    private StageEmitter() {}

    /** Stages this class shows. */
    public static final List<String> STAGES = List.of("ir", "fused", "bytecode");

    public static int emit(Path file, String stage, String modelName, PrintWriter out) {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        ModelCompiler.Compiled c = compileForEmit(s, model);
        switch (stage) {
            case "ir" -> {
                out.println("// " + model.name() + ": lowered IR" + (c.lowered().targets().isEmpty() ? "" : " with loss"));
                out.print(Printer.print(c.loss()));
                if (c.gradients() != c.loss()) {
                    out.println();
                    out.println("// " + model.name() + ": after autodiff (grad.PARAM outputs)");
                    out.print(Printer.print(c.gradients()));
                }
            }
            case "fused" -> out.print(FusedPrinter.print(Pipeline.optimize(c.loss(), true, null)));
            case "bytecode" -> out.print(ModelCompiler.bytecode(c));
            default -> throw new UserError("unknown stage '" + stage + "'");
        }
        out.flush();
        return 0;
    }

    /** With a train block the loss is compiled too (so gradients appear); otherwise inference only. */
    static ModelCompiler.Compiled compileForEmit(Session s, CheckedModel model) {
        TrainSpec spec = s.trainIfAny(model).orElse(null);
        if (spec == null) return ModelCompiler.compile(s.program(), model, null, 1, List.of());
        CheckedData data = s.data(spec.data());
        Shape ts = data.binding(spec.target()).orElseThrow(() -> new UserError("no binding " + spec.target())).shape();
        return ModelCompiler.compile(s.program(), model, Session.lossName(spec), Session.huberDelta(spec), List.of(ts));
    }
}
