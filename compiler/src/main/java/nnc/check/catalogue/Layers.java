package nnc.check.catalogue;

import static nnc.check.catalogue.ArgKind.*;
import static nnc.check.catalogue.ArgSpec.NONE;
import static nnc.check.catalogue.ArgSpec.b;
import static nnc.check.catalogue.ArgSpec.f;
import static nnc.check.catalogue.ArgSpec.i;
import static nnc.check.catalogue.ArgSpec.opt;
import static nnc.check.catalogue.ArgSpec.req;
import static nnc.check.catalogue.ArgSpec.s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.DType;
import nnc.check.Shape;
import nnc.check.Value;

/**
 * The layer catalogue of the language: Keras 3 argument names in Keras positional order (arguments nnc does
 * not support, such as constraints, are left out, so later positions move up), Keras 3 defaults, the shape
 * rule and the parameters each layer creates (names, Keras layouts and initializers per CONVENTIONS.md).
 * {@code stdlib/layers.nn} declares the same signatures; a test keeps the two in agreement.
 */
public final class Layers {
    private Layers() {}

    private static final Map<String, LayerSpec> ALL = new LinkedHashMap<>();

    public static LayerSpec get(String name) {
        return ALL.get(name);
    }

    public static Map<String, LayerSpec> all() {
        return Collections.unmodifiableMap(ALL);
    }

    public static final List<String> PADDING = List.of("valid", "same");
    public static final List<String> RECURRENT = List.of("simple_rnn", "lstm", "gru");

    private static void add(String name, String kerasClass, String kerasName, List<ArgSpec> args,
                            String in, String out, LayerSpec.Rule rule, String doc) {
        ALL.put(name, new LayerSpec(name, kerasClass, kerasName, args, in, out, 1, 1, rule, doc));
    }

    // ---------------------------------------------------------------- common argument groups

    private static ArgSpec activation(String def) {
        return opt("activation", ACTIVATION, s(def));
    }

    private static ArgSpec init(String name, String def) {
        return opt(name, INITIALIZER, s(def));
    }

    private static ArgSpec reg(String name) {
        return opt(name, REGULARIZER, NONE);
    }

    private static ArgSpec padding() {
        return ArgSpec.choice("padding", "valid", "valid", "same");
    }

    private static ArgSpec dataFormat() {
        return ArgSpec.choice("data_format", "channels_last", "channels_last");
    }

    // ---------------------------------------------------------------- helpers for rules

    static void rank(String layer, String pattern, Shape in, int rank) throws ShapeError {
        if (in.rank() != rank) {
            throw new ShapeError(layer + " expects an input of shape " + pattern + " (rank " + rank + "), got "
                    + in.display() + " (rank " + in.rank() + ")", rankHint(layer, in, rank)).withCode("check.rank");
        }
    }

    private static String rankHint(String layer, Shape in, int rank) {
        if (layer.startsWith("conv2d") || layer.endsWith("pool2d") || layer.equals("upsampling2d")) {
            if (in.rank() == 1) return "images need [height, width, channels]; reshape first, e.g. reshape([28, 28, 1])";
            if (in.rank() == 2) return "add a channels axis, e.g. reshape([" + in.dim(0) + ", " + in.dim(1) + ", 1])";
        }
        if (RECURRENT.contains(layer) || layer.endsWith("1d")) {
            if (in.rank() == 1) return "sequences need [timesteps, features]; reshape([" + in.dim(0) + ", 1]) makes one feature per step";
            if (in.rank() == 3) return "the input has an extra axis; use return_sequences or reshape to [timesteps, features]";
        }
        if (in.rank() > rank) return "flatten the input first";
        return null;
    }

    static void requireFloat(String layer, Shape in) throws ShapeError {
        if (in.dtype() != DType.FLOAT32) {
            throw new ShapeError(layer + " needs a float input, got " + in.display(),
                    in.isInt() ? "token ids go through an embedding layer first" : null).withCode("check.dtype");
        }
    }

    static ParamSpec p(String name, List<Integer> shape, String init) {
        return new ParamSpec(name, shape, true, init);
    }

    static String initName(Args a, String arg) {
        return a.get(arg).toString();
    }

