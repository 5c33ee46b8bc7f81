package nnc.opt;

import java.util.function.Consumer;
import nnc.autodiff.Autodiff;
import nnc.ir.Graph;

/**
 * Forward graph to optimised training graph: forward passes, differentiation w.r.t. every
 * trainable parameter (when the graph has a {@code loss} output), backward passes and the
 * memory plan. This is the one call the driver makes between lowering and code generation.
 */
public final class Pipeline {
    private Pipeline() {}

    /** The optimised graph and its memory plan. */
    public record Result(Graph graph, MemoryPlan plan) {}

    public static Result optimize(Graph forward, boolean verifyEach, Consumer<String> trace) {
        Graph g = Passes.run(forward, Passes.Stage.FORWARD, verifyEach, trace);
        if (g.hasOutput("loss")) g = Autodiff.differentiate(g, "loss");
        g = Passes.run(g, Passes.Stage.BACKWARD, verifyEach, trace);
        return new Result(g, MemoryPlan.plan(g));
    }

    public static Result optimize(Graph forward) {
        return optimize(forward, false, null);
    }
}
