package nnc.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the invariants every stage must keep: ids equal positions, inputs precede their
 * users (topological order), every node's shape and dtype equal what its op's
 * {@link ShapeRules shape rule} gives, index inputs are integer-typed, names of inputs
 * and parameters are unique, outputs name existing nodes, and fused programs are
 * well-formed. Cheap enough to run after every pass.
 */
public final class Verifier {
    private Verifier() {}

    /** Throws {@link IrException} listing every problem found; returns the graph otherwise. */
    public static Graph verify(Graph g) {
        List<String> errors = check(g);
        if (!errors.isEmpty()) {
            throw new IrException("IR verification failed:\n  " + String.join("\n  ", errors));
        }
        return g;
    }

    public static List<String> check(Graph g) {
        List<String> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < g.size(); i++) {
            Node n = g.node(i);
            String where = "%" + i + " (" + n.op().text() + ")";
            if (n.id() != i) errs.add(where + ": id " + n.id() + " at position " + i);
            boolean ordered = true;
            for (int in : n.inputs()) {
                if (in < 0 || in >= i) {
                    errs.add(where + ": input %" + in + " does not precede it");
                    ordered = false;
                }
            }
            if (!ordered) continue;
            List<ShapeRules.Type> types = new ArrayList<>();
            for (int in : n.inputs()) types.add(new ShapeRules.Type(g.node(in).shape(), g.node(in).dtype()));
            try {
                ShapeRules.Type t = ShapeRules.infer(n.op(), types, n.attrs());
                if (!t.shape().equals(n.shape())) errs.add(where + ": shape " + n.shape() + " but rule gives " + t.shape());
                if (t.dtype() != n.dtype()) errs.add(where + ": dtype " + n.dtype() + " but rule gives " + t.dtype());
            } catch (RuntimeException e) {
                errs.add(where + ": " + e.getMessage());
            }
            if ((n.op() == Op.INPUT || n.op() == Op.PARAMETER) && !names.add(n.op() + ":" + n.name())) {
                errs.add(where + ": duplicate name " + n.name());
            }
            if (n.op() == Op.GATHER && g.node(n.input(1)).dtype() != DType.I32) {
                errs.add(where + ": gather indices must be i32");
            }
            if (n.op() == Op.SCATTER_ADD && g.node(n.input(0)).dtype() != DType.I32) {
                errs.add(where + ": scatter_add indices must be i32");
            }
            if (n.op() == Op.ELEMENTWISE) checkProgram(n, errs, where);
            if (n.op() == Op.MOVING_UPDATE && g.node(n.input(0)).op() != Op.PARAMETER) {
                errs.add(where + ": moving_update must write a parameter");
            }
            if (n.op().isElementwise() || n.op() == Op.MATMUL || n.op() == Op.GEMM) {
                for (int in : n.inputs()) {
                    if (g.node(in).dtype() != DType.F32 && n.op() != Op.ELEMENTWISE) {
                        // integer tensors enter arithmetic only through one_hot / gather
                        errs.add(where + ": arithmetic on i32 value %" + in);
                    }
                }
            }
        }
        for (var e : g.outputs().entrySet()) {
            if (e.getValue() < 0 || e.getValue() >= g.size()) errs.add("output " + e.getKey() + " names missing node %" + e.getValue());
        }
        return errs;
    }

    private static void checkProgram(Node n, List<String> errs, String where) {
        Object p = n.attrs().get("program");
        if (!(p instanceof FusedProgram prog)) {
            errs.add(where + ": program attribute missing");
            return;
        }
        if (prog.inputs() != n.inputs().size()) errs.add(where + ": program expects " + prog.inputs() + " inputs");
        for (int s = 0; s < prog.steps().size(); s++) {
            FusedProgram.Step st = prog.steps().get(s);
            int slot = prog.inputs() + s;
            if (!(st.op().isElementwise() || st.op() == Op.CONSTANT)) errs.add(where + ": step " + s + " is " + st.op());
            int arity = st.op() == Op.CONSTANT ? 0 : st.op().arity;
            if (st.args().size() != arity) errs.add(where + ": step " + s + " arity");
            for (int a : st.args()) if (a < 0 || a >= slot) errs.add(where + ": step " + s + " reads slot " + a);
        }
    }
}
