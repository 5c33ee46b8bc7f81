package nnc.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Graph} node by node, inferring each node's shape and dtype with
 * {@link ShapeRules} (so an ill-typed node fails where it is made). Methods return node
 * ids. The current {@link #at(Origin) origin} is stamped on every new node.
 *
 * <pre>{@code
 * GraphBuilder b = new GraphBuilder();
 * int x = b.input("x", Shape.batched(4));
 * int w = b.parameter("dense.kernel", Shape.of(4, 3), "glorot_uniform");
 * int bias = b.parameter("dense.bias", Shape.of(3), "zeros");
 * int y = b.unary(Op.SOFTMAX, b.add(b.matmul(x, w), bias));
 * b.output("output", y);
 * Graph g = b.build();
 * }</pre>
 */
public final class GraphBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> outputs = new LinkedHashMap<>();
    private Origin origin = Origin.NONE;

    public GraphBuilder() {}

    /** Continues an existing graph: its nodes and outputs are kept, new nodes follow. */
    public static GraphBuilder from(Graph g) {
        GraphBuilder b = new GraphBuilder();
        b.nodes.addAll(g.nodes());
        b.outputs.putAll(g.outputs());
        return b;
    }

    /** Stamps {@code o} on the nodes created from now on. */
    public GraphBuilder at(Origin o) {
        this.origin = o == null ? Origin.NONE : o;
        return this;
    }

    public Origin origin() {
        return origin;
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public Shape shape(int id) {
        return nodes.get(id).shape();
    }

    public int size() {
        return nodes.size();
    }

    /** Adds a node of any op; the general entry point used by passes. */
    public int add(Op op, Attrs attrs, int... inputs) {
        List<ShapeRules.Type> types = new ArrayList<>(inputs.length);
        List<Integer> ins = new ArrayList<>(inputs.length);
        for (int in : inputs) {
            if (in < 0 || in >= nodes.size()) throw new IrException(op.text() + ": input %" + in + " does not exist");
            Node n = nodes.get(in);
            types.add(new ShapeRules.Type(n.shape(), n.dtype()));
            ins.add(in);
        }
        ShapeRules.Type t = ShapeRules.infer(op, types, attrs);
        int id = nodes.size();
        nodes.add(new Node(id, op, ins, attrs, t.shape(), t.dtype(), origin));
        return id;
    }

    /** Adds a copy of {@code n} with new inputs (its origin kept). */
    public int copy(Node n, int... inputs) {
        Origin saved = origin;
        origin = n.origin();
        try {
            return add(n.op(), n.attrs(), inputs);
        } finally {
            origin = saved;
        }
    }

    // ------------------------------------------------------------ sources
    public int input(String name, Shape shape) {
        return input(name, shape, DType.F32);
    }

    public int input(String name, Shape shape, DType dtype) {
        return add(Op.INPUT, Attrs.of("name", name, "shape", shape.dims(), "dtype", dtype.name()));
    }

    /**
     * A loss target: an input that only the loss reads (attribute target=true), one per
     * model output, in output order. The compiled network fills it from {@code Batch.targets()}.
     */
    public int target(String name, Shape shape, DType dtype) {
        return add(Op.INPUT, Attrs.of("name", name, "shape", shape.dims(), "dtype", dtype.name(), "target", true));
    }

    /** A trainable parameter with a named initializer (Keras name, e.g. "glorot_uniform"). */
    public int parameter(String name, Shape shape, String init) {
        return parameter(name, shape, init, true);
    }

    public int parameter(String name, Shape shape, String init, boolean trainable) {
        if (shape.isBatched()) throw new IrException("parameter " + name + " may not be batched");
        return add(Op.PARAMETER, Attrs.of("name", name, "shape", shape.dims(), "init", init, "trainable", trainable));
    }

    public int constant(double value) {
        return constant(value, Shape.scalar());
    }

    public int constant(double value, Shape shape) {
        return add(Op.CONSTANT, Attrs.of("value", value, "shape", shape.dims()));
    }

    // ------------------------------------------------------------ elementwise
    public int unary(Op op, int x) {
        return add(op, Attrs.NONE, x);
    }

    public int unary(Op op, int x, Attrs attrs) {
        return add(op, attrs, x);
    }

    public int binary(Op op, int x, int y) {
        return add(op, Attrs.NONE, x, y);
    }

    public int add(int x, int y) {
        return binary(Op.ADD, x, y);
    }

    public int sub(int x, int y) {
        return binary(Op.SUB, x, y);
    }

    public int mul(int x, int y) {
        return binary(Op.MUL, x, y);
    }

    public int div(int x, int y) {
        return binary(Op.DIV, x, y);
    }

    public int scale(int x, double c) {
        return mul(x, constant(c));
    }

    public int clip(int x, double min, double max) {
        return add(Op.CLIP, Attrs.of("min", min, "max", max), x);
    }

    // ------------------------------------------------------------ structure
    public int matmul(int x, int y) {
        return matmul(x, y, false, false);
    }

    public int matmul(int x, int y, boolean transA, boolean transB) {
        return add(Op.MATMUL, Attrs.of("transA", transA, "transB", transB), x, y);
    }

    public int reduce(Op op, int x, int[] axes, boolean keepdims) {
        return add(op, Attrs.of("axes", axes, "keepdims", keepdims), x);
    }

    /** Reduction over every axis to a scalar. */
    public int reduceAll(Op op, int x) {
        int r = shape(x).rank();
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) axes[i] = i;
        return reduce(op, x, axes, false);
    }

    public int reshape(int x, Shape shape) {
        return add(Op.RESHAPE, Attrs.of("shape", shape.dims()), x);
    }

    public int broadcastTo(int x, Shape shape) {
        return add(Op.BROADCAST_TO, Attrs.of("shape", shape.dims()), x);
    }

    public int transpose(int x, int... perm) {
        return add(Op.TRANSPOSE, Attrs.of("perm", perm), x);
    }

    public int slice(int x, int axis, int start, int end) {
        return add(Op.SLICE, Attrs.of("axis", axis, "start", start, "end", end), x);
    }

    public int reverse(int x, int axis) {
        return add(Op.REVERSE, Attrs.of("axis", axis), x);
    }

    public int concat(int axis, int... xs) {
        return add(Op.CONCAT, Attrs.of("axis", axis), xs);
    }

    public int gather(int table, int indices) {
        return add(Op.GATHER, Attrs.NONE, table, indices);
    }

    public int oneHot(int x, int depth) {
        return add(Op.ONE_HOT, Attrs.of("depth", depth), x);
    }

    public int softmax(int x) {
        return unary(Op.SOFTMAX, x);
    }

    /** Inverted-dropout mask (see {@link Op#DROPOUT_MASK}); {@code stream} separates masks of different layers. */
    public int dropoutMask(Shape shape, double rate, int stream) {
        return add(Op.DROPOUT_MASK, Attrs.of("shape", shape.dims(), "rate", rate, "stream", stream));
    }

    public int gaussianNoise(Shape shape, double stddev, int stream) {
        return add(Op.GAUSSIAN_NOISE, Attrs.of("shape", shape.dims(), "stddev", stddev, "stream", stream));
    }

    /** x in TRAIN/GRADIENT passes, y in INFER passes (see {@link Op#TRAINING_SELECT}). */
    public int trainingSelect(int x, int y) {
        return add(Op.TRAINING_SELECT, Attrs.NONE, x, y);
    }

    /**
     * Moving-average update of a (non-trainable) parameter in TRAIN passes, registered as
     * output {@code update.NAME} so that it runs in the forward phase.
     */
    public int movingUpdate(int param, int value, double momentum) {
        int u = add(Op.MOVING_UPDATE, Attrs.of("momentum", momentum), param, value);
        output("update." + node(param).name(), u);
        return u;
    }

    // ------------------------------------------------------------ outputs
    public GraphBuilder output(String name, int id) {
        outputs.put(name, id);
        return this;
    }

    public Map<String, Integer> outputs() {
        return outputs;
    }

    public Graph build() {
        return new Graph(nodes, outputs);
    }
}
