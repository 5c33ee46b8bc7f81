package nnc.ir;

import java.util.List;

/**
 * One immutable IR node. {@code id} is the node's index in its {@link Graph}; inputs are
 * ids of earlier nodes (a graph is always in topological order).
 */
public record Node(int id, Op op, List<Integer> inputs, Attrs attrs, Shape shape, DType dtype, Origin origin) {
    public Node {
        inputs = List.copyOf(inputs);
    }

    public int input(int i) {
        return inputs.get(i);
    }

    /** The name attribute of inputs and parameters (null for other ops). */
    public String name() {
        return attrs.has("name") ? attrs.s("name") : null;
    }
}