    /** Keras' conv/pool output length; throws when the window does not fit. */
    static int outLength(String layer, String axis, int n, int k, int stride, int dilation, String padding, String what)
            throws ShapeError {
        int dk = (k - 1) * dilation + 1;
        if (padding.equals("same")) return (n + stride - 1) / stride;
        int out = Math.floorDiv(n - dk, stride) + 1;
        if (out <= 0) {
            throw new ShapeError(layer + ": the " + what + " " + k + " does not fit the input " + axis + " " + n
                    + " with padding valid (the output " + axis + " would be " + out + ")",
                    "use padding = same, a smaller " + what + ", or a larger input").withCode("check.shrink");
        }
        return out;
    }

    static List<Integer> list(int... xs) {
        List<Integer> l = new ArrayList<>();
        for (int x : xs) l.add(x);
        return l;
    }

    // ---------------------------------------------------------------- the catalogue

    static {
        core();
        convolution();
        recurrent();
        merges();
        energy();
    }

    private static void core() {
        add("dense", "Dense", "dense",
                List.of(req("units", INT, Range.POSITIVE), activation("linear"), opt("use_bias", BOOL, b(true)),
                        init("kernel_initializer", "glorot_uniform"), init("bias_initializer", "zeros"),
                        reg("kernel_regularizer"), reg("bias_regularizer"), reg("activity_regularizer")),
                "[..., n]", "[..., units]", (in, a) -> {
                    Shape x = in.get(0);
                    if (x.rank() < 1) throw new ShapeError("dense expects an input of shape [..., n], got a scalar " + x.display()).withCode("check.rank");
                    requireFloat("dense", x);
                    int u = a.integer("units");
                    List<ParamSpec> ps = new ArrayList<>();
                    ps.add(p("kernel", list(x.last(), u), initName(a, "kernel_initializer")));
                    if (a.bool("use_bias")) ps.add(p("bias", list(u), initName(a, "bias_initializer")));
                    return new LayerSpec.Result(x.withLast(u), ps);
                }, "Densely connected layer on the last axis: activation(x @ kernel + bias).");

        add("dropout", "Dropout", "dropout",
                List.of(req("rate", FLOAT, Range.RATE), opt("seed", OPTIONAL_INT, NONE)),
                "[...]", "[...]", (in, a) -> new LayerSpec.Result(in.get(0), List.of()),
                "Inverted dropout during training (kept units scaled by 1 / (1 - rate)); identity at inference.");

        add("gaussian_noise", "GaussianNoise", "gaussian_noise",
                List.of(req("stddev", FLOAT, Range.NON_NEGATIVE), opt("seed", OPTIONAL_INT, NONE)),
                "[...]", "[...]", (in, a) -> new LayerSpec.Result(in.get(0), List.of()),
                "Adds N(0, stddev^2) noise during training; identity at inference.");

        add("flatten", "Flatten", "flatten", List.of(dataFormat()),
                "[...]", "[size]", (in, a) -> {
                    Shape x = in.get(0);
                    return new LayerSpec.Result(x.withDims(list((int) x.size())), List.of());
                }, "Flattens each sample to one axis.");

        add("reshape", "Reshape", "reshape", List.of(req("target_shape", SHAPE)),
                "[...]", "target_shape", (in, a) -> {
                    Shape x = in.get(0);
                    List<Integer> t = new ArrayList<>(a.intList("target_shape"));
                    int unknown = -1;
                    long known = 1;
                    for (int k = 0; k < t.size(); k++) {
                        int d = t.get(k);
                        if (d == -1) {
                            if (unknown >= 0) throw new ShapeError("reshape: only one dimension may be -1", null, "target_shape");
                            unknown = k;
                        } else if (d <= 0) {
                            throw new ShapeError("reshape: dimension " + d + " must be positive (or -1 once)", null, "target_shape");
                        } else {
                            known *= d;
                        }
                    }
                    if (unknown >= 0) {
                        if (x.size() % known != 0) {
                            throw new ShapeError("reshape: cannot reshape " + x.display() + " (" + x.size()
                                    + " elements) to " + a.get("target_shape") + ": " + x.size() + " is not a multiple of " + known);
                        }
                        t.set(unknown, (int) (x.size() / known));
                    } else if (known != x.size()) {
                        throw new ShapeError("reshape: cannot reshape " + x.display() + " (" + x.size() + " elements) to "
                                + a.get("target_shape") + " (" + known + " elements)",
                                "the element count must stay the same; use -1 for one dimension to have it computed");
                    }
                    return new LayerSpec.Result(x.withDims(t), List.of());
                }, "Reshapes each sample; the element count must stay the same (-1 once: computed).");

        add("activation", "Activation", "activation", List.of(req("activation", ACTIVATION)),
                "[...]", "[...]", (in, a) -> {
                    requireFloat("activation", in.get(0));
                    return new LayerSpec.Result(in.get(0), List.of());
                }, "Applies an activation function elementwise (softmax: over the last axis).");

        add("batchnorm", "BatchNormalization", "batch_normalization",
                List.of(opt("axis", INT, i(-1)), opt("momentum", FLOAT, f(0.99), Range.UNIT),
                        opt("epsilon", FLOAT, f(0.001), Range.POSITIVE), opt("center", BOOL, b(true)),
                        opt("scale", BOOL, b(true)), init("beta_initializer", "zeros"), init("gamma_initializer", "ones"),
                        init("moving_mean_initializer", "zeros"), init("moving_variance_initializer", "ones"),
                        reg("beta_regularizer"), reg("gamma_regularizer")),
                "[..., channels]", "[..., channels]", (in, a) -> {
                    Shape x = in.get(0);
                    requireFloat("batchnorm", x);
                    int c = normAxis("batchnorm", x, a.integer("axis"));
                    List<ParamSpec> ps = new ArrayList<>();
                    if (a.bool("scale")) ps.add(p("gamma", list(c), initName(a, "gamma_initializer")));
                    if (a.bool("center")) ps.add(p("beta", list(c), initName(a, "beta_initializer")));
                    ps.add(new ParamSpec("moving_mean", list(c), false, initName(a, "moving_mean_initializer")));
                    ps.add(new ParamSpec("moving_variance", list(c), false, initName(a, "moving_variance_initializer")));
                    return new LayerSpec.Result(x, ps);
                }, "Batch normalization over the given axis; moving statistics are non-trainable parameters.");

        add("layernorm", "LayerNormalization", "layer_normalization",
                List.of(opt("axis", INT, i(-1)), opt("epsilon", FLOAT, f(0.001), Range.POSITIVE),
                        opt("center", BOOL, b(true)), opt("scale", BOOL, b(true)),
                        init("beta_initializer", "zeros"), init("gamma_initializer", "ones"),
                        reg("beta_regularizer"), reg("gamma_regularizer")),
                "[..., channels]", "[..., channels]", (in, a) -> {
                    Shape x = in.get(0);
                    requireFloat("layernorm", x);
                    int c = normAxis("layernorm", x, a.integer("axis"));
                    List<ParamSpec> ps = new ArrayList<>();
                    if (a.bool("scale")) ps.add(p("gamma", list(c), initName(a, "gamma_initializer")));
                    if (a.bool("center")) ps.add(p("beta", list(c), initName(a, "beta_initializer")));
                    return new LayerSpec.Result(x, ps);
                }, "Layer normalization over the given axis of each sample.");

        // Activations used as layers: `relu`, `softmax(axis = 1)` and so on in a model body.
        for (Map.Entry<String, List<ArgSpec>> e : Activations.ALL.entrySet()) {
            String act = e.getKey();
            add(act, "Activation", "activation", e.getValue(), "[...]", "[...]", (in, a) -> {
                requireFloat(act, in.get(0));
                return new LayerSpec.Result(in.get(0), List.of());
            }, "The " + act + " activation applied as a layer.");
        }
    }

