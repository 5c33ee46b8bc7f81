package nnc.ir;

/**
 * The closed set of primitive IR operations. Each constant documents, once:
 * <b>semantics</b>, <b>shape</b> rule (implemented in {@link ShapeRules}) and
 * <b>gradient</b> rule (implemented in {@code nnc.autodiff.GradientRules}, one case per
 * op, in the same order). {@code x}, {@code y} are the inputs, {@code out} the result and
 * {@code g} the gradient flowing into {@code out}. "Elementwise binary" ops broadcast
 * like NumPy (shapes aligned on the right; a size-1 dim stretches; the batch dim matches
 * only the batch dim or 1); their gradient is summed back to each input's shape
 * ("unbroadcast").
 */
public enum Op {
    // ---------------------------------------------------------------- sources
    /** A model input. attrs: name. Shape and dtype as declared (batch dim first). Gradient: none (a leaf). */
    INPUT(Kind.SOURCE, 0),
    /** A trainable or non-trainable parameter. attrs: name ("dense.kernel"), init, trainable. Gradient: leaf; accumulates into grad.NAME. */
    PARAMETER(Kind.SOURCE, 0),
    /** A tensor filled with attrs.value (may be batched: then filled for the run-time batch). Gradient: none. */
    CONSTANT(Kind.SOURCE, 0),

    // ---------------------------------------------------------------- elementwise unary (out has x's shape)
    /** out = -x. Gradient: -g. */
    NEG(Kind.UNARY, 1),
    /** out = |x|. Gradient: g * sign(x). */
    ABS(Kind.UNARY, 1),
    /** out = x^2. Gradient: g * 2x. */
    SQUARE(Kind.UNARY, 1),
    /** out = sqrt(x). Gradient: g * 0.5 / out. */
    SQRT(Kind.UNARY, 1),
    /** out = e^x. Gradient: g * out. */
    EXP(Kind.UNARY, 1),
    /** out = ln x. Gradient: g / x. */
    LOG(Kind.UNARY, 1),
    /** out = 1 / x. Gradient: -g * out^2. */
    RECIPROCAL(Kind.UNARY, 1),
    /** out = sign(x) in {-1, 0, 1}. Gradient: zero. */
    SIGN(Kind.UNARY, 1),
    /** Heaviside: out = 1 if x &gt; 0 else 0 (the perceptron's step). Gradient: zero. */
    STEP(Kind.UNARY, 1),
    /** out = max(x, 0). Gradient: g * step(out) (uses the output, so the GEMM epilogue can fuse it). */
    RELU(Kind.UNARY, 1),
    /** out = x if x &gt; 0 else alpha*x. attrs: alpha. Gradient: g * (step(x) + alpha*(1 - step(x))). */
    LEAKY_RELU(Kind.UNARY, 1),
    /** out = x if x &gt; 0 else alpha*(e^x - 1). attrs: alpha. Gradient: g * (step(x) + (1 - step(x))*(out + alpha)). */
    ELU(Kind.UNARY, 1),
    /** out = lambda*elu(x, alpha) with Keras' constants. Gradient: g * (lambda*step(x) + (1 - step(x))*(out + lambda*alpha)). */
    SELU(Kind.UNARY, 1),
    /** out = 0.5 x (1 + erf(x / sqrt 2)) (Keras default, exact form). Gradient: g * gelu_grad(x). */
    GELU(Kind.UNARY, 1),
    /** out = d gelu / dx = Phi(x) + x phi(x). Only produced by GELU's gradient. Gradient: unsupported (second order). */
    GELU_GRAD(Kind.UNARY, 1),
    /** out = 1 / (1 + e^-x). Gradient: g * out * (1 - out). */
    SIGMOID(Kind.UNARY, 1),
    /** Keras 3: out = clip(x/6 + 0.5, 0, 1). Gradient: g * step(x + 3) * step(3 - x) / 6. */
    HARD_SIGMOID(Kind.UNARY, 1),
    /** out = tanh x. Gradient: g * (1 - out^2). */
    TANH(Kind.UNARY, 1),
    /** out = ln(1 + e^x), computed stably. Gradient: g * sigmoid(x). */
    SOFTPLUS(Kind.UNARY, 1),
    /** out = x / (1 + |x|). Gradient: g / (1 + |x|)^2. */
    SOFTSIGN(Kind.UNARY, 1),
    /** out = min(max(x, min), max). attrs: min, max. Gradient: g * step(x - min) * step(max - x) (zero where clipped). */
    CLIP(Kind.UNARY, 1),

