package nnc.codegen;

import java.util.ArrayList;
import java.util.List;
import nnc.autodiff.Autodiff;
import nnc.ir.Graph;
import nnc.ir.Printer;
import nnc.ir.Verifier;
import nnc.opt.FusedPrinter;
import nnc.opt.Pipeline;
import nnc.runtime.TrainableNetwork;

/**
 * The one entry point from a lowered forward graph to a running network, with the text of
 * every stage for {@code nnc emit}:
 *
 * <pre>{@code
 * ModelCompiler.Compilation c = ModelCompiler.compile(forwardGraph, "Iris", "iris.nn", false);
 * TrainableNetwork net = c.newInstance();           // fresh parameters (zeros until initialised)
 * Initializers.initialize(net.parameters(), seed);
 * c.irText(); c.fusedText(); c.bytecodeText();        // emit --stage ir | fused | bytecode
 * }</pre>
 *
 * The forward graph must follow the conventions of {@link Graph}: INPUT nodes for the
 * model inputs (in declaration order, batched), {@code GraphBuilder.target} inputs for
 * the loss targets (one per output, in output order), outputs named {@code output} or
 * {@code output.NAME}, and optionally a scalar {@code loss} output (penalties included).
 */
public final class ModelCompiler {
    private ModelCompiler() {}

    /** Everything one compilation produced. */
    public record Compilation(Graph forward, Pipeline.Result optimized, CompiledModel model, List<String> passLog) {
        /** {@code emit --stage ir}: the verified forward graph as lowered. */
        public String irText() {
            return Printer.print(forward);
        }

        /** The forward graph with its backward graph appended (before optimisation). */
        public String gradientText() {
            return forward.hasOutput("loss") ? Printer.print(Autodiff.differentiate(forward, "loss")) : irText();
        }

        /** {@code emit --stage fused}: phases, fused groups, GEMM epilogues and arena slots. */
        public String fusedText() {
            return FusedPrinter.print(optimized);
        }

        /** {@code emit --stage bytecode}: the generated class, as ASM's textifier prints it. */
        public String bytecodeText() {
            return model.bytecodeText();
        }

        public TrainableNetwork newInstance() {
            return model.newInstance();
        }
    }

    /**
     * Verifies, optimises (differentiating when there is a {@code loss} output) and
     * generates the class {@code nnc.generated.MODELNAME}.
     *
     * @param verifyEach run the IR verifier after every pass ({@code --verify-each})
     */
    public static Compilation compile(Graph forward, String modelName, String sourceFile, boolean verifyEach) {
        Verifier.verify(forward);
        List<String> log = new ArrayList<>();
        Pipeline.Result r = Pipeline.optimize(forward, verifyEach, log::add);
        CompiledModel m = Codegen.compile(r, "nnc.generated." + javaName(modelName), sourceFile);
        return new Compilation(forward, r, m, List.copyOf(log));
    }

    /** A legal Java identifier for a model name. */
    static String javaName(String name) {
        StringBuilder sb = new StringBuilder();
        for (char ch : name.toCharArray()) sb.append(Character.isJavaIdentifierPart(ch) ? ch : '_');
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) sb.insert(0, 'M');
        return sb.toString();
    }
}
