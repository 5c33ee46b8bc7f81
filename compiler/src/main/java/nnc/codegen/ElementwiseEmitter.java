package nnc.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import nnc.ir.Attrs;
import nnc.ir.FusedProgram;
import nnc.ir.Node;
import nnc.ir.Op;
import nnc.ir.Shape;
import nnc.opt.Broadcast;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits one fused elementwise group as a loop nest: rows r over R = total / C and, inside,
 * columns j over C, where C is the output's last dimension when an operand is broadcast
 * along rows or columns (a bias [n], a [N, 1] statistic) and the whole output otherwise.
 * The inner loop has a Vector API part ({@code FloatVector.SPECIES_PREFERRED}, up to
 * {@code loopBound(C)}) and a scalar tail; the vector part is skipped when the network's
 * {@code vector} flag is off ({@code -Dnnc.scalar=true}) or when a step has no vector form.
 * Every step's value lives in a local, so the loop body reads as the group's program.
 */
final class ElementwiseEmitter {
    private static final String FV = "jdk/incubator/vector/FloatVector";
    private static final String FVD = "L" + FV + ";";
    private static final String VEC = "Ljdk/incubator/vector/Vector;";
    private static final String SPECIES = "Ljdk/incubator/vector/VectorSpecies;";
    private static final String VOPS = "jdk/incubator/vector/VectorOperators";
    private static final String MASK = "Ljdk/incubator/vector/VectorMask;";

    /** Steps with a vector form here. */
    private static final Set<Op> VECTOR_OPS = EnumSet.of(Op.CONSTANT, Op.NEG, Op.ABS, Op.SQUARE, Op.SQRT, Op.EXP, Op.LOG,
            Op.RECIPROCAL, Op.RELU, Op.SIGMOID, Op.TANH, Op.SOFTSIGN, Op.HARD_SIGMOID, Op.CLIP, Op.STEP, Op.LEAKY_RELU,
            Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM, Op.GE);

    private ElementwiseEmitter() {}

    static boolean vectorizable(FusedProgram p) {
        for (FusedProgram.Step s : p.steps()) {
            if (!VECTOR_OPS.contains(s.op())) return false;
            if (s.op() == Op.LEAKY_RELU && s.attrs().d("alpha") > 1) return false;
        }
        return true;
    }

