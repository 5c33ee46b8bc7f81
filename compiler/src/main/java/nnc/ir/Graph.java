package nnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable IR graph: nodes in topological order (node i only reads nodes &lt; i) and
 * named outputs. Output names by convention: {@code output} (or {@code output.NAME} for
 * several model outputs), {@code loss} (the batch-mean scalar loss including penalties)
 * and {@code grad.PARAM} for each trainable parameter. Build one with {@link GraphBuilder};
 * passes return new graphs.
 */
public final class Graph {
    private final List<Node> nodes;
    private final Map<String, Integer> outputs;

    public Graph(List<Node> nodes, Map<String, Integer> outputs) {
        this.nodes = List.copyOf(nodes);
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public int size() {
        return nodes.size();
    }

    /** Named outputs in insertion order. */
    public Map<String, Integer> outputs() {
        return outputs;
    }

    public Node output(String name) {
        Integer id = outputs.get(name);
        if (id == null) throw new IllegalArgumentException("graph has no output '" + name + "'");
        return nodes.get(id);
    }

    public boolean hasOutput(String name) {
        return outputs.containsKey(name);
    }

    /** Model outputs ({@code output} or {@code output.*}) in order. */
    public List<String> modelOutputNames() {
        List<String> r = new ArrayList<>();
        for (String k : outputs.keySet()) if (k.equals("output") || k.startsWith("output.")) r.add(k);
        return r;
    }

    public List<Node> inputs() {
        return byOp(Op.INPUT);
    }

    /** Model inputs (INPUT nodes that are not loss targets), in node order. */
    public List<Node> modelInputs() {
        List<Node> r = new ArrayList<>();
        for (Node n : inputs()) if (!n.attrs().b("target", false)) r.add(n);
        return r;
    }

    /** Loss targets (INPUT nodes with target=true), in node order. */
    public List<Node> targets() {
        List<Node> r = new ArrayList<>();
        for (Node n : inputs()) if (n.attrs().b("target", false)) r.add(n);
        return r;
    }

    public List<Node> parameters() {
        return byOp(Op.PARAMETER);
    }

    public Node input(String name) {
        for (Node n : inputs()) if (name.equals(n.name())) return n;
        throw new IllegalArgumentException("graph has no input '" + name + "'");
    }

    public Node parameter(String name) {
        for (Node n : parameters()) if (name.equals(n.name())) return n;
        throw new IllegalArgumentException("graph has no parameter '" + name + "'");
    }

    private List<Node> byOp(Op op) {
        List<Node> r = new ArrayList<>();
        for (Node n : nodes) if (n.op() == op) r.add(n);
        return r;
    }

    /** uses[i] = how many input slots (plus outputs) read node i. */
    public int[] useCounts() {
        int[] uses = new int[nodes.size()];
        for (Node n : nodes) for (int in : n.inputs()) uses[in]++;
        for (int o : outputs.values()) uses[o]++;
        return uses;
    }

    /** users.get(i) = ids of nodes reading node i (a node reading twice is listed twice). */
    public List<List<Integer>> users() {
        List<List<Integer>> users = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) users.add(new ArrayList<>());
        for (Node n : nodes) for (int in : n.inputs()) users.get(in).add(n.id());
        return users;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
