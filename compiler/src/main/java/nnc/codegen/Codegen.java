package nnc.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.FusedProgram;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;
import nnc.opt.MemoryPlan;
import nnc.opt.Pipeline;
import nnc.runtime.TensorSpec;
import nnc.runtime.compiled.NetworkLayout;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles an optimised graph ({@link Pipeline.Result}) to one JVM class per model. The
 * class extends {@code nnc.runtime.compiled.CompiledNetwork} (and so implements
 * {@code TrainableNetwork}); it has one private method per IR node ({@code n17}, its
 * line numbers pointing at the node's {@code .nn} line) and three phase methods
 * ({@code runForward}, {@code runLoss}, {@code runBackward}) that call the node methods in
 * execution order — the generated code reads as a trace of the IR. Fused elementwise
 * groups become Vector API loops ({@link ElementwiseEmitter}); GEMMs call
 * {@code nnc.runtime.kernels.Gemm} with their epilogue; data movement, reductions and
 * softmax call {@code nnc.runtime.compiled.Prims}.
 */
public final class Codegen {
    private Codegen() {}

    /** Node methods: (float[] arena, int n, int mode), mode = Mode.ordinal(). */
    private static final String NODE_DESC = "([FII)V";

    /**
     * @param className  binary name of the class, e.g. {@code nnc.generated.Iris}
     * @param sourceFile the {@code .nn} file name for the {@code SourceFile} attribute
     */
    public static CompiledModel compile(Pipeline.Result opt, String className, String sourceFile) {
        Graph g = opt.graph();
        MemoryPlan plan = opt.plan();
        String self = className.replace('.', '/');
        Map<Integer, Integer> paramIndex = new HashMap<>();
        List<Node> params = g.parameters();
        for (int i = 0; i < params.size(); i++) paramIndex.put(params.get(i).id(), i);
        NodeEmitter.IntTables tables = new NodeEmitter.IntTables();
        int[] sizes = new int[g.size()];
        for (Node n : g.nodes()) sizes[n.id()] = n.shape().perSample();
        tables.index(sizes);

        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, self, null, NodeEmitter.BASE, null);
        cw.visitSource(sourceFile, null);
        MethodVisitor ctor = cw.visitMethod(ACC_PUBLIC, "<init>", "(Lnnc/runtime/compiled/NetworkLayout;[Lnnc/runtime/Parameter;)V", null, null);
        ctor.visitCode();
        ctor.visitVarInsn(ALOAD, 0);
        ctor.visitVarInsn(ALOAD, 1);
        ctor.visitVarInsn(ALOAD, 2);
        ctor.visitMethodInsn(INVOKESPECIAL, NodeEmitter.BASE, "<init>", "(Lnnc/runtime/compiled/NetworkLayout;[Lnnc/runtime/Parameter;)V", false);
        ctor.visitInsn(RETURN);
        ctor.visitMaxs(0, 0);
        ctor.visitEnd();

        NodeEmitter e = new NodeEmitter(g, plan, paramIndex, tables, self);
        List<Integer> emitted = new ArrayList<>();
        for (int id : plan.phases.all()) {
            Node n = g.node(id);
            if (!needsCode(n)) continue;
            MethodVisitor mv = cw.visitMethod(ACC_PRIVATE, "n" + id, NODE_DESC, null, null);
            mv.visitCode();
            Label start = new Label();
            mv.visitLabel(start);
            if (n.origin().isKnown()) mv.visitLineNumber(n.origin().line(), start);
            e.begin(mv);
            emitNode(e, n);
            mv.visitInsn(RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            emitted.add(id);
        }
        phase(cw, self, "runForward", "([FII)V", plan.phases.forward(), emitted, true);
        phase(cw, self, "runLoss", "([FI)V", plan.phases.loss(), emitted, false);
        phase(cw, self, "runBackward", "([FI)V", plan.phases.backward(), emitted, false);
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        return new CompiledModel(className, bytes, layout(g, plan, tables), g);
    }

    private static boolean needsCode(Node n) {
        return switch (n.op()) {
            case INPUT, PARAMETER, CONSTANT, RESHAPE -> false;
            default -> true;
        };
    }

    private static void phase(ClassWriter cw, String self, String name, String desc, List<Integer> ids, List<Integer> emitted, boolean hasTrain) {
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, name, desc, null, null);
        mv.visitCode();
        for (int id : ids) {
            if (!emitted.contains(id)) continue;
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ILOAD, 2);
            if (hasTrain) mv.visitVarInsn(ILOAD, 3);
            else mv.visitInsn(ICONST_1);   // loss and backward run as in GRADIENT mode
            mv.visitMethodInsn(INVOKESPECIAL, self, "n" + id, NODE_DESC, false);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void emitNode(NodeEmitter e, Node n) {
        MethodVisitor mv = e.mv;
        Attrs a = n.attrs();
        switch (n.op()) {
            case ELEMENTWISE -> ElementwiseEmitter.emit(e, n, (FusedProgram) a.get("program"));
            case GEMM, MATMUL -> gemm(e, n);
            case REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX -> {
                Shape xs = e.node(n.input(0)).shape();
                int mask = 0;
                for (int ax : a.ints("axes")) mask |= 1 << xs.axis(ax);
                Emit.pushInt(mv, n.op() == Op.REDUCE_SUM ? 0 : n.op() == Op.REDUCE_MEAN ? 1 : 2);
                e.arrayAndOffset(n.input(0));
                e.intArray(xs.dims());
                Emit.pushInt(mv, mask);
                e.arrayAndOffset(n.id());
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "reduce", "(I[FI[II[FII)V");
            }
            case BROADCAST_TO -> {
                e.arrayAndOffset(n.input(0));
                e.intArray(e.node(n.input(0)).shape().dims());
                e.arrayAndOffset(n.id());
                e.intArray(n.shape().dims());
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "broadcast", "([FI[I[FI[II)V");
            }
            case TRANSPOSE -> {
                e.arrayAndOffset(n.input(0));
                e.intArray(e.node(n.input(0)).shape().dims());
                e.intArray(a.ints("perm"));
                e.arrayAndOffset(n.id());
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "transpose", "([FI[I[I[FII)V");
            }
            case SLICE -> {
                Shape xs = e.node(n.input(0)).shape();
                int ax = xs.axis(a.i("axis"));
                e.arrayAndOffset(n.input(0));
                e.product(xs, 0, ax);
                Emit.pushInt(mv, xs.dim(ax));
                e.product(xs, ax + 1, xs.rank());
                Emit.pushInt(mv, a.i("start"));
                Emit.pushInt(mv, a.i("end") - a.i("start"));
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "slice", "([FIIIIII[FI)V");
            }
            case REVERSE -> {
                Shape xs = n.shape();
                int ax = xs.axis(a.i("axis"));
                e.arrayAndOffset(n.input(0));
                e.product(xs, 0, ax);
                Emit.pushInt(mv, xs.dim(ax));
                e.product(xs, ax + 1, xs.rank());
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "reverse", "([FIIII[FI)V");
            }
            case CONCAT -> {
                Shape os = n.shape();
                int ax = os.axis(a.i("axis")), start = 0;
                for (int in : n.inputs()) {
                    int len = e.node(in).shape().dim(ax);
                    e.arrayAndOffset(in);
                    e.product(os, 0, ax);
                    Emit.pushInt(mv, len);
                    e.product(os, ax + 1, os.rank());
                    e.arrayAndOffset(n.id());
                    Emit.pushInt(mv, os.dim(ax));
                    Emit.pushInt(mv, start);
                    Emit.invokeStatic(mv, NodeEmitter.PRIMS, "place", "([FIIII[FIII)V");
                    start += len;
                }
            }
            case GATHER -> {
                Shape ts = e.node(n.input(0)).shape();
                e.arrayAndOffset(n.input(0));
                Emit.pushInt(mv, ts.dim(0));
                Emit.pushInt(mv, ts.dim(1));
                e.arrayAndOffset(n.input(1));
                e.count(e.node(n.input(1)).shape());
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "gather", "([FIII[FII[FI)V");
            }
            case SCATTER_ADD -> {
                e.arrayAndOffset(n.input(0));
                e.count(e.node(n.input(0)).shape());
                e.arrayAndOffset(n.input(1));
                Emit.pushInt(mv, n.shape().dim(1));
                Emit.pushInt(mv, n.shape().dim(0));
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "scatterAdd", "([FII[FIII[FI)V");
            }
            case ONE_HOT -> {
                e.arrayAndOffset(n.input(0));
                e.count(e.node(n.input(0)).shape());
                Emit.pushInt(mv, a.i("depth"));
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "oneHot", "([FIII[FI)V");
            }
            case SOFTMAX -> {
                Shape s = n.shape();
                e.arrayAndOffset(n.input(0));
                e.product(s, 0, s.rank() - 1);
                Emit.pushInt(mv, s.dim(-1));
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "softmax", "([FIII[FI)V");
            }
            case SOFTMAX_XENT -> {
                Shape s = e.node(n.input(0)).shape();
                e.arrayAndOffset(n.input(0));
                e.arrayAndOffset(n.input(1));
                e.product(s, 0, s.rank() - 1);
                Emit.pushInt(mv, s.dim(-1));
                e.arrayAndOffset(n.id());
                Emit.invokeStatic(mv, NodeEmitter.PRIMS, "softmaxXent", "([FI[FIII[FI)V");
            }
            case CONV -> {
                Shape ks = e.node(n.input(1)).shape();
                e.intArray(convTable(a, e.node(n.input(0)).shape(), ks.dims(), ks.dim(-1)));
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                e.arrayAndOffset(n.input(0));
                e.arrayAndOffset(n.input(1));
                e.arrayAndOffset(n.id());
                workspace(e);
                Emit.invokeStatic(mv, NodeEmitter.CONV, "forward", "([II[FI[FI[FI" + NodeEmitter.WS + ")V");
            }
            case CONV_BACKPROP_INPUT -> {
                Shape ks = e.node(n.input(1)).shape();
                e.intArray(convTable(a, n.shape(), ks.dims(), ks.dim(-1)));
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                e.arrayAndOffset(n.input(0));
                e.arrayAndOffset(n.input(1));
                e.arrayAndOffset(n.id());
                workspace(e);
                Emit.invokeStatic(mv, NodeEmitter.CONV, "backwardInput", "([II[FI[FI[FI" + NodeEmitter.WS + ")V");
            }
            case CONV_BACKPROP_FILTER -> {
                e.intArray(convTable(a, e.node(n.input(0)).shape(), n.shape().dims(), n.shape().dim(-1)));
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                e.arrayAndOffset(n.input(0));
                e.arrayAndOffset(n.input(1));
                e.arrayAndOffset(n.id());
                workspace(e);
                Emit.invokeStatic(mv, NodeEmitter.CONV, "backwardFilter", "([II[FI[FI[FI" + NodeEmitter.WS + ")V");
            }
            case POOL, POOL_GRAD -> {
                Shape xs = e.node(n.input(0)).shape();
                e.intArray(convTable(a, xs, a.ints("pool"), xs.dim(-1)));
                mv.visitInsn(a.s("kind").equals("max") ? ICONST_1 : ICONST_0);
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                e.arrayAndOffset(n.input(0));
                if (n.op() == Op.POOL_GRAD) e.arrayAndOffset(n.input(2));
                e.arrayAndOffset(n.id());
                workspace(e);
                if (n.op() == Op.POOL) Emit.invokeStatic(mv, NodeEmitter.CONV, "pool", "([IZI[FI[FI" + NodeEmitter.WS + ")V");
                else Emit.invokeStatic(mv, NodeEmitter.CONV, "poolGrad", "([IZI[FI[FI[FI" + NodeEmitter.WS + ")V");
            }
            case SCAN, SCAN_GRAD -> {
                boolean grad = n.op() == Op.SCAN_GRAD;
                Shape st = grad ? e.node(n.input(0)).shape() : n.shape();
                Emit.pushInt(mv, switch (a.s("cell")) {
                    case "lstm" -> 1;
                    case "gru" -> 2;
                    default -> 0;
                });
                Emit.pushInt(mv, actCode(a.s("activation")));
                Emit.pushInt(mv, actCode(a.s("recurrentActivation")));
                Emit.pushInt(mv, a.i("units"));
                mv.visitVarInsn(ILOAD, NodeEmitter.N);
                Emit.pushInt(mv, st.dim(1));
                e.arrayAndOffset(n.input(0));
                e.arrayAndOffset(n.input(1));
                if (grad || n.inputs().size() > 2) e.arrayAndOffset(n.input(2));
                else {
                    mv.visitInsn(ACONST_NULL);
                    mv.visitInsn(ICONST_0);
                }
                e.arrayAndOffset(n.id());
                workspace(e);
                String rec = "nnc/runtime/compiled/Recurrence";
                if (grad) Emit.invokeStatic(mv, rec, "scanGrad", "(IIIIII[FI[FI[FI[FI" + NodeEmitter.WS + ")V");
                else Emit.invokeStatic(mv, rec, "scan", "(IIIIII[FI[FI[FI[FI" + NodeEmitter.WS + ")V");
            }
            case TRAINING_SELECT -> {   // copy x unless INFER, then y
                Label infer = new Label(), done = new Label();
                mv.visitVarInsn(ILOAD, NodeEmitter.MODE);
                Emit.pushInt(mv, 2);
                mv.visitJumpInsn(IF_ICMPEQ, infer);
                e.arrayAndOffset(n.input(0));
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(infer);
                e.arrayAndOffset(n.input(1));
                mv.visitLabel(done);
                e.arrayAndOffset(n.id());
                e.count(n.shape());
                Emit.invokeStatic(mv, "java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V");
            }
            case MOVING_UPDATE -> {
                e.arrayAndOffset(n.input(0));
                e.arrayAndOffset(n.input(1));
                e.count(e.node(n.input(0)).shape());
                Emit.pushFloat(mv, (float) a.d("momentum"));
                mv.visitVarInsn(ILOAD, NodeEmitter.MODE);
                Emit.invokeStatic(mv, NodeEmitter.BASE, "movingUpdate", "([FI[FIIFI)V");
            }
            case DROPOUT_MASK, GAUSSIAN_NOISE -> {
                mv.visitVarInsn(ALOAD, 0);
                e.arrayAndOffset(n.id());
                e.count(n.shape());
                Emit.pushFloat(mv, (float) (n.op() == Op.DROPOUT_MASK ? a.d("rate") : a.d("stddev")));
                Emit.pushInt(mv, a.i("stream"));
                isMode(e, 0);
                mv.visitMethodInsn(INVOKEVIRTUAL, NodeEmitter.BASE, n.op() == Op.DROPOUT_MASK ? "dropoutMask" : "gaussianNoise",
                        "([FIIFIZ)V", false);
            }
            default -> {
                if (n.op().isElementwise()) {
                    ElementwiseEmitter.emit(e, n, single(n));
                } else {
                    throw new CodegenException("the code generator does not support " + n.op().text() + " yet (node %" + n.id()
                            + (n.origin().isKnown() ? " at " + n.origin() : "") + ")");
                }
            }
        }
    }

    private static int actCode(String name) {
        return switch (name) {
            case "linear" -> 0;
            case "tanh" -> 1;
            case "sigmoid" -> 2;
            case "relu" -> 3;
            default -> throw new CodegenException("recurrent activation '" + name + "' is not supported");
        };
    }

    /** Pushes (mode == m) as a boolean. */
    private static void isMode(NodeEmitter e, int m) {
        Label no = new Label(), done = new Label();
        e.mv.visitVarInsn(ILOAD, NodeEmitter.MODE);
        Emit.pushInt(e.mv, m);
        e.mv.visitJumpInsn(IF_ICMPNE, no);
        e.mv.visitInsn(ICONST_1);
        e.mv.visitJumpInsn(GOTO, done);
        e.mv.visitLabel(no);
        e.mv.visitInsn(ICONST_0);
        e.mv.visitLabel(done);
    }

    private static void workspace(NodeEmitter e) {
        e.mv.visitVarInsn(ALOAD, 0);
        e.mv.visitFieldInsn(GETFIELD, e.self, "ws", NodeEmitter.WS);
    }

    /**
     * The geometry table of {@code nnc.runtime.compiled.ConvOps}: {inH, inW, cin, kh, kw,
     * cout, strideH, strideW, same}; a 1D layer (x [N, L, c]) has inH = kh = strideH = 1.
     */
    private static int[] convTable(Attrs a, Shape x, int[] window, int cout) {
        int rank = a.i("rank");
        int[] st = a.ints("strides");
        boolean two = rank == 2;
        return new int[] {two ? x.dim(1) : 1, x.dim(two ? 2 : 1), x.dim(-1), two ? window[0] : 1, window[two ? 1 : 0], cout,
                two ? st[0] : 1, st[two ? 1 : 0], a.s("padding").equals("same") ? 1 : 0};
    }

    /** An unfused elementwise node as a one-step program. */
    private static FusedProgram single(Node n) {
        List<Integer> args = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) args.add(i);
        return new FusedProgram(n.inputs().size(), List.of(new FusedProgram.Step(n.op(), args, n.attrs())));
    }

    private static void gemm(NodeEmitter e, Node n) {
        MethodVisitor mv = e.mv;
        Attrs a = n.attrs();
        boolean ta = a.b("transA", false), tb = a.b("transB", false);
        Shape xs = e.node(n.input(0)).shape(), ws = e.node(n.input(1)).shape(), os = n.shape();
        int xLast = xs.dim(-1);
        mv.visitInsn(ta ? ICONST_1 : ICONST_0);
        mv.visitInsn(tb ? ICONST_1 : ICONST_0);
        if (!ta) {
            e.product(xs, 0, xs.rank() - 1);          // m
            Emit.pushInt(mv, os.dim(-1));               // n
            Emit.pushInt(mv, xLast);                    // k
        } else {
            Emit.pushInt(mv, xLast);                    // m
            Emit.pushInt(mv, os.dim(-1));               // n
            e.product(xs, 0, xs.rank() - 1);          // k: contraction over x's leading dims
        }
        mv.visitInsn(FCONST_1);
        e.arrayAndOffset(n.input(0));
        Emit.pushInt(mv, xLast);
        e.arrayAndOffset(n.input(1));
        Emit.pushInt(mv, ws.dim(-1));
        mv.visitInsn(FCONST_0);
        e.arrayAndOffset(n.id());
        Emit.pushInt(mv, os.dim(-1));
        if (n.inputs().size() > 2) e.arrayAndOffset(n.input(2));
        else {
            mv.visitInsn(ACONST_NULL);
            mv.visitInsn(ICONST_0);
        }
        String epi = a.has("epilogue") ? a.s("epilogue") : "IDENTITY";
        mv.visitFieldInsn(GETSTATIC, "nnc/runtime/kernels/Epilogue", epi, "Lnnc/runtime/kernels/Epilogue;");
        Emit.invokeStatic(mv, "nnc/runtime/compiled/SmallGemm", "sgemm", "(ZZIIIF[FII[FIIF[FII[FILnnc/runtime/kernels/Epilogue;)V");
    }

    private static NetworkLayout layout(Graph g, MemoryPlan plan, NodeEmitter.IntTables tables) {
        int n = g.size();
        int[] bOff = new int[n], fOff = new int[n];
        boolean[] batched = new boolean[n];
        for (int id = 0; id < n; id++) {
            int s = plan.storage(id);
            if (plan.home[s] != MemoryPlan.Home.ARENA) continue;
            bOff[id] = plan.batchOffset[s];
            fOff[id] = plan.fixedOffset[s];
            batched[id] = plan.inBatchRegion(s);
        }
        List<TensorSpec> inSpecs = new ArrayList<>();
        List<Node> ins = g.modelInputs();
        int[] inNodes = new int[ins.size()];
        for (int i = 0; i < ins.size(); i++) {
            Node in = ins.get(i);
            requireBatched(in);
            inSpecs.add(new TensorSpec(in.name(), perSample(in.shape()), in.dtype() == nnc.ir.DType.I32 ? nnc.runtime.DType.I32 : nnc.runtime.DType.F32));
            inNodes[i] = in.id();
        }
        List<String> outNames = g.modelOutputNames();
        List<TensorSpec> outSpecs = new ArrayList<>();
        int[] outNodes = new int[outNames.size()];
        for (int i = 0; i < outNames.size(); i++) {
            Node o = g.output(outNames.get(i));
            requireBatched(o);
            String name = outNames.get(i).equals("output") ? "output" : outNames.get(i).substring("output.".length());
            outSpecs.add(new TensorSpec(name, perSample(o.shape()), nnc.runtime.DType.F32));
            outNodes[i] = plan.storage(o.id());
        }
        List<Node> targets = g.targets();
        int[] targetNodes = new int[targets.size()];
        for (int i = 0; i < targets.size(); i++) targetNodes[i] = targets.get(i).id();
        int lossNode = g.hasOutput("loss") ? plan.storage(g.output("loss").id()) : -1;
        List<Node> params = g.parameters();
        int[] grads = new int[params.size()];
        for (int i = 0; i < params.size(); i++) {
            String key = "grad." + params.get(i).name();
            int s = g.hasOutput(key) ? plan.storage(g.output(key).id()) : -1;
            grads[i] = s >= 0 && plan.home[s] == MemoryPlan.Home.GRADIENT ? -1 : s;   // written in place
        }
        List<Integer> consts = new ArrayList<>();
        for (Node c : g.nodes()) if (c.op() == Op.CONSTANT && plan.home[c.id()] == MemoryPlan.Home.ARENA) consts.add(c.id());
        int[] constNodes = consts.stream().mapToInt(Integer::intValue).toArray();
        float[] constValues = new float[constNodes.length];
        for (int i = 0; i < constNodes.length; i++) constValues[i] = (float) g.node(constNodes[i]).attrs().d("value");
        return new NetworkLayout(inSpecs, inNodes, outSpecs, outNodes, targetNodes, lossNode, grads,
                bOff, fOff, batched, plan.perSampleTotal, plan.fixedTotal, constNodes, constValues, tables.toArray());
    }

    private static void requireBatched(Node n) {
        if (!n.shape().isBatched()) throw new CodegenException("model input/output %" + n.id() + " must have the batch dimension first");
    }

    private static int[] perSample(Shape s) {
        int[] d = s.dims();
        return java.util.Arrays.copyOfRange(d, 1, d.length);
    }
}