    private static int normAxis(String layer, Shape x, int axis) throws ShapeError {
        if (x.rank() < 1) throw new ShapeError(layer + " expects an input of shape [..., channels], got " + x.display());
        int ax = axis < 0 ? x.rank() + axis : axis;
        if (ax < 0 || ax >= x.rank()) {
            throw new ShapeError(layer + ": axis " + axis + " is out of range for an input of rank " + x.rank()
                    + " " + x.display(), null, "axis");
        }
        return x.dims().get(ax);
    }

    private static void convolution() {
        for (int rank = 1; rank <= 2; rank++) {
            final int r = rank;
            String name = "conv" + r + "d";
            String pattern = r == 1 ? "[steps, channels]" : "[height, width, channels]";
            add(name, "Conv" + r + "D", name,
                    List.of(req("filters", INT, Range.POSITIVE), req("kernel_size", INT_TUPLE, Range.POSITIVE),
                            opt("strides", INT_TUPLE, i(1), Range.POSITIVE), padding(), dataFormat(),
                            opt("dilation_rate", INT_TUPLE, i(1), Range.POSITIVE), opt("groups", INT, i(1), Range.POSITIVE),
                            activation("linear"), opt("use_bias", BOOL, b(true)),
                            init("kernel_initializer", "glorot_uniform"), init("bias_initializer", "zeros"),
                            reg("kernel_regularizer"), reg("bias_regularizer"), reg("activity_regularizer")),
                    pattern, r == 1 ? "[steps2, filters]" : "[height2, width2, filters]", (in, a) -> {
                        Shape x = in.get(0);
                        rank(name, pattern, x, r + 1);
                        requireFloat(name, x);
                        int[] k = a.ints("kernel_size", r), s = a.ints("strides", r), d = a.ints("dilation_rate", r);
                        String pad = a.sym("padding");
                        int groups = a.integer("groups");
                        int ch = x.last(), filters = a.integer("filters");
                        if (ch % groups != 0 || filters % groups != 0) {
                            throw new ShapeError(name + ": groups = " + groups + " must divide both the input channels ("
                                    + ch + ") and filters (" + filters + ")", null, "groups");
                        }
                        List<Integer> out = new ArrayList<>();
                        String[] axes = r == 1 ? new String[] {"length"} : new String[] {"height", "width"};
                        for (int q = 0; q < r; q++) {
                            out.add(outLength(name, axes[q], x.dim(q), k[q], s[q], d[q], pad, "kernel_size"));
                        }
                        out.add(filters);
                        List<Integer> kshape = new ArrayList<>();
                        for (int q = 0; q < r; q++) kshape.add(k[q]);
                        kshape.add(ch / groups);
                        kshape.add(filters);
                        List<ParamSpec> ps = new ArrayList<>();
                        ps.add(p("kernel", kshape, initName(a, "kernel_initializer")));
                        if (a.bool("use_bias")) ps.add(p("bias", list(filters), initName(a, "bias_initializer")));
                        return new LayerSpec.Result(x.withDims(out), ps);
                    }, r + "-D convolution, channels last.");

            for (String kind : List.of("max", "avg")) {
                String pname = kind + "pool" + r + "d";
                String kcls = (kind.equals("max") ? "MaxPooling" : "AveragePooling") + r + "D";
                String kname = (kind.equals("max") ? "max_pooling" : "average_pooling") + r + "d";
                add(pname, kcls, kname,
                        List.of(opt("pool_size", INT_TUPLE, i(2), Range.POSITIVE),
                                opt("strides", OPTIONAL_INT_TUPLE, NONE, Range.POSITIVE), padding(), dataFormat()),
                        pattern, r == 1 ? "[steps2, channels]" : "[height2, width2, channels]", (in, a) -> {
                            Shape x = in.get(0);
                            rank(pname, pattern, x, r + 1);
                            requireFloat(pname, x);
                            int[] k = a.ints("pool_size", r);
                            int[] s = a.isNone("strides") ? k : a.ints("strides", r);
                            String pad = a.sym("padding");
                            List<Integer> out = new ArrayList<>();
                            String[] axes = r == 1 ? new String[] {"length"} : new String[] {"height", "width"};
                            for (int q = 0; q < r; q++) out.add(outLength(pname, axes[q], x.dim(q), k[q], s[q], 1, pad, "pool_size"));
                            out.add(x.last());
                            return new LayerSpec.Result(x.withDims(out), List.of());
                        }, r + "-D " + kind + " pooling; strides default to pool_size.");

                String gname = "global_" + kind + "pool" + r + "d";
                String gcls = "Global" + (kind.equals("max") ? "MaxPooling" : "AveragePooling") + r + "D";
                String gk = "global_" + (kind.equals("max") ? "max_pooling" : "average_pooling") + r + "d";
                add(gname, gcls, gk, List.of(dataFormat(), opt("keepdims", BOOL, b(false))),
                        pattern, "[channels]", (in, a) -> {
                            Shape x = in.get(0);
                            rank(gname, pattern, x, r + 1);
                            requireFloat(gname, x);
                            List<Integer> out = new ArrayList<>();
                            if (a.bool("keepdims")) for (int q = 0; q < r; q++) out.add(1);
                            out.add(x.last());
                            return new LayerSpec.Result(x.withDims(out), List.of());
                        }, "Global " + kind + " over the " + (r == 1 ? "steps" : "spatial axes") + ".");
            }

            String uname = "upsampling" + r + "d";
            List<ArgSpec> uargs = r == 1
                    ? List.of(opt("size", INT, i(2), Range.POSITIVE))
                    : List.of(opt("size", INT_TUPLE, i(2), Range.POSITIVE), dataFormat(),
                            ArgSpec.choice("interpolation", "nearest", "nearest", "bilinear"));
            add(uname, "UpSampling" + r + "D", "up_sampling" + r + "d", uargs, pattern,
                    r == 1 ? "[steps2, channels]" : "[height2, width2, channels]", (in, a) -> {
                Shape x = in.get(0);
                rank(uname, pattern, x, r + 1);
                int[] sz = a.ints("size", r);
                List<Integer> out = new ArrayList<>();
                for (int q = 0; q < r; q++) out.add(x.dim(q) * sz[q]);
                out.add(x.last());
                return new LayerSpec.Result(x.withDims(out), List.of());
            }, "Repeats each step/pixel size times.");
        }

        add("conv2d_transpose", "Conv2DTranspose", "conv2d_transpose",
                List.of(req("filters", INT, Range.POSITIVE), req("kernel_size", INT_TUPLE, Range.POSITIVE),
                        opt("strides", INT_TUPLE, i(1), Range.POSITIVE), padding(), dataFormat(),
                        opt("dilation_rate", INT_TUPLE, i(1), Range.POSITIVE), activation("linear"),
                        opt("use_bias", BOOL, b(true)), init("kernel_initializer", "glorot_uniform"),
                        init("bias_initializer", "zeros"), reg("kernel_regularizer"), reg("bias_regularizer"),
                        reg("activity_regularizer")),
                "[height, width, channels]", "[height2, width2, filters]", (in, a) -> {
                    Shape x = in.get(0);
                    rank("conv2d_transpose", "[height, width, channels]", x, 3);
                    requireFloat("conv2d_transpose", x);
                    int[] k = a.ints("kernel_size", 2), s = a.ints("strides", 2), d = a.ints("dilation_rate", 2);
                    boolean same = "same".equals(a.sym("padding"));
                    List<Integer> out = new ArrayList<>();
                    for (int q = 0; q < 2; q++) {
                        int dk = k[q] + (k[q] - 1) * (d[q] - 1);
                        out.add(same ? x.dim(q) * s[q] : x.dim(q) * s[q] + Math.max(dk - s[q], 0));
                    }
                    int filters = a.integer("filters");
                    out.add(filters);
                    List<ParamSpec> ps = new ArrayList<>();
                    ps.add(p("kernel", list(k[0], k[1], filters, x.last()), initName(a, "kernel_initializer")));
                    if (a.bool("use_bias")) ps.add(p("bias", list(filters), initName(a, "bias_initializer")));
                    return new LayerSpec.Result(x.withDims(out), ps);
                }, "Transposed 2-D convolution (valid: n * s + max(k - s, 0); same: n * s).");
    }

