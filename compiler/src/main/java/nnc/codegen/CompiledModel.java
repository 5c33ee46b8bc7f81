package nnc.codegen;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.runtime.Initializer;
import nnc.runtime.Parameter;
import nnc.runtime.Regularizer;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.compiled.NetworkLayout;
import nnc.runtime.train.Initializers;

/**
 * The result of code generation: the class file bytes, the layout the class needs at run
 * time and the optimised graph it came from. {@link #newInstance()} defines the class in
 * its own class loader (once) and returns a fresh network with fresh parameters.
 */
public final class CompiledModel {
    private final String className;
    private final byte[] bytes;
    private final NetworkLayout layout;
    private final Graph graph;
    private Class<?> cls;

    CompiledModel(String className, byte[] bytes, NetworkLayout layout, Graph graph) {
        this.className = className;
        this.bytes = bytes;
        this.layout = layout;
        this.graph = graph;
    }

    public String className() {
        return className;
    }

    /** The class file (also what {@code nnc build} would put in a jar). */
    public byte[] classBytes() {
        return bytes.clone();
    }

    public NetworkLayout layout() {
        return layout;
    }

    public Graph graph() {
        return graph;
    }

    /** The text form of the class for {@code nnc emit --stage bytecode}. */
    public String bytecodeText() {
        return BytecodeText.print(bytes);
    }

    /**
     * A new network whose parameters are created from the graph's PARAMETER nodes in
     * order: name, shape, trainable, the Keras initializer named by attribute {@code init}
     * (values still zero: call {@code Initializers.initialize(net.parameters(), seed)} or
     * load weights). Regularizer penalties are part of the compiled loss (lowered to IR),
     * so the Parameter objects carry {@link Regularizer#NONE}: nothing adds them twice.
     */
    public TrainableNetwork newInstance() {
        List<Parameter> ps = new ArrayList<>();
        for (Node p : graph.parameters()) {
            int[] shape = p.shape().dims();
            boolean trainable = p.attrs().b("trainable", true);
            Initializer init = initializer(p.attrs().has("init") ? p.attrs().s("init") : "zeros");
            ps.add(trainable ? Parameter.trainable(p.name(), shape, init, Regularizer.NONE) : Parameter.frozen(p.name(), shape, init));
        }
        return newInstance(ps);
    }

    /** A new network over the given parameters (same order, names and shapes as the graph's). */
    public TrainableNetwork newInstance(List<Parameter> params) {
        List<Node> nodes = graph.parameters();
        if (params.size() != nodes.size()) throw new IllegalArgumentException("expected " + nodes.size() + " parameters");
        for (int i = 0; i < nodes.size(); i++) {
            if (params.get(i).size() != nodes.get(i).shape().perSample()) {
                throw new IllegalArgumentException("parameter " + params.get(i).name() + " has the wrong size for " + nodes.get(i).name());
            }
        }
        try {
            Constructor<?> c = definedClass().getConstructor(NetworkLayout.class, Parameter[].class);
            return (TrainableNetwork) c.newInstance(layout, params.toArray(new Parameter[0]));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated class " + className, e);
        }
    }

    /** The generated class, defined in its own loader on first use. */
    public synchronized Class<?> definedClass() {
        if (cls == null) cls = new Loader(CompiledModel.class.getClassLoader()).define(className, bytes);
        return cls;
    }

    private static Initializer initializer(String name) {
        try {
            return Initializers.byName(name);
        } catch (RuntimeException e) {
            return null;   // unknown here: the caller loads or sets the values
        }
    }

    /** One loader per compiled model, so a recompiled model never clashes with an old one. */
    private static final class Loader extends ClassLoader {
        Loader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] b) {
            return defineClass(name, b, 0, b.length);
        }
    }
}
