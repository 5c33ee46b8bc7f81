package nnc.ir;

import java.util.List;

/**
 * The shape and dtype rule of every {@link Op} (documented on the op). Used by
 * {@link GraphBuilder} when a node is created and by the {@link Verifier} to re-check.
 */
public final class ShapeRules {
    private ShapeRules() {}

    /** Result type of a node. */
    public record Type(Shape shape, DType dtype) {}

    public static Type infer(Op op, List<Type> in, Attrs a) {
        if (op.arity >= 0 && in.size() != op.arity) {
            throw new IrException(op.text() + " takes " + op.arity + " inputs, got " + in.size());
        }
        switch (op.kind) {
            case SOURCE, RNG -> {
                DType dt = a.has("dtype") ? DType.valueOf(a.s("dtype")) : DType.F32;
                return new Type(Shape.of(a.ints("shape")), dt);
            }
            case UNARY -> {
                return new Type(in.get(0).shape(), DType.F32);
            }
            case BINARY -> {
                return new Type(broadcast(in.get(0).shape(), in.get(1).shape()), DType.F32);
            }
            case REDUCE -> {
                return new Type(reduced(in.get(0).shape(), a.ints("axes"), a.b("keepdims", false)), DType.F32);
            }
            default -> { }
        }
        return switch (op) {
            case BROADCAST_TO -> {
                Shape target = Shape.of(a.ints("shape"));
                if (!broadcast(in.get(0).shape(), target).equals(target)) {
                    throw new IrException("cannot broadcast " + in.get(0).shape() + " to " + target);
                }
                yield new Type(target, in.get(0).dtype());
            }
            case RESHAPE -> {
                Shape x = in.get(0).shape(), t = Shape.of(a.ints("shape"));
                if (x.isBatched() != t.isBatched() || x.perSample() != t.perSample()) {
                    throw new IrException("cannot reshape " + x + " to " + t);
                }
                yield new Type(t, in.get(0).dtype());
            }
            case TRANSPOSE -> {
                Shape x = in.get(0).shape();
                int[] perm = a.ints("perm");
                if (perm.length != x.rank()) throw new IrException("transpose perm rank mismatch");
                boolean[] seen = new boolean[perm.length];
                int[] d = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) throw new IrException("bad perm");
                    seen[perm[i]] = true;
                    d[i] = x.dim(perm[i]);
                }
                if (x.isBatched() && perm[0] != 0) throw new IrException("transpose may not move the batch axis");
                yield new Type(Shape.of(d), in.get(0).dtype());
            }
            case SLICE -> {
                Shape x = in.get(0).shape();
                int ax = x.axis(a.i("axis")), s = a.i("start"), e = a.i("end");
                if (x.dim(ax) == Shape.BATCH) throw new IrException("cannot slice the batch axis");
                if (s < 0 || e > x.dim(ax) || s >= e) throw new IrException("bad slice " + s + ":" + e + " of " + x);
                yield new Type(x.withDim(ax, e - s), in.get(0).dtype());
            }
            case REVERSE -> {
                Shape x = in.get(0).shape();
                if (x.dim(x.axis(a.i("axis"))) == Shape.BATCH) throw new IrException("cannot reverse the batch axis");
                yield new Type(x, in.get(0).dtype());
            }
            case CONCAT -> {
                Shape first = in.get(0).shape();
                int ax = first.axis(a.i("axis"));
                if (first.dim(ax) == Shape.BATCH) throw new IrException("cannot concat along the batch axis");
                int total = 0;
                for (Type t : in) {
                    Shape s = t.shape();
                    if (s.rank() != first.rank() || !s.withDim(ax, 1).equals(first.withDim(ax, 1))) {
                        throw new IrException("concat shapes differ: " + first + " vs " + s);
                    }
                    total += s.dim(ax);
                }
                yield new Type(first.withDim(ax, total), in.get(0).dtype());
            }
            case MATMUL -> new Type(matmul(in.get(0).shape(), in.get(1).shape(),
                    a.b("transA", false), a.b("transB", false)), DType.F32);
            case GEMM -> {
                if (in.size() < 2 || in.size() > 3) throw new IrException("gemm takes 2 or 3 inputs");
                Shape s = matmul(in.get(0).shape(), in.get(1).shape(), a.b("transA", false), a.b("transB", false));
                if (in.size() == 3) {
                    Shape b = in.get(2).shape();
                    if (b.rank() != 1 || b.dim(0) != s.dim(-1)) throw new IrException("gemm bias " + b + " for " + s);
                }
                yield new Type(s, DType.F32);
            }
            case GATHER -> {
                Shape table = in.get(0).shape();
                if (table.rank() != 2 || table.isBatched()) throw new IrException("gather table must be [V, D]");
                yield new Type(in.get(1).shape().append(table.dim(1)), in.get(0).dtype());
            }
            case SCATTER_ADD -> {
                Shape idx = in.get(0).shape(), upd = in.get(1).shape();
                if (!upd.equals(idx.append(upd.dim(-1)))) throw new IrException("scatter_add updates " + upd + " for indices " + idx);
                yield new Type(Shape.of(a.i("rows"), upd.dim(-1)), DType.F32);
            }
            case ONE_HOT -> new Type(in.get(0).shape().append(a.i("depth")), DType.F32);
            case SOFTMAX -> new Type(in.get(0).shape(), DType.F32);
            case TRAINING_SELECT, MOVING_UPDATE -> {
                if (!in.get(0).shape().equals(in.get(1).shape())) {
                    throw new IrException(op.text() + " needs equal shapes, got " + in.get(0).shape() + " and " + in.get(1).shape());
                }
                yield new Type(op == Op.MOVING_UPDATE ? Shape.scalar() : in.get(0).shape(), DType.F32);
            }
            case SOFTMAX_XENT -> {
                Shape x = in.get(0).shape();
                if (!x.equals(in.get(1).shape())) throw new IrException("softmax_xent shapes " + x + " vs " + in.get(1).shape());
                yield new Type(x.dropAxis(-1), DType.F32);
            }
            case ELEMENTWISE -> {
                Shape s = Shape.of(a.ints("shape"));
                for (Type t : in) {
                    if (!broadcast(t.shape(), s).equals(s)) throw new IrException("fused operand " + t.shape() + " does not broadcast to " + s);
                }
                yield new Type(s, DType.F32);
            }
            case CONV -> new Type(convOut(in.get(0).shape(), in.get(1).shape(), a), DType.F32);
            case CONV_BACKPROP_INPUT -> new Type(Shape.of(a.ints("inShape")), DType.F32);
            case CONV_BACKPROP_FILTER -> new Type(Shape.of(a.ints("kernelShape")), DType.F32);
            case POOL -> new Type(poolOut(in.get(0).shape(), a), DType.F32);
            case POOL_GRAD -> new Type(in.get(0).shape(), DType.F32);
            case SCAN -> {
                Shape x = in.get(0).shape(), rk = in.get(1).shape();
                int u = a.i("units"), gates = Recurrent.gates(a.s("cell"));
                int arity = a.s("cell").equals("gru") ? 3 : 2;
                if (in.size() != arity || (arity == 3 && !in.get(2).shape().equals(Shape.of(gates * u)))) {
                    throw new IrException("scan(" + a.s("cell") + ") takes " + arity + " inputs" + (arity == 3 ? " (recurrent bias [" + gates * u + "])" : ""));
                }
                if (x.rank() != 3 || x.dim(-1) != gates * u || !rk.equals(Shape.of(u, gates * u))) {
                    throw new IrException("scan(" + a.s("cell") + ", units " + u + ") of " + x + " with recurrent kernel " + rk);
                }
                yield new Type(x.withDim(-1, Recurrent.stateWidth(a.s("cell")) * u), DType.F32);
            }
            case SCAN_GRAD -> {
                Shape st = in.get(0).shape();
                if (!st.equals(in.get(1).shape())) throw new IrException("scan_grad: gradient " + in.get(1).shape() + " for state " + st);
                yield new Type(st.withDim(-1, Recurrent.gradWidth(a.s("cell")) * a.i("units")), DType.F32);
            }
            default -> throw new IrException("no shape rule for " + op);
        };
    }

    /** NumPy broadcasting with the batch dim matching only itself or 1. */
    public static Shape broadcast(Shape x, Shape y) {
        int r = Math.max(x.rank(), y.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int xi = i - (r - x.rank()), yi = i - (r - y.rank());
            int a = xi >= 0 ? x.dim(xi) : 1, b = yi >= 0 ? y.dim(yi) : 1;
            if (a == b || b == 1) d[i] = a;
            else if (a == 1) d[i] = b;
            else throw new IrException("shapes " + x + " and " + y + " do not broadcast");
        }
        try {
            return Shape.of(d);
        } catch (IllegalArgumentException e) {
            throw new IrException("shapes " + x + " and " + y + " broadcast the batch dim off axis 0");
        }
    }

    public static Shape reduced(Shape x, int[] axes, boolean keepdims) {
        boolean[] red = new boolean[x.rank()];
        for (int ax : axes) red[x.axis(ax)] = true;
        int n = 0;
        for (int i = 0; i < x.rank(); i++) if (!red[i] || keepdims) n++;
        int[] d = new int[n];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (!red[i]) d[j++] = x.dim(i);
            else if (keepdims) d[j++] = 1;
        }
        return Shape.of(d);
    }

    /**
     * op(x) @ op(y). Without transA: x [..., k] (leading dims flattened into m), y [k, n]
     * (or [n, k] with transB) gives [..., n]. With transA: the contraction runs over all
     * leading dims of x: x [..., k] and y [..., n] with equal leading dims give [k, n]
     * (with transB as well both are rank 2: x [m, k], y [n, m]).
     */
    static Shape matmul(Shape x, Shape y, boolean ta, boolean tb) {
        String what = "matmul" + (ta ? "^T" : "") + (tb ? " ^T" : "") + " of " + x + " and " + y;
        if (x.rank() < 2) throw new IrException(what + ": needs rank >= 2 operands");
        try {
            if (!ta) {
                if (y.rank() != 2) throw new IrException(what + ": right operand must be [k, n]");
                int yk = tb ? y.dim(1) : y.dim(0), n = tb ? y.dim(0) : y.dim(1);
                if (x.dim(-1) != yk) throw new IrException(what + ": inner dims differ");
                return x.withDim(-1, n);
            }
            if (!tb) {
                if (y.rank() != x.rank() || !x.withDim(-1, 1).equals(y.withDim(-1, 1))) {
                    throw new IrException(what + ": leading dims must agree");
                }
                return Shape.of(x.dim(-1), y.dim(-1));
            }
            if (x.rank() != 2 || y.rank() != 2 || x.dim(0) != y.dim(1)) throw new IrException(what + ": inner dims differ");
            return Shape.of(x.dim(1), y.dim(0));
        } catch (IllegalArgumentException e) {
            throw new IrException(what + ": the batch dim would not lead the result");
        }
    }

    /** floor((n - k)/s) + 1 for valid padding, ceil(n/s) for same. */
    public static int convSize(int n, int k, int s, String padding) {
        return padding.equals("same") ? (n + s - 1) / s : (n - k) / s + 1;
    }

    private static Shape convOut(Shape x, Shape k, Attrs a) {
        int rank = a.i("rank");
        int[] st = a.ints("strides");
        int[] d = new int[rank + 2];
        d[0] = x.dim(0);
        for (int i = 0; i < rank; i++) d[i + 1] = convSize(x.dim(i + 1), k.dim(i), st[i], a.s("padding"));
        d[rank + 1] = k.dim(-1);
        return Shape.of(d);
    }

    private static Shape poolOut(Shape x, Attrs a) {
        int rank = a.i("rank");
        int[] p = a.ints("pool"), st = a.ints("strides");
        int[] d = x.dims();
        for (int i = 0; i < rank; i++) d[i + 1] = convSize(x.dim(i + 1), p[i], st[i], a.s("padding"));
        return Shape.of(d);
    }
}
