package nnc.lower;

import java.util.List;
import nnc.check.Value;
import nnc.check.catalogue.Args;
import nnc.ir.Attrs;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.ir.Recurrent;
import nnc.ir.Shape;

/**
 * Lowers one catalogue layer instance to IR ops, given its bound arguments (Keras names, defaults
 * filled in by the checker) and its input nodes. Parameters are created through {@link Scope}, which
 * names them {@code LAYER.PARAM} and remembers their regularizers. Axes in arguments count within one
 * sample (the checker's convention); IR shapes carry the batch axis first, hence the {@code + 1}.
 */
public final class LayerLowering {
    private LayerLowering() {}

    /** What a layer needs from the model being lowered. */
    public interface Scope {
        /**
         * Creates parameter {@code local} ({@code kernel}, {@code bias} …) of the current layer instance.
         *
         * @param regularizer the bound regularizer argument ({@link Value#NONE} for none)
         */
        int param(String local, int[] shape, Value init, boolean trainable, Value regularizer);

        /** A fresh random stream id for a dropout mask or a noise tensor. */
        int nextStream();

        /** Applies an activation argument (a built-in or a user {@code fn}) to {@code x}. */
        int activation(Value activation, int x);
    }

    /** Lowers layer {@code type} with arguments {@code a} applied to {@code inputs}. */
    public static int lower(GraphBuilder b, Scope s, String type, Args a, List<Integer> inputs) {
        int x = inputs.get(0);
        Shape xs = b.shape(x);
        return switch (type) {
            case "dense" -> {
                int units = a.integer("units");
                int n = xs.dim(-1);
                int k = s.param("kernel", new int[] {n, units}, a.get("kernel_initializer"), true, a.get("kernel_regularizer"));
                int y = b.matmul(x, k);
                if (a.bool("use_bias")) {
                    int bias = s.param("bias", new int[] {units}, a.get("bias_initializer"), true, a.get("bias_regularizer"));
                    y = b.add(y, bias);
                }
                yield s.activation(a.get("activation"), y);
            }
            case "activation" -> s.activation(a.get("activation"), x);
            case "dropout" -> {
                double rate = a.real("rate");
                if (rate == 0) yield x;
                yield b.mul(x, b.dropoutMask(xs, rate, s.nextStream()));
            }
            case "gaussian_noise" -> {
                double sd = a.real("stddev");
                if (sd == 0) yield x;
                yield b.add(x, b.gaussianNoise(xs, sd, s.nextStream()));
            }
            case "flatten" -> b.reshape(x, Shape.batched(xs.perSample()));
            case "reshape" -> {
                List<Integer> t = a.intList("target_shape");
                int known = 1, unknown = -1;
                int[] d = new int[t.size()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = t.get(i);
                    if (d[i] == -1) unknown = i; else known *= d[i];
                }
                if (unknown >= 0) d[unknown] = xs.perSample() / known;
                yield b.reshape(x, Shape.batched(d));
            }
            case "layernorm" -> layerNorm(b, s, a, x);
            case "batchnorm" -> batchNorm(b, s, a, x);
            case "simple_rnn", "lstm", "gru" -> recurrent(b, s, type, a, x, "", false);
            case "bidirectional" -> bidirectional(b, s, a, x);
            case "conv2d_transpose" -> convTranspose(b, s, a, x);
            case "upsampling1d", "upsampling2d" -> upsampling(b, type, a, x);
            case "embedding" -> {
                int table = s.param("embeddings", new int[] {a.integer("input_dim"), a.integer("output_dim")},
                        a.get("embeddings_initializer"), true, a.get("embeddings_regularizer"));
                yield b.gather(table, x);
            }
            case "conv1d", "conv2d" -> conv(b, s, type, a, x);
            case "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d" -> {
                int r = type.endsWith("1d") ? 1 : 2;
                int[] pool = a.ints("pool_size", r);
                int[] strides = a.isNone("strides") ? pool : a.ints("strides", r);
                yield b.add(Op.POOL, Attrs.of("kind", type.startsWith("max") ? "max" : "avg", "rank", r,
                        "pool", pool, "strides", strides, "padding", a.sym("padding")), x);
            }
            case "global_maxpool1d", "global_maxpool2d", "global_avgpool1d", "global_avgpool2d" -> {
                int r = type.endsWith("1d") ? 1 : 2;
                int[] axes = r == 1 ? new int[] {1} : new int[] {1, 2};
                yield b.reduce(type.contains("max") ? Op.REDUCE_MAX : Op.REDUCE_MEAN, x, axes, a.bool("keepdims"));
            }
            case "add" -> {
                int y = x;
                for (int i = 1; i < inputs.size(); i++) y = b.add(y, inputs.get(i));
                yield y;
            }
            case "concat" -> {
                int axis = a.integer("axis");
                int ax = axis < 0 ? axis : axis + 1;
                int[] ins = inputs.stream().mapToInt(Integer::intValue).toArray();
                yield b.concat(ax, ins);
            }
            default -> {
                if (ActivationLowering.isBuiltin(type)) yield activationLayer(b, type, a, x);
                throw new LoweringException("the layer '" + type + "' cannot be compiled yet (no lowering to the IR)");
            }
        };
    }