    private static List<ArgSpec> rnnArgs(String kind) {
        List<ArgSpec> l = new ArrayList<>();
        l.add(req("units", INT, Range.POSITIVE));
        l.add(activation("tanh"));
        if (!kind.equals("simple_rnn")) l.add(opt("recurrent_activation", ACTIVATION, s("sigmoid")));
        l.add(opt("use_bias", BOOL, b(true)));
        l.add(init("kernel_initializer", "glorot_uniform"));
        l.add(init("recurrent_initializer", "orthogonal"));
        l.add(init("bias_initializer", "zeros"));
        if (kind.equals("lstm")) l.add(opt("unit_forget_bias", BOOL, b(true)));
        l.add(reg("kernel_regularizer"));
        l.add(reg("recurrent_regularizer"));
        l.add(reg("bias_regularizer"));
        l.add(reg("activity_regularizer"));
        l.add(opt("dropout", FLOAT, f(0.0), Range.RATE));
        l.add(opt("recurrent_dropout", FLOAT, f(0.0), Range.RATE));
        // Keras 3 puts seed before return_sequences for lstm/gru and last for simple_rnn.
        if (!kind.equals("simple_rnn")) l.add(opt("seed", OPTIONAL_INT, NONE));
        l.add(opt("return_sequences", BOOL, b(false)));
        l.add(opt("go_backwards", BOOL, b(false)));
        if (kind.equals("gru")) l.add(opt("reset_after", BOOL, b(true)));
        if (kind.equals("simple_rnn")) l.add(opt("seed", OPTIONAL_INT, NONE));
        return l;
    }

