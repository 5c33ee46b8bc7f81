package nnc.opt;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import nnc.ir.Graph;
import nnc.ir.Verifier;

/**
 * The optimisation passes, in order, in one named table (tinygrad style). Passes of stage
 * FORWARD run on the forward graph before differentiation (so a fused op brings its own
 * gradient rule); BACKWARD passes run on the differentiated graph. Memory planning is the
 * last step and is not a graph rewrite: see {@link MemoryPlan#plan}.
 */
public final class Passes {
    private Passes() {}

    public enum Stage { FORWARD, BACKWARD }

    /** One named pass. */
    public record Pass(String name, Stage stage, String description, UnaryOperator<Graph> run) {}

    public static final List<Pass> TABLE = List.of(
            new Pass("simplify", Stage.FORWARD, "algebraic identities and constant folding", Simplify::run),
            new Pass("softmax-ce", Stage.FORWARD, "softmax + categorical cross-entropy into softmax_xent", SoftmaxCrossEntropy::run),
            new Pass("dce", Stage.FORWARD, "remove nodes no output needs", DeadCode::run),
            new Pass("simplify", Stage.BACKWARD, "algebraic identities and constant folding", Simplify::run),
            new Pass("cse", Stage.BACKWARD, "merge identical pure nodes", Cse::run),
            new Pass("dce", Stage.BACKWARD, "remove nodes no output needs", DeadCode::run),
            new Pass("gemm-epilogue", Stage.BACKWARD, "matmul + bias + relu/sigmoid/tanh into one gemm", GemmEpilogue::run),
            new Pass("elementwise-fusion", Stage.BACKWARD, "group elementwise chains into single loops", ElementwiseFusion::run),
            new Pass("dce", Stage.BACKWARD, "remove constants the fused groups inlined", DeadCode::run));

    /** Runs the passes of {@code stage} in table order; with {@code verifyEach} the verifier checks every result. */
    public static Graph run(Graph g, Stage stage, boolean verifyEach, Consumer<String> trace) {
        if (verifyEach) Verifier.verify(g);
        for (Pass p : TABLE) {
            if (p.stage() != stage) continue;
            int before = g.size();
            g = p.run().apply(g);
            if (verifyEach) {
                try {
                    Verifier.verify(g);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("after pass '" + p.name() + "': " + e.getMessage(), e);
                }
            }
            if (trace != null) trace.accept(p.name() + ": " + before + " -> " + g.size() + " nodes");
        }
        return g;
    }
}