    /** An activation used as a layer ({@code relu}, {@code softmax(axis = 1)}, {@code leaky_relu(0.1)}). */
    private static int activationLayer(GraphBuilder b, String type, Args a, int x) {
        Value alpha = a.get("alpha");
        int axis = a.get("axis") instanceof Value.Int i ? (int) i.value() : -1;
        return ActivationLowering.apply(b, type, x, alpha.isNone() ? Double.NaN : alpha.asDouble(),
                a.bool("approximate"), axis < 0 ? axis : axis + 1);
    }

    private static int layerNorm(GraphBuilder b, Scope s, Args a, int x) {
        Shape xs = b.shape(x);
        int axis = a.integer("axis");
        int last = xs.rank() - 1;
        if (axis != -1 && axis + 1 != last) {
            throw new LoweringException("layernorm over an axis other than the last cannot be compiled yet");
        }
        int c = xs.dim(-1);
        int[] ax = {last};
        int mean = b.reduce(Op.REDUCE_MEAN, x, ax, true);
        int centred = b.sub(x, mean);
        int var = b.reduce(Op.REDUCE_MEAN, b.unary(Op.SQUARE, centred), ax, true);
        int inv = b.unary(Op.RECIPROCAL, b.unary(Op.SQRT, b.add(var, b.constant(a.real("epsilon")))));
        int y = b.mul(centred, inv);
        if (a.bool("scale")) {
            y = b.mul(y, s.param("gamma", new int[] {c}, a.get("gamma_initializer"), true, a.get("gamma_regularizer")));
        }
        if (a.bool("center")) {
            y = b.add(y, s.param("beta", new int[] {c}, a.get("beta_initializer"), true, a.get("beta_regularizer")));
        }
        return y;
    }