    // ---------------------------------------------------------------- elementwise binary (broadcasting)
    /** out = x + y. Gradient: unbroadcast(g) to each. */
    ADD(Kind.BINARY, 2),
    /** out = x - y. Gradient: unbroadcast(g), unbroadcast(-g). */
    SUB(Kind.BINARY, 2),
    /** out = x * y. Gradient: unbroadcast(g*y), unbroadcast(g*x). */
    MUL(Kind.BINARY, 2),
    /** out = x / y. Gradient: unbroadcast(g/y), unbroadcast(-g*x/y^2). */
    DIV(Kind.BINARY, 2),
    /** out = max(x, y). Gradient: g*ge(x,y) to x, g*(1 - ge(x,y)) to y (ties go to x). */
    MAXIMUM(Kind.BINARY, 2),
    /** out = min(x, y). Gradient: g*ge(y,x) to x, g*(1 - ge(y,x)) to y (ties go to x). */
    MINIMUM(Kind.BINARY, 2),
    /** out = 1 if x &gt;= y else 0. Gradient: zero. */
    GE(Kind.BINARY, 2),

    // ---------------------------------------------------------------- reductions
    /** Sum over attrs.axes (keepdims attr: keep them as size 1). Shape: those axes removed or 1. Gradient: broadcast_to(reshape(g, keepdims shape), x.shape). */
    REDUCE_SUM(Kind.REDUCE, 1),
    /** Mean over attrs.axes (the batch axis divides by the run-time batch). Shape as REDUCE_SUM. Gradient: that of REDUCE_SUM divided by the count. */
    REDUCE_MEAN(Kind.REDUCE, 1),
    /** Max over attrs.axes. Shape as REDUCE_SUM. Gradient: broadcast(g) * ge(x, broadcast(out)) (every maximal element gets g). */
    REDUCE_MAX(Kind.REDUCE, 1),

    // ---------------------------------------------------------------- shape and data movement
    /** Repeat x to attrs.shape (NumPy broadcasting rule). Gradient: unbroadcast(g) to x's shape. */
    BROADCAST_TO(Kind.SHAPE, 1),
    /** Same elements in row-major order, new attrs.shape; a batched value stays batched with the same per-sample size. Gradient: reshape(g, x.shape). */
    RESHAPE(Kind.SHAPE, 1),
    /** out.dims[i] = x.dims[perm[i]]; the batch axis may not move. attrs: perm. Gradient: transpose(g, inverse(perm)). */
    TRANSPOSE(Kind.SHAPE, 1),
    /** x[..., start:end, ...] along a non-batch attrs.axis. Gradient: concat(zeros, g, zeros) along axis. */
    SLICE(Kind.SHAPE, 1),
    /** x reversed along a non-batch attrs.axis (bidirectional layers run the time axis backwards). Gradient: reverse(g). */
    REVERSE(Kind.SHAPE, 1),
    /** Join the inputs along a non-batch attrs.axis; other dims equal. Gradient: slice(g) per input. */
    CONCAT(Kind.SHAPE, -1),

    // ---------------------------------------------------------------- linear algebra
    /**
     * Matrix product op(x) @ op(y), op = transpose when attrs.transA / transB. x is [m, k]
     * (or [N, t, k]: leading dims flattened into m), y is [k, n]; out is [m, n] (or
     * [N, t, n]). With transA the contraction runs over x's flattened leading dims (x and y
     * share them): [.., k]^T @ [.., n] = [k, n]. Contracted dims must agree (batch with batch).
     * Gradient: dx = g @ op(y)^T, dy = op(x)^T @ g, written with the trans flags so no
     * transpose is materialised.
     */
    MATMUL(Kind.MATMUL, 2),