    /** Output shape and parameters of a recurrent layer spec; shared with bidirectional. */
    static LayerSpec.Result recurrentRule(String kind, Shape x, Args a) throws ShapeError {
        rank(kind, "[timesteps, features]", x, 2);
        requireFloat(kind, x);
        int u = a.integer("units");
        int gates = switch (kind) {
            case "lstm" -> 4;
            case "gru" -> 3;
            default -> 1;
        };
        List<ParamSpec> ps = new ArrayList<>();
        ps.add(p("kernel", list(x.last(), gates * u), initName(a, "kernel_initializer")));
        ps.add(p("recurrent_kernel", list(u, gates * u), initName(a, "recurrent_initializer")));
        if (a.bool("use_bias")) {
            List<Integer> bshape = kind.equals("gru") && a.bool("reset_after") ? list(2, gates * u) : list(gates * u);
            String binit = initName(a, "bias_initializer");
            if (kind.equals("lstm") && a.bool("unit_forget_bias")) binit = "unit_forget_bias(" + binit + ")";
            ps.add(p("bias", bshape, binit));
        }
        Shape out = a.bool("return_sequences") ? x.withDims(list(x.dim(0), u)) : x.withDims(list(u));
        return new LayerSpec.Result(out, ps);
    }

    private static void recurrent() {
        String pattern = "[timesteps, features]";
        add("simple_rnn", "SimpleRNN", "simple_rnn", rnnArgs("simple_rnn"), pattern, "[units]",
                (in, a) -> recurrentRule("simple_rnn", in.get(0), a), "Fully connected recurrent layer.");
        add("lstm", "LSTM", "lstm", rnnArgs("lstm"), pattern, "[units]",
                (in, a) -> recurrentRule("lstm", in.get(0), a), "Long short-term memory; gate order i, f, c, o.");
        add("gru", "GRU", "gru", rnnArgs("gru"), pattern, "[units]",
                (in, a) -> recurrentRule("gru", in.get(0), a), "Gated recurrent unit; gate order z, r, h; reset_after.");

        add("embedding", "Embedding", "embedding",
                List.of(req("input_dim", INT, Range.POSITIVE), req("output_dim", INT, Range.POSITIVE),
                        init("embeddings_initializer", "uniform"), reg("embeddings_regularizer")),
                "int[...]", "[..., output_dim]", (in, a) -> {
                    Shape x = in.get(0);
                    if (!x.isInt()) {
                        throw new ShapeError("embedding needs int token ids, got the float input " + x.display(),
                                "declare the input as int[...], e.g. input x: int[" + (x.rank() > 0 ? x.last() : 1) + "]").withCode("check.dtype");
                    }
                    int od = a.integer("output_dim");
                    List<Integer> out = new ArrayList<>(x.dims());
                    out.add(od);
                    return new LayerSpec.Result(new Shape(out, DType.FLOAT32),
                            List.of(p("embeddings", list(a.integer("input_dim"), od), initName(a, "embeddings_initializer"))));
                }, "Looks up a vector per token id (ids in [0, input_dim)).");

        add("bidirectional", "Bidirectional", "bidirectional",
                List.of(req("layer", LAYER), ArgSpec.choice("merge_mode", "concat", "concat", "sum", "mul", "ave")),
                pattern, "[2 * units]", (in, a) -> {
                    Value.Layer inner = (Value.Layer) a.get("layer");
                    LayerSpec spec = get(inner.type());
                    Args ia = new Args(inner.args());
                    LayerSpec.Result fwd = recurrentRule(inner.type(), in.get(0), ia);
                    Shape out = fwd.output();
                    if ("concat".equals(a.sym("merge_mode"))) out = out.withLast(out.last() * 2);
                    List<ParamSpec> ps = new ArrayList<>();
                    for (ParamSpec q : fwd.params()) ps.add(q.prefixed("forward_" + spec.kerasName()));
                    for (ParamSpec q : fwd.params()) ps.add(q.prefixed("backward_" + spec.kerasName()));
                    return new LayerSpec.Result(out, ps);
                }, "Runs a recurrent layer forwards and backwards and merges the two outputs.");
    }