    /**
     * Keras BatchNormalization over the last axis: batch statistics (population variance) in
     * TRAIN/GRADIENT passes, the moving statistics in INFER passes, and the moving averages
     * updated in TRAIN passes ({@code moving = momentum * moving + (1 - momentum) * batch}).
     */
    private static int batchNorm(GraphBuilder b, Scope s, Args a, int x) {
        Shape xs = b.shape(x);
        int axis = a.integer("axis");
        if (axis != -1 && axis + 1 != xs.rank() - 1) {
            throw new LoweringException("batchnorm over an axis other than the last cannot be compiled yet");
        }
        int c = xs.dim(-1);
        int[] axes = new int[xs.rank() - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i;
        int gamma = a.bool("scale") ? s.param("gamma", new int[] {c}, a.get("gamma_initializer"), true, a.get("gamma_regularizer")) : -1;
        int beta = a.bool("center") ? s.param("beta", new int[] {c}, a.get("beta_initializer"), true, a.get("beta_regularizer")) : -1;
        int mm = s.param("moving_mean", new int[] {c}, a.get("moving_mean_initializer"), false, Value.NONE);
        int mv = s.param("moving_variance", new int[] {c}, a.get("moving_variance_initializer"), false, Value.NONE);
        int mean = b.reduce(Op.REDUCE_MEAN, x, axes, false);
        int var = b.reduce(Op.REDUCE_MEAN, b.unary(Op.SQUARE, b.sub(x, mean)), axes, false);
        double momentum = a.real("momentum");
        b.movingUpdate(mm, mean, momentum);
        b.movingUpdate(mv, var, momentum);
        int m = b.trainingSelect(mean, mm), v = b.trainingSelect(var, mv);
        int inv = b.unary(Op.RECIPROCAL, b.unary(Op.SQRT, b.add(v, b.constant(a.real("epsilon")))));
        int y = b.mul(b.sub(x, m), inv);
        if (gamma >= 0) y = b.mul(y, gamma);
        if (beta >= 0) y = b.add(y, beta);
        return y;
    }

    /**
     * simple_rnn, lstm and gru (Keras layouts, gate orders i, f, c, o and z, r, h) through
     * {@link Recurrent}. Parameters are named {@code prefix + kernel} etc. ({@code prefix} is
     * {@code forward_lstm.} inside bidirectional). {@code backwards} runs the layer over the
     * reversed sequence, as Keras' go_backwards: the returned sequence is in processing order.
     */
    private static int recurrent(GraphBuilder b, Scope s, String type, Args a, int x, String prefix, boolean backwards) {
        String cell = switch (type) {
            case "lstm" -> "lstm";
            case "gru" -> "gru";
            default -> "simple";
        };
        int gates = Recurrent.gates(cell);
        int u = a.integer("units");
        int f = b.shape(x).dim(-1);
        if (a.get("recurrent_dropout") instanceof Value.Real r && r.value() != 0) {
            throw new LoweringException(type + " with recurrent_dropout cannot be compiled yet");
        }
        if (a.bool("return_state") || a.bool("stateful")) {
            throw new LoweringException(type + " with return_state or stateful cannot be compiled yet");
        }
        if (cell.equals("gru") && !a.bool("reset_after")) {
            throw new LoweringException("gru with reset_after = false cannot be compiled yet (Keras 3's default reset_after = true can)");
        }
        if (a.bool("go_backwards")) backwards = !backwards;
        int kernel = s.param(prefix + "kernel", new int[] {f, gates * u}, a.get("kernel_initializer"), true, a.get("kernel_regularizer"));
        int rec = s.param(prefix + "recurrent_kernel", new int[] {u, gates * u}, a.get("recurrent_initializer"), true,
                a.get("recurrent_regularizer"));
        int bias = -1;
        if (a.bool("use_bias")) {
            Value init = a.get("bias_initializer");
            // unit_forget_bias: the forget gate's bias starts at 1 (CONVENTIONS.md); the initializer
            // name carries it to the runtime ("lstm_bias" fills [zeros, ones, zeros, zeros])
            if (cell.equals("lstm") && a.bool("unit_forget_bias")) init = new Value.Sym("unit_forget_bias");
            int[] bshape = cell.equals("gru") ? new int[] {2, gates * u} : new int[] {gates * u};
            bias = s.param(prefix + "bias", bshape, init, true, a.get("bias_regularizer"));
        }
        String act = a.sym("activation"), ract = cell.equals("simple") ? "sigmoid" : a.sym("recurrent_activation");
        int in = x;
        if (a.get("dropout") instanceof Value.Real r && r.value() != 0) {
            // Keras 3: one inverted-dropout mask per sequence on the inputs, the same at every step
            in = b.mul(in, b.dropoutMask(Shape.batched(1, f), r.value(), s.nextStream()));
        }
        if (backwards) in = b.reverse(in, 1);
        try {
            return Recurrent.apply(b, cell, in, kernel, rec, bias, act == null ? "tanh" : act, ract == null ? "sigmoid" : ract,
                    a.bool("return_sequences"));
        } catch (nnc.ir.IrException e) {
            throw new LoweringException(type + ": " + e.getMessage());
        }
    }

    /**
     * Keras Bidirectional: the wrapped layer forwards and a copy over the reversed sequence
     * (parameters {@code forward_TYPE.*} and {@code backward_TYPE.*}, as the checker names them);
     * with return_sequences the backward outputs are reversed back so step t lines up, then merged
     * (concat on the last axis, sum, mul or ave).
     */
    private static int bidirectional(GraphBuilder b, Scope s, Args a, int x) {
        Value.Layer inner = (Value.Layer) a.get("layer");
        String type = inner.type();
        String keras = nnc.check.catalogue.Layers.get(type).kerasName();
        Args ia = new Args(inner.args());
        int fwd = recurrent(b, s, type, ia, x, "forward_" + keras + ".", false);
        int bwd = recurrent(b, s, type, ia, x, "backward_" + keras + ".", true);
        if (ia.bool("return_sequences")) bwd = b.reverse(bwd, 1);
        String mode = a.sym("merge_mode");
        return switch (mode == null ? "concat" : mode) {
            case "sum" -> b.add(fwd, bwd);
            case "mul" -> b.mul(fwd, bwd);
            case "ave" -> b.mul(b.add(fwd, bwd), b.constant(0.5));
            default -> b.concat(b.shape(fwd).rank() - 1, fwd, bwd);
        };
    }

    /**
     * Keras Conv2DTranspose as the input gradient of a convolution ({@link Op#CONV_BACKPROP_INPUT}):
     * kernel [kh, kw, filters, channels]; output size n * s (same) or n * s + max(k - s, 0) (valid).
     */
    private static int convTranspose(GraphBuilder b, Scope s, Args a, int x) {
        int[] k = a.ints("kernel_size", 2), st = a.ints("strides", 2);
        for (int d : a.ints("dilation_rate", 2)) {
            if (d != 1) throw new LoweringException("conv2d_transpose with dilation_rate other than 1 cannot be compiled yet");
        }
        Shape xs = b.shape(x);
        int filters = a.integer("filters");
        boolean same = "same".equals(a.sym("padding"));
        int[] out = new int[4];
        out[0] = -1;   // the batch, as CONV_BACKPROP_INPUT's inShape writes it
        for (int q = 0; q < 2; q++) out[q + 1] = same ? xs.dim(q + 1) * st[q] : xs.dim(q + 1) * st[q] + Math.max(k[q] - st[q], 0);
        out[3] = filters;
        int kernel = s.param("kernel", new int[] {k[0], k[1], filters, xs.dim(-1)}, a.get("kernel_initializer"), true,
                a.get("kernel_regularizer"));
        int y = b.add(Op.CONV_BACKPROP_INPUT, Attrs.of("rank", 2, "strides", st, "padding", same ? "same" : "valid",
                "inShape", out), x, kernel);
        if (a.bool("use_bias")) {
            y = b.add(y, s.param("bias", new int[] {filters}, a.get("bias_initializer"), true, a.get("bias_regularizer")));
        }
        return s.activation(a.get("activation"), y);
    }

    /**
     * Nearest-neighbour upsampling: each step/pixel repeated {@code size} times, as an axis of
     * length 1 inserted after each spatial axis, broadcast to {@code size} and folded back.
     */
    private static int upsampling(GraphBuilder b, String type, Args a, int x) {
        int r = type.equals("upsampling1d") ? 1 : 2;
        if (r == 2 && "bilinear".equals(a.sym("interpolation"))) {
            throw new LoweringException("upsampling2d with interpolation = bilinear cannot be compiled yet");
        }
        int[] size = a.ints("size", r);
        Shape xs = b.shape(x);
        int[] split = new int[2 * r + 1], wide = new int[2 * r + 1], folded = new int[r + 1];
        for (int q = 0; q < r; q++) {
            int n = xs.dim(q + 1);
            split[2 * q] = wide[2 * q] = n;
            split[2 * q + 1] = 1;
            wide[2 * q + 1] = size[q];
            folded[q] = n * size[q];
        }
        split[2 * r] = wide[2 * r] = folded[r] = xs.dim(-1);
        return b.reshape(b.broadcastTo(b.reshape(x, Shape.batched(split)), Shape.batched(wide)), Shape.batched(folded));
    }

    private static int conv(GraphBuilder b, Scope s, String type, Args a, int x) {
        int r = type.equals("conv1d") ? 1 : 2;
        int[] k = a.ints("kernel_size", r);
        for (int d : a.ints("dilation_rate", r)) {
            if (d != 1) throw new LoweringException(type + " with dilation_rate other than 1 cannot be compiled yet");
        }
        if (a.integer("groups") != 1) throw new LoweringException(type + " with groups other than 1 cannot be compiled yet");
        int filters = a.integer("filters");
        int ch = b.shape(x).dim(-1);
        int[] kshape = new int[r + 2];
        System.arraycopy(k, 0, kshape, 0, r);
        kshape[r] = ch;
        kshape[r + 1] = filters;
        int kernel = s.param("kernel", kshape, a.get("kernel_initializer"), true, a.get("kernel_regularizer"));
        int y = b.add(Op.CONV, Attrs.of("rank", r, "strides", a.ints("strides", r), "padding", a.sym("padding")), x, kernel);
        if (a.bool("use_bias")) {
            y = b.add(y, s.param("bias", new int[] {filters}, a.get("bias_initializer"), true, a.get("bias_regularizer")));
        }
        return s.activation(a.get("activation"), y);
    }
}