    // ---------------------------------------------------------------- indexing
    /** Embedding lookup: x = table [V, D], y = int indices of any shape S; out = table[y] with shape S + [D]. Gradient: to the table scatter_add(y, g); indices get none. */
    GATHER(Kind.INDEX, 2),
    /** out [attrs.rows, D] = zeros, then out[x[i]] += y[i] (x int indices S, y updates S + [D]). Produced by GATHER's gradient. Gradient: y gets gather(g, x). */
    SCATTER_ADD(Kind.INDEX, 2),
    /** out = one-hot of the integer values of x (shape S) with attrs.depth classes: S + [depth], f32; out-of-range values give all zeros. Gradient: none. */
    ONE_HOT(Kind.INDEX, 1),

    // ---------------------------------------------------------------- neural-network primitives
    /** Softmax over the last axis, max-subtracted for stability. Gradient: out * (g - sum(g * out, -1, keepdims)). */
    SOFTMAX(Kind.NN, 1),

    // ---------------------------------------------------------------- mode-dependent values and state (batchnorm)
    /**
     * x while the pass caches for backward (TRAIN and GRADIENT modes), y in INFER mode; x and
     * y have the same shape (batchnorm: batch statistics vs moving statistics). Gradient: g to
     * x, none to y (backward only follows TRAIN/GRADIENT passes).
     */
    TRAINING_SELECT(Kind.NN, 2),
    /**
     * In TRAIN mode only, updates parameter x in place: x = momentum * x + (1 - momentum) * y
     * (y has x's shape; batchnorm's moving mean/variance). attrs: momentum. The value is a
     * scalar 0 that nothing reads; the lowering keeps the node alive with an output named
     * {@code update.PARAM}, which runs in the forward phase. Gradient: none.
     */
    MOVING_UPDATE(Kind.NN, 2),

    // ---------------------------------------------------------------- randomness (training mode only)
    /**
     * Inverted-dropout mask of attrs.shape: each element is 1/(1-rate) with probability
     * 1 - rate, else 0, drawn from stream attrs.stream of the model's seeded generator; in
     * INFER and GRADIENT modes every element is 1 (Keras: dropout only while training).
     * A layer multiplies its input by the mask, so the gradient flows through MUL. Gradient: none.
     */
    DROPOUT_MASK(Kind.RNG, 0),
    /** Gaussian noise N(0, attrs.stddev^2) of attrs.shape in TRAIN mode, zeros otherwise. Added by the layer. Gradient: none. */
    GAUSSIAN_NOISE(Kind.RNG, 0),

