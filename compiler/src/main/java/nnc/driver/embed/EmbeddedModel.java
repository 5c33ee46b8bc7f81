package nnc.driver.embed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nnc.runtime.DType;
import nnc.runtime.Parameter;
import nnc.runtime.Regularizer;
import nnc.runtime.TensorSpec;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.compiled.NetworkLayout;
import nnc.runtime.io.Weights;

/**
 * The loader inside a jar made by {@code nnc build}: it depends on the runtime only. The jar holds
 * the generated model class, this class, the runtime, {@code nnc-model/model.bin} (the class name,
 * the arena layout and the parameter list) and, when built with {@code --weights}, the weights as
 * {@code nnc-model/weights.safetensors}.
 *
 * <pre>{@code
 * TrainableNetwork net = EmbeddedModel.load();   // weights loaded when the jar has them
 * }</pre>
 */
public final class EmbeddedModel {
    static final String MODEL = "nnc-model/model.bin";
    static final String WEIGHTS = "nnc-model/weights.safetensors";
    private static final int MAGIC = 0x6e6e6331;  // "nnc1"

    private EmbeddedModel() {}

    /** The model of the jar this class was loaded from. */
    public static TrainableNetwork load() throws IOException {
        ClassLoader cl = EmbeddedModel.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(MODEL)) {
            if (in == null) throw new IOException(MODEL + " is missing from the jar");
            DataInputStream d = new DataInputStream(in);
            if (d.readInt() != MAGIC) throw new IOException(MODEL + " is not an nnc model description");
            String className = d.readUTF();
            NetworkLayout layout = readLayout(d);
            int np = d.readInt();
            List<Parameter> params = new ArrayList<>();
            for (int i = 0; i < np; i++) {
                String name = d.readUTF();
                int[] shape = ints(d);
                boolean trainable = d.readBoolean();
                params.add(trainable ? Parameter.trainable(name, shape, null, Regularizer.NONE) : Parameter.frozen(name, shape, null));
            }
            TrainableNetwork net;
            try {
                Constructor<?> c = Class.forName(className, true, cl).getConstructor(NetworkLayout.class, Parameter[].class);
                net = (TrainableNetwork) c.newInstance(layout, params.toArray(new Parameter[0]));
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot instantiate " + className + ": " + e, e);
            }
            try (InputStream w = cl.getResourceAsStream(WEIGHTS)) {
                if (w != null) {
                    Path tmp = Files.createTempFile("nnc-weights", ".safetensors");
                    try {
                        Files.write(tmp, w.readAllBytes());
                        Weights.load(tmp, net.parameters());
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            return net;
        }
    }

    /** Writes the description {@link #load} reads. */
    public static void write(DataOutputStream d, String className, NetworkLayout l, List<Parameter> params) throws IOException {
        d.writeInt(MAGIC);
        d.writeUTF(className);
        specs(d, l.inputs());
        ints(d, l.inputNodes());
        specs(d, l.outputs());
        ints(d, l.outputNodes());
        ints(d, l.targetNodes());
        d.writeInt(l.lossNode());
        ints(d, l.gradNodes());
        ints(d, l.batchOffset());
        ints(d, l.fixedOffset());
        d.writeInt(l.batched().length);
        for (boolean b : l.batched()) d.writeBoolean(b);
        d.writeInt(l.perSampleTotal());
        d.writeInt(l.fixedTotal());
        ints(d, l.constNodes());
        d.writeInt(l.constValues().length);
        for (float f : l.constValues()) d.writeFloat(f);
        d.writeInt(l.intTables().length);
        for (int[] t : l.intTables()) ints(d, t);
        d.writeInt(params.size());
        for (Parameter p : params) {
            d.writeUTF(p.name());
            ints(d, p.shape());
            d.writeBoolean(p.trainable());
        }
    }

    private static NetworkLayout readLayout(DataInputStream d) throws IOException {
        List<TensorSpec> inputs = specs(d);
        int[] inputNodes = ints(d);
        List<TensorSpec> outputs = specs(d);
        int[] outputNodes = ints(d), targetNodes = ints(d);
        int loss = d.readInt();
        int[] grad = ints(d), batchOffset = ints(d), fixedOffset = ints(d);
        boolean[] batched = new boolean[d.readInt()];
        for (int i = 0; i < batched.length; i++) batched[i] = d.readBoolean();
        int perSample = d.readInt(), fixed = d.readInt();
        int[] constNodes = ints(d);
        float[] constValues = new float[d.readInt()];
        for (int i = 0; i < constValues.length; i++) constValues[i] = d.readFloat();
        int[][] tables = new int[d.readInt()][];
        for (int i = 0; i < tables.length; i++) tables[i] = ints(d);
        return new NetworkLayout(inputs, inputNodes, outputs, outputNodes, targetNodes, loss, grad, batchOffset, fixedOffset,
                batched, perSample, fixed, constNodes, constValues, tables);
    }

    private static void specs(DataOutputStream d, List<TensorSpec> specs) throws IOException {
        d.writeInt(specs.size());
        for (TensorSpec s : specs) {
            d.writeUTF(s.name());
            ints(d, s.shape());
            d.writeBoolean(s.dtype() == DType.I32);
        }
    }

    private static List<TensorSpec> specs(DataInputStream d) throws IOException {
        int n = d.readInt();
        List<TensorSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new TensorSpec(d.readUTF(), ints(d), d.readBoolean() ? DType.I32 : DType.F32));
        return out;
    }

    private static void ints(DataOutputStream d, int[] a) throws IOException {
        d.writeInt(a.length);
        for (int x : a) d.writeInt(x);
    }

    private static int[] ints(DataInputStream d) throws IOException {
        int[] a = new int[d.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = d.readInt();
        return a;
    }
}