    private static void merges() {
        ALL.put("concat", new LayerSpec("concat", "Concatenate", "concatenate", List.of(opt("axis", INT, i(-1))),
                "[..., a], [..., b]", "[..., a + b]", 2, Integer.MAX_VALUE, (in, a) -> {
                    Shape first = in.get(0);
                    int axis = a.integer("axis");
                    int ax = axis < 0 ? first.rank() + axis : axis;
                    if (ax < 0 || ax >= first.rank()) {
                        throw new ShapeError("concat: axis " + axis + " is out of range for inputs of rank " + first.rank(), null, "axis");
                    }
                    int sum = 0;
                    for (Shape s : in) {
                        boolean ok = s.rank() == first.rank();
                        for (int q = 0; ok && q < s.rank(); q++) if (q != ax && !s.dims().get(q).equals(first.dims().get(q))) ok = false;
                        if (!ok) {
                            throw new ShapeError("concat: cannot join " + shapes(in) + " on axis " + axis
                                    + ": all other dimensions must be equal");
                        }
                        sum += s.dims().get(ax);
                    }
                    List<Integer> out = new ArrayList<>(first.dims());
                    out.set(ax, sum);
                    return new LayerSpec.Result(first.withDims(out), List.of());
                }, "Concatenates tensors along an axis; all other dimensions must be equal."));
        ALL.put("add", new LayerSpec("add", "Add", "add", List.of(), "[...], [...]", "[...]", 2, Integer.MAX_VALUE,
                (in, a) -> {
                    Shape first = in.get(0);
                    for (Shape s : in) {
                        if (!s.dims().equals(first.dims())) {
                            throw new ShapeError("add: the inputs must have the same shape, got " + shapes(in),
                                    "use + for broadcasting arithmetic, or make the shapes agree");
                        }
                    }
                    return new LayerSpec.Result(first, List.of());
                }, "Sums tensors of the same shape."));
    }