    // ---------------------------------------------------------------- placeholders for the convolution and recurrent catalogue
    /**
     * Convolution, channels last: x [N, (h,) w, c_in], kernel [(kh,) kw, c_in, c_out];
     * attrs: rank (1|2), strides, padding ("valid"|"same"). out [N, (oh,) ow, c_out] with
     * oh = floor((h - kh)/s) + 1 (valid) or ceil(h/s) (same). Gradient: conv_backprop_input
     * to x, conv_backprop_filter to the kernel. Shape rule implemented; evaluation and
     * code generation come with the convolution kernels.
     */
    CONV(Kind.HEAVY, 2),
    /**
     * Gradient of CONV w.r.t. its input: inputs (g, kernel), attrs as CONV plus inShape (also
     * conv2d_transpose: x as g, the Keras kernel [kh, kw, filters, in] as the kernel).
     * Gradient: conv(g', kernel) to g, conv_backprop_filter(g', g) to the kernel.
     */
    CONV_BACKPROP_INPUT(Kind.HEAVY, 2),
    /** Gradient of CONV w.r.t. its kernel: inputs (x, g), attrs as CONV plus kernelShape. */
    CONV_BACKPROP_FILTER(Kind.HEAVY, 2),
    /** Max or average pooling (attrs.kind "max"|"avg", rank, pool, strides, padding), channels last. Gradient: pool_grad. */
    POOL(Kind.HEAVY, 1),
    /** Gradient of POOL: inputs (x, out, g) -&gt; shape of x. */
    POOL_GRAD(Kind.HEAVY, 3),
    /**
     * Recurrence over time (see {@link Recurrent}): x = the projected inputs [N, T, G*u]
     * (x_t kernel + input bias; G = 1 for attrs.cell "simple", 4 for "lstm" in gate order
     * i, f, c, o, 3 for "gru" in order z, r, h), y = the recurrent kernel [u, G*u], for gru a
     * third input: the recurrent bias [3u]; zero initial state. simple: h_t = act(x_t + h_{t-1} y);
     * lstm: z = x_t + h_{t-1} y, i, f, o = recAct(z), g = act(z_c), c_t = f c_{t-1} + i g,
     * h_t = o act(c_t); gru (reset_after): rec = h_{t-1} y + rb, z, r = recAct(x + rec),
     * hh = act(x_h + r rec_h), h_t = z h_{t-1} + (1 - z) hh. out [N, T, S*u] holds per step
     * the values backward needs, h last (simple: [h]; lstm: [i, f, g, o, c, h]; gru: [z, r,
     * hh, rec_h, h]). attrs: cell, units, activation, recurrentActivation (tanh, sigmoid, relu
     * or linear: derivatives are taken from outputs). Gradient: d = scan_grad(out, g, y)
     * (BPTT; only g's h columns are read, the lowering reads nothing else); dx = d (gru: its
     * input half), dy = h_{t-1}^T d (gru: its recurrent half) summed over batch and time,
     * d(rb) = the recurrent half summed.
     */
    SCAN(Kind.HEAVY, -1),
    /** Backpropagation through time for SCAN: inputs (out, g, y), attrs as SCAN; result [N, T, G*u] (gru: [N, T, 6u], input then recurrent pre-activation gradients). Gradient: unsupported (second order). */
    SCAN_GRAD(Kind.HEAVY, 3),

    // ---------------------------------------------------------------- fused forms created by nnc.opt
    /**
     * Fused softmax + categorical cross-entropy: x = logits [.., C], y = targets [.., C];
     * out [..] = -sum(y * log(clip(softmax(x), 1e-7, 1 - 1e-7))). Created by the
     * softmax-CE fusion before differentiation. Gradient: to x, g[.., None] *
     * (softmax(x) * sum(y) - y) (= softmax - y for one-hot y); y gets none.
     */
    SOFTMAX_XENT(Kind.FUSED, 2),
    /**
     * GEMM with epilogue: act(op(x) @ op(w) + bias), inputs (x, w[, bias]); attrs transA,
     * transB, epilogue (IDENTITY|RELU|SIGMOID|TANH). Created after differentiation only, so
     * it has no gradient rule.
     */
    GEMM(Kind.FUSED, -1),
    /**
     * A fused group of elementwise ops evaluated in one loop: inputs are the group's
     * operands, attrs.program (a {@link nnc.ir.FusedProgram}) the straight-line body.
     * Created after differentiation only; no gradient rule.
     */
    ELEMENTWISE(Kind.FUSED, -1);

    /** Families of ops, used by the verifier, passes and the code generator. */
    public enum Kind { SOURCE, UNARY, BINARY, REDUCE, SHAPE, MATMUL, INDEX, NN, RNG, HEAVY, FUSED }

    public final Kind kind;
    /** Number of inputs, or -1 when variable. */
    public final int arity;

    Op(Kind kind, int arity) {
        this.kind = kind;
        this.arity = arity;
    }

    public boolean isElementwise() {
        return kind == Kind.UNARY || kind == Kind.BINARY;
    }

    /** Ops whose value is not a pure function of their inputs (CSE must not merge them). */
    public boolean isImpure() {
        return kind == Kind.RNG || this == INPUT || this == PARAMETER;
    }

    /** Lower-case name used by the printer ("reduce_sum"). */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
