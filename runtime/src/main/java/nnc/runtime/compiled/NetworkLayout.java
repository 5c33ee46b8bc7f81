package nnc.runtime.compiled;

import java.util.List;
import nnc.runtime.TensorSpec;

/**
 * What a generated network needs to know besides its code: where every value lives in
 * the arena and which nodes are its inputs, targets, outputs, loss and gradients. Node
 * ids are those of the compiler's optimised IR graph. A value's arena start for batch
 * capacity {@code cap} is {@code batchOffset[id] * cap} when {@code batched[id]}, else
 * {@code perSampleTotal * cap + fixedOffset[id]} (the compiler resolves aliases before
 * filling these arrays).
 *
 * @param inputs        model input specs, in {@code Batch.inputs()} order
 * @param inputNodes    node id of each input
 * @param outputs       model output specs
 * @param outputNodes   node id of each output
 * @param targetNodes   node id of each loss target (one per output), empty when there is no loss
 * @param lossNode      node id of the scalar loss, or -1
 * @param gradNodes     per parameter (in parameter order): node id of its gradient to copy into
 *                      {@code Parameter.grad}, -1 if none or if the code writes it there in place
 * @param batchOffset   per node, offset in per-sample units (batched values)
 * @param fixedOffset   per node, offset in the fixed region (unbatched values)
 * @param batched       per node, whether it lives in the batch-scaled region
 * @param perSampleTotal floats per sample of the batch-scaled region
 * @param fixedTotal    floats of the fixed region
 * @param constNodes    constant nodes, filled once per capacity
 * @param constValues   their values
 * @param intTables     int arrays the generated code passes to primitives (dims, perms)
 */
public record NetworkLayout(List<TensorSpec> inputs, int[] inputNodes, List<TensorSpec> outputs, int[] outputNodes,
                            int[] targetNodes, int lossNode, int[] gradNodes,
                            int[] batchOffset, int[] fixedOffset, boolean[] batched, int perSampleTotal, int fixedTotal,
                            int[] constNodes, float[] constValues, int[][] intTables) {
    public NetworkLayout {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * The layout as bytes, so that a generated class can be stored (e.g. in a jar next to its
     * class file) and instantiated later without the compiler: {@link #fromBytes} reads it back.
     */
    public byte[] toBytes() {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeInt(MAGIC);
            writeSpecs(out, inputs);
            writeInts(out, inputNodes);
            writeSpecs(out, outputs);
            writeInts(out, outputNodes);
            writeInts(out, targetNodes);
            out.writeInt(lossNode);
            writeInts(out, gradNodes);
            writeInts(out, batchOffset);
            writeInts(out, fixedOffset);
            out.writeInt(batched.length);
            for (boolean b : batched) out.writeBoolean(b);
            out.writeInt(perSampleTotal);
            out.writeInt(fixedTotal);
            writeInts(out, constNodes);
            out.writeInt(constValues.length);
            for (float v : constValues) out.writeFloat(v);
            out.writeInt(intTables.length);
            for (int[] t : intTables) writeInts(out, t);
            out.flush();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads what {@link #toBytes} wrote. */
    public static NetworkLayout fromBytes(byte[] data) {
        try {
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(data));
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not an nnc network layout");
            List<TensorSpec> ins = readSpecs(in);
            int[] inNodes = readInts(in);
            List<TensorSpec> outs = readSpecs(in);
            int[] outNodes = readInts(in), targets = readInts(in);
            int loss = in.readInt();
            int[] grads = readInts(in), bOff = readInts(in), fOff = readInts(in);
            boolean[] batched = new boolean[in.readInt()];
            for (int i = 0; i < batched.length; i++) batched[i] = in.readBoolean();
            int per = in.readInt(), fixed = in.readInt();
            int[] consts = readInts(in);
            float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) values[i] = in.readFloat();
            int[][] tables = new int[in.readInt()][];
            for (int i = 0; i < tables.length; i++) tables[i] = readInts(in);
            return new NetworkLayout(ins, inNodes, outs, outNodes, targets, loss, grads, bOff, fOff, batched, per, fixed,
                    consts, values, tables);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("truncated nnc network layout", e);
        }
    }

    private static final int MAGIC = 0x6E6E634C;   // "nncL"

    private static void writeInts(java.io.DataOutputStream out, int[] v) throws java.io.IOException {
        out.writeInt(v.length);
        for (int x : v) out.writeInt(x);
    }

    private static int[] readInts(java.io.DataInputStream in) throws java.io.IOException {
        int[] v = new int[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readInt();
        return v;
    }

    private static void writeSpecs(java.io.DataOutputStream out, List<TensorSpec> specs) throws java.io.IOException {
        out.writeInt(specs.size());
        for (TensorSpec s : specs) {
            out.writeUTF(s.name());
            writeInts(out, s.shape());
            out.writeUTF(s.dtype().name());
        }
    }

    private static List<TensorSpec> readSpecs(java.io.DataInputStream in) throws java.io.IOException {
        int n = in.readInt();
        java.util.List<TensorSpec> r = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) r.add(new TensorSpec(in.readUTF(), readInts(in), nnc.runtime.DType.valueOf(in.readUTF())));
        return r;
    }

    /** Arena start of node {@code id} for capacity {@code cap}. */
    public int offset(int id, int cap) {
        return batched[id] ? batchOffset[id] * cap : perSampleTotal * cap + fixedOffset[id];
    }
}