    /** Emits node {@code n} (an {@code elementwise} node, or a plain unary/binary node as a one-step group). */
    static void emit(NodeEmitter e, Node n, FusedProgram p) {
        MethodVisitor mv = e.mv;
        Shape out = n.shape();
        int k = p.inputs();
        Broadcast[] kind = new Broadcast[k];
        boolean twoLevel = false;
        for (int j = 0; j < k; j++) {
            kind[j] = Broadcast.of(e.node(n.input(j)).shape(), out);
            if (kind[j] == Broadcast.GENERAL) throw new CodegenException("operand %" + n.input(j) + " of %" + n.id() + " needs an explicit broadcast_to");
            if (kind[j] == Broadcast.SUFFIX || kind[j] == Broadcast.ROWS) twoLevel = true;
        }
        int lastDim = out.rank() == 0 ? 1 : out.dim(-1);
        // totals
        int total = e.newLocal(1), cols = e.newLocal(1), rows = e.newLocal(1);
        e.count(out);
        mv.visitVarInsn(ISTORE, total);
        if (twoLevel) Emit.pushInt(mv, lastDim);
        else mv.visitVarInsn(ILOAD, total);
        mv.visitVarInsn(ISTORE, cols);
        mv.visitVarInsn(ILOAD, total);
        mv.visitVarInsn(ILOAD, cols);
        mv.visitInsn(IDIV);
        mv.visitVarInsn(ISTORE, rows);
        // operand arrays and bases
        int[] arr = new int[k], base = new int[k], rowBase = new int[k], scal = new int[k], vin = new int[k];
        for (int j = 0; j < k; j++) {
            int id = n.input(j);
            if (kind[j] == Broadcast.SCALAR) {
                scal[j] = e.newLocal(1);
                e.array(id);
                e.offset(id);
                mv.visitInsn(FALOAD);
                mv.visitVarInsn(FSTORE, scal[j]);
                continue;
            }
            arr[j] = e.newLocal(1);
            base[j] = e.newLocal(1);
            rowBase[j] = e.newLocal(1);
            e.array(id);
            mv.visitVarInsn(ASTORE, arr[j]);
            e.offset(id);
            mv.visitVarInsn(ISTORE, base[j]);
            if (kind[j] == Broadcast.ROWS) scal[j] = e.newLocal(1);
        }
        int outArr = e.newLocal(1), outBase = e.newLocal(1), outRow = e.newLocal(1);
        e.array(n.id());   // the arena, or a parameter's gradient array written in place
        mv.visitVarInsn(ASTORE, outArr);
        e.offset(n.id());
        mv.visitVarInsn(ISTORE, outBase);
        boolean vec = vectorizable(p);
        int upper = e.newLocal(1), step = e.newLocal(1);
        if (vec) {
            Label noVec = new Label(), done = new Label();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, e.self, "vector", "Z");
            mv.visitJumpInsn(IFEQ, noVec);
            species(mv);
            mv.visitVarInsn(ILOAD, cols);
            mv.visitMethodInsn(INVOKEINTERFACE, "jdk/incubator/vector/VectorSpecies", "loopBound", "(I)I", true);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(noVec);
            mv.visitInsn(ICONST_0);
            mv.visitLabel(done);
            mv.visitVarInsn(ISTORE, upper);
            species(mv);
            mv.visitMethodInsn(INVOKEINTERFACE, "jdk/incubator/vector/VectorSpecies", "length", "()I", true);
            mv.visitVarInsn(ISTORE, step);
        }
        int r = e.newLocal(1), jj = e.newLocal(1);
        int[] slot = new int[k + p.steps().size()];   // float locals for the scalar body
        int[] vslot = new int[k + p.steps().size()];  // vector locals
        for (int s = 0; s < slot.length; s++) {
            slot[s] = e.newLocal(1);
            vslot[s] = vec ? e.newLocal(1) : -1;
        }
        // for (r = 0; r < rows; r++)
        Label rowTest = new Label(), rowBody = new Label();
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, r);
        mv.visitJumpInsn(GOTO, rowTest);
        mv.visitLabel(rowBody);
        // row bases
        for (int j = 0; j < k; j++) {
            int id = n.input(j);
            switch (kind[j]) {
                case FULL -> {
                    mv.visitVarInsn(ILOAD, base[j]);
                    mv.visitVarInsn(ILOAD, r);
                    mv.visitVarInsn(ILOAD, cols);
                    mv.visitInsn(IMUL);
                    mv.visitInsn(IADD);
                    mv.visitVarInsn(ISTORE, rowBase[j]);
                }
                case SUFFIX -> {   // base + (r % (size / C)) * C
                    int size = e.node(id).shape().perSample();
                    mv.visitVarInsn(ILOAD, base[j]);
                    mv.visitVarInsn(ILOAD, r);
                    Emit.pushInt(mv, Math.max(1, size / lastDim));
                    mv.visitInsn(IREM);
                    mv.visitVarInsn(ILOAD, cols);
                    mv.visitInsn(IMUL);
                    mv.visitInsn(IADD);
                    mv.visitVarInsn(ISTORE, rowBase[j]);
                }
                case ROWS -> {   // value a[base + r / (out / size / C)]
                    int q = Math.max(1, out.perSample() / e.node(id).shape().perSample() / lastDim);
                    mv.visitVarInsn(ALOAD, arr[j]);
                    mv.visitVarInsn(ILOAD, base[j]);
                    mv.visitVarInsn(ILOAD, r);
                    Emit.pushInt(mv, q);
                    mv.visitInsn(IDIV);
                    mv.visitInsn(IADD);
                    mv.visitInsn(FALOAD);
                    mv.visitVarInsn(FSTORE, scal[j]);
                }
                default -> { }
            }
        }
        mv.visitVarInsn(ILOAD, outBase);
        mv.visitVarInsn(ILOAD, r);
        mv.visitVarInsn(ILOAD, cols);
        mv.visitInsn(IMUL);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, outRow);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, jj);
        if (vec) {
            // for (; j < upper; j += step) { vector body }
            Label vTest = new Label(), vBody = new Label();
            mv.visitJumpInsn(GOTO, vTest);
            mv.visitLabel(vBody);
            for (int j = 0; j < k; j++) {
                if (kind[j] == Broadcast.FULL || kind[j] == Broadcast.SUFFIX) {
                    species(mv);
                    mv.visitVarInsn(ALOAD, arr[j]);
                    mv.visitVarInsn(ILOAD, rowBase[j]);
                    mv.visitVarInsn(ILOAD, jj);
                    mv.visitInsn(IADD);
                    mv.visitMethodInsn(INVOKESTATIC, FV, "fromArray", "(" + SPECIES + "[FI)" + FVD, false);
                } else {
                    species(mv);
                    mv.visitVarInsn(FLOAD, scal[j]);
                    mv.visitMethodInsn(INVOKESTATIC, FV, "broadcast", "(" + SPECIES + "F)" + FVD, false);
                }
                mv.visitVarInsn(ASTORE, vslot[j]);
            }
            for (int s = 0; s < p.steps().size(); s++) {
                vectorStep(mv, p.steps().get(s), vslot);
                mv.visitVarInsn(ASTORE, vslot[k + s]);
            }
            mv.visitVarInsn(ALOAD, vslot[vslot.length - 1]);
            mv.visitVarInsn(ALOAD, outArr);
            mv.visitVarInsn(ILOAD, outRow);
            mv.visitVarInsn(ILOAD, jj);
            mv.visitInsn(IADD);
            mv.visitMethodInsn(INVOKEVIRTUAL, FV, "intoArray", "([FI)V", false);
            mv.visitVarInsn(ILOAD, jj);
            mv.visitVarInsn(ILOAD, step);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, jj);
            mv.visitLabel(vTest);
            mv.visitVarInsn(ILOAD, jj);
            mv.visitVarInsn(ILOAD, upper);
            mv.visitJumpInsn(IF_ICMPLT, vBody);
        }
        // scalar tail: for (; j < cols; j++)
        Label sTest = new Label(), sBody = new Label();
        mv.visitJumpInsn(GOTO, sTest);
        mv.visitLabel(sBody);
        for (int j = 0; j < k; j++) {
            if (kind[j] == Broadcast.FULL || kind[j] == Broadcast.SUFFIX) {
                mv.visitVarInsn(ALOAD, arr[j]);
                mv.visitVarInsn(ILOAD, rowBase[j]);
                mv.visitVarInsn(ILOAD, jj);
                mv.visitInsn(IADD);
                mv.visitInsn(FALOAD);
            } else {
                mv.visitVarInsn(FLOAD, scal[j]);
            }
            mv.visitVarInsn(FSTORE, slot[j]);
        }
        for (int s = 0; s < p.steps().size(); s++) {
            scalarStep(mv, p.steps().get(s), slot);
            mv.visitVarInsn(FSTORE, slot[k + s]);
        }
        mv.visitVarInsn(ALOAD, outArr);
        mv.visitVarInsn(ILOAD, outRow);
        mv.visitVarInsn(ILOAD, jj);
        mv.visitInsn(IADD);
        mv.visitVarInsn(FLOAD, slot[slot.length - 1]);
        mv.visitInsn(FASTORE);
        mv.visitIincInsn(jj, 1);
        mv.visitLabel(sTest);
        mv.visitVarInsn(ILOAD, jj);
        mv.visitVarInsn(ILOAD, cols);
        mv.visitJumpInsn(IF_ICMPLT, sBody);
        // next row
        mv.visitIincInsn(r, 1);
        mv.visitLabel(rowTest);
        mv.visitVarInsn(ILOAD, r);
        mv.visitVarInsn(ILOAD, rows);
        mv.visitJumpInsn(IF_ICMPLT, rowBody);
    }

    private static void species(MethodVisitor mv) {
        mv.visitFieldInsn(GETSTATIC, FV, "SPECIES_PREFERRED", SPECIES);
    }

    private static void scalarCall(MethodVisitor mv, String name, int floats) {
        mv.visitMethodInsn(INVOKESTATIC, NodeEmitter.SCALAR, name, "(" + "F".repeat(floats) + ")F", false);
    }

    /** Leaves the step's float value on the stack. */
    static void scalarStep(MethodVisitor mv, FusedProgram.Step st, int[] slot) {
        List<Integer> a = st.args();
        Attrs at = st.attrs();
        if (st.op() == Op.CONSTANT) {
            Emit.pushFloat(mv, (float) at.d("value"));
            return;
        }
        for (int x : a) mv.visitVarInsn(FLOAD, slot[x]);
        switch (st.op()) {
            case NEG -> mv.visitInsn(FNEG);
            case ABS -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "abs", "(F)F", false);
            case SQUARE -> {
                mv.visitVarInsn(FLOAD, slot[a.get(0)]);
                mv.visitInsn(FMUL);
            }
            case SQRT -> scalarCall(mv, "sqrt", 1);
            case EXP -> scalarCall(mv, "exp", 1);
            case LOG -> scalarCall(mv, "log", 1);
            case RECIPROCAL -> {
                mv.visitInsn(FCONST_1);
                mv.visitInsn(SWAP);
                mv.visitInsn(FDIV);
            }
            case SIGN -> scalarCall(mv, "sign", 1);
            case STEP -> scalarCall(mv, "step", 1);
            case RELU -> scalarCall(mv, "relu", 1);
            case LEAKY_RELU -> {
                Emit.pushFloat(mv, (float) at.d("alpha"));
                scalarCall(mv, "leakyRelu", 2);
            }
            case ELU -> {
                Emit.pushFloat(mv, (float) at.d("alpha"));
                scalarCall(mv, "elu", 2);
            }
            case SELU -> scalarCall(mv, "selu", 1);
            case GELU -> scalarCall(mv, "gelu", 1);
            case GELU_GRAD -> scalarCall(mv, "geluGrad", 1);
            case SIGMOID -> scalarCall(mv, "sigmoid", 1);
            case HARD_SIGMOID -> scalarCall(mv, "hardSigmoid", 1);
            case TANH -> scalarCall(mv, "tanh", 1);
            case SOFTPLUS -> scalarCall(mv, "softplus", 1);
            case SOFTSIGN -> scalarCall(mv, "softsign", 1);
            case CLIP -> {
                Emit.pushFloat(mv, (float) at.d("min"));
                Emit.pushFloat(mv, (float) at.d("max"));
                scalarCall(mv, "clip", 3);
            }
            case ADD -> mv.visitInsn(FADD);
            case SUB -> mv.visitInsn(FSUB);
            case MUL -> mv.visitInsn(FMUL);
            case DIV -> mv.visitInsn(FDIV);
            case MAXIMUM -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "max", "(FF)F", false);
            case MINIMUM -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(FF)F", false);
            case GE -> scalarCall(mv, "ge", 2);
            default -> throw new CodegenException("no scalar form for " + st.op());
        }
    }

    private static void fv(MethodVisitor mv, String name, String desc) {
        mv.visitMethodInsn(INVOKEVIRTUAL, FV, name, desc, false);
    }

    private static void unaryOp(MethodVisitor mv, String op) {
        mv.visitFieldInsn(GETSTATIC, VOPS, op, "L" + VOPS + "$Unary;");
        fv(mv, "lanewise", "(L" + VOPS + "$Unary;)" + FVD);
    }

    private static void broadcastConst(MethodVisitor mv, float v) {
        species(mv);
        Emit.pushFloat(mv, v);
        mv.visitMethodInsn(INVOKESTATIC, FV, "broadcast", "(" + SPECIES + "F)" + FVD, false);
    }

    /** Leaves the step's FloatVector on the stack. */
    static void vectorStep(MethodVisitor mv, FusedProgram.Step st, int[] vslot) {
        List<Integer> a = st.args();
        Attrs at = st.attrs();
        String bin = "(" + VEC + ")" + FVD, scal = "(F)" + FVD;
        switch (st.op()) {
            case CONSTANT -> broadcastConst(mv, (float) at.d("value"));
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> {
                mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                mv.visitVarInsn(ALOAD, vslot[a.get(1)]);
                String name = switch (st.op()) {
                    case ADD -> "add";
                    case SUB -> "sub";
                    case MUL -> "mul";
                    case DIV -> "div";
                    case MAXIMUM -> "max";
                    default -> "min";
                };
                fv(mv, name, bin);
            }
            case GE -> {   // 0 blended with 1 where x >= y
                broadcastConst(mv, 0f);
                mv.visitInsn(FCONST_1);
                mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                mv.visitFieldInsn(GETSTATIC, VOPS, "GE", "L" + VOPS + "$Comparison;");
                mv.visitVarInsn(ALOAD, vslot[a.get(1)]);
                fv(mv, "compare", "(L" + VOPS + "$Comparison;" + VEC + ")" + MASK);
                fv(mv, "blend", "(F" + MASK + ")" + FVD);
            }
            case STEP -> {
                broadcastConst(mv, 0f);
                mv.visitInsn(FCONST_1);
                mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                mv.visitFieldInsn(GETSTATIC, VOPS, "GT", "L" + VOPS + "$Comparison;");
                mv.visitInsn(FCONST_0);
                fv(mv, "compare", "(L" + VOPS + "$Comparison;F)" + MASK);
                fv(mv, "blend", "(F" + MASK + ")" + FVD);
            }
            default -> {
                mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                switch (st.op()) {
                    case NEG -> fv(mv, "neg", "()" + FVD);
                    case ABS -> fv(mv, "abs", "()" + FVD);
                    case SQUARE -> {
                        mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                        fv(mv, "mul", bin);
                    }
                    case SQRT -> unaryOp(mv, "SQRT");
                    case EXP -> unaryOp(mv, "EXP");
                    case LOG -> unaryOp(mv, "LOG");
                    case TANH -> unaryOp(mv, "TANH");
                    case RECIPROCAL -> {
                        mv.visitVarInsn(ASTORE, vslot[vslot.length - 1]);
                        broadcastConst(mv, 1f);
                        mv.visitVarInsn(ALOAD, vslot[vslot.length - 1]);
                        fv(mv, "div", bin);
                    }
                    case RELU -> {
                        mv.visitInsn(FCONST_0);
                        fv(mv, "max", scal);
                    }
                    case LEAKY_RELU -> {   // max(x, alpha x) for alpha <= 1
                        mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                        Emit.pushFloat(mv, (float) at.d("alpha"));
                        fv(mv, "mul", scal);
                        fv(mv, "max", bin);
                    }
                    case SIGMOID -> {   // 1 / (1 + exp(-x))
                        fv(mv, "neg", "()" + FVD);
                        unaryOp(mv, "EXP");
                        mv.visitInsn(FCONST_1);
                        fv(mv, "add", scal);
                        mv.visitVarInsn(ASTORE, vslot[vslot.length - 1]);
                        broadcastConst(mv, 1f);
                        mv.visitVarInsn(ALOAD, vslot[vslot.length - 1]);
                        fv(mv, "div", bin);
                    }
                    case SOFTSIGN -> {
                        mv.visitVarInsn(ALOAD, vslot[a.get(0)]);
                        fv(mv, "abs", "()" + FVD);
                        mv.visitInsn(FCONST_1);
                        fv(mv, "add", scal);
                        fv(mv, "div", bin);
                    }
                    case HARD_SIGMOID -> {
                        Emit.pushFloat(mv, 1f / 6f);
                        fv(mv, "mul", scal);
                        Emit.pushFloat(mv, 0.5f);
                        fv(mv, "add", scal);
                        mv.visitInsn(FCONST_0);
                        fv(mv, "max", scal);
                        mv.visitInsn(FCONST_1);
                        fv(mv, "min", scal);
                    }
                    case CLIP -> {
                        Emit.pushFloat(mv, (float) at.d("min"));
                        fv(mv, "max", scal);
                        Emit.pushFloat(mv, (float) at.d("max"));
                        fv(mv, "min", scal);
                    }
                    default -> throw new CodegenException("no vector form for " + st.op());
                }
            }
        }
    }
}