    static String shapes(List<Shape> in) {
        StringBuilder b = new StringBuilder();
        for (int q = 0; q < in.size(); q++) {
            if (q > 0) b.append(q == in.size() - 1 ? " and " : ", ");
            b.append(in.get(q).display());
        }
        return b.toString();
    }

    private static void energy() {
        add("rbm", "RBM", "rbm",
                List.of(req("hidden", INT, Range.POSITIVE), ArgSpec.choice("visible", "binary", "binary", "gaussian"),
                        opt("kernel_initializer", INITIALIZER, new Value.Call("random_normal",
                                Map.of("mean", f(0.0), "stddev", f(0.01), "seed", NONE)))),
                "[visible]", "[hidden]", (in, a) -> {
                    Shape x = in.get(0);
                    rank("rbm", "[visible]", x, 1);
                    requireFloat("rbm", x);
                    int h = a.integer("hidden"), v = x.last();
                    return new LayerSpec.Result(x.withDims(list(h)), List.of(
                            p("kernel", list(v, h), initName(a, "kernel_initializer")),
                            p("visible_bias", list(v), "zeros"),
                            p("hidden_bias", list(h), "zeros")));
                }, "Restricted Boltzmann machine trained by contrastive divergence; outputs hidden probabilities.");
    }

    /** Broadcasts two shapes NumPy-style for elementwise arithmetic; null when they do not broadcast. */
    public static List<Integer> broadcast(List<Integer> a, List<Integer> b) {
        int n = Math.max(a.size(), b.size());
        List<Integer> out = new ArrayList<>(Collections.nCopies(n, 0));
        for (int q = 0; q < n; q++) {
            int da = q < n - a.size() ? 1 : a.get(q - (n - a.size()));
            int db = q < n - b.size() ? 1 : b.get(q - (n - b.size()));
            if (da != db && da != 1 && db != 1) return null;
            out.set(q, Math.max(da, db));
        }
        return out;
    }
}
