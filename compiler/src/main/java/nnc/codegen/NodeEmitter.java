package nnc.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.opt.MemoryPlan;
import org.objectweb.asm.MethodVisitor;

/**
 * Per-node emission context: how to push a value's array and offset, element counts that
 * depend on the run-time batch size, int tables and fresh locals. A node method has the
 * signature {@code (float[] a, int n, int mode)}: local 1 is the arena, 2 the batch
 * size, 3 the pass's {@code Mode.ordinal()}.
 */
final class NodeEmitter {
    static final String BASE = "nnc/runtime/compiled/CompiledNetwork";
    static final String PRIMS = "nnc/runtime/compiled/Prims";
    static final String SCALAR = "nnc/runtime/compiled/Scalar";
    static final String CONV = "nnc/runtime/compiled/ConvOps";
    static final String WS = "Lnnc/runtime/compiled/Workspace;";
    static final int A = 1, N = 2, MODE = 3;

    final Graph g;
    final MemoryPlan plan;
    final Map<Integer, Integer> paramIndex;
    final IntTables tables;
    final String self;
    MethodVisitor mv;
    private int nextLocal;

    NodeEmitter(Graph g, MemoryPlan plan, Map<Integer, Integer> paramIndex, IntTables tables, String self) {
        this.g = g;
        this.plan = plan;
        this.paramIndex = paramIndex;
        this.tables = tables;
        this.self = self;
    }

    void begin(MethodVisitor mv) {
        this.mv = mv;
        this.nextLocal = 4;
    }

    int newLocal(int slots) {
        int l = nextLocal;
        nextLocal += slots;
        return l;
    }

    /** Pushes the float[] holding node id's value. */
    void array(int id) {
        int s = plan.storage(id);
        if (plan.home[s] == MemoryPlan.Home.PARAMETER) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, self, "params", "[Lnnc/runtime/Parameter;");
            Emit.pushInt(mv, paramIndex.get(s));
            mv.visitInsn(AALOAD);
            mv.visitFieldInsn(GETFIELD, "nnc/runtime/Parameter", "value", "[F");
        } else if (plan.home[s] == MemoryPlan.Home.GRADIENT) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, self, "params", "[Lnnc/runtime/Parameter;");
            Emit.pushInt(mv, paramIndex.get(plan.gradientOf[s]));
            mv.visitInsn(AALOAD);
            mv.visitFieldInsn(GETFIELD, "nnc/runtime/Parameter", "grad", "[F");
        } else if (plan.home[s] == MemoryPlan.Home.ARENA) {
            mv.visitVarInsn(ALOAD, A);
        } else {
            throw new CodegenException("value %" + id + " has no storage");
        }
    }

    /** Pushes the start offset of node id's value within its array. */
    void offset(int id) {
        int s = plan.storage(id);
        if (plan.home[s] == MemoryPlan.Home.PARAMETER || plan.home[s] == MemoryPlan.Home.GRADIENT) {
            mv.visitInsn(ICONST_0);
        } else {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, self, "off", "[I");
            Emit.pushInt(mv, s);
            mv.visitInsn(IALOAD);
        }
    }

    void arrayAndOffset(int id) {
        array(id);
        offset(id);
    }

    /** Pushes the element count of a shape: a constant, or n times the per-sample size. */
    void count(Shape s) {
        scaled(s.isBatched(), s.perSample());
    }

    /** Pushes {@code factor}, times n when {@code batched}. */
    void scaled(boolean batched, int factor) {
        if (batched) {
            mv.visitVarInsn(ILOAD, N);
            if (factor != 1) {
                Emit.pushInt(mv, factor);
                mv.visitInsn(IMUL);
            }
        } else {
            Emit.pushInt(mv, factor);
        }
    }

    /** Product of dims [from, to) of s, pushed (batch dim counts as n). */
    void product(Shape s, int from, int to) {
        boolean batched = false;
        int p = 1;
        for (int i = from; i < to; i++) {
            if (s.dim(i) == Shape.BATCH) batched = true;
            else p *= s.dim(i);
        }
        scaled(batched, p);
    }

    /** Pushes an int[] constant (from the network's table). */
    void intArray(int[] values) {
        int k = tables.index(values);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, self, "ints", "[[I");
        Emit.pushInt(mv, k);
        mv.visitInsn(AALOAD);
    }

    Node node(int id) {
        return g.node(id);
    }

    /** The int tables of a network; table 0 is the per-node element count (per sample if batched). */
    static final class IntTables {
        final List<int[]> tables = new ArrayList<>();

        int index(int[] v) {
            for (int i = 0; i < tables.size(); i++) if (Arrays.equals(tables.get(i), v)) return i;
            tables.add(v.clone());
            return tables.size() - 1;
        }

        int[][] toArray() {
            return tables.toArray(new int[0][]);
        }
    }
}
