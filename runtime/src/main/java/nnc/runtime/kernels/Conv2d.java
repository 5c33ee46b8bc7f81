package nnc.runtime.kernels;

import java.util.Arrays;

/**
 * 2D (and, through {@link ConvGeometry#conv1d}, 1D) convolution over NHWC tensors with a
 * Keras-layout kernel {@code [kh, kw, cin, cout]}: forward, gradient with respect to the
 * input, the kernel and the bias. Geometry (sizes, strides, padding) comes from
 * {@link ConvGeometry}.
 *
 * <p>The fast path lowers the whole batch to one GEMM: the im2col matrix has one row per
 * output pixel of the batch ({@code m = batch * outH * outW}) and {@code kh * kw * cin}
 * columns, which in NHWC are runs of {@code kw * cin} contiguous input values, and the
 * Keras kernel is already the {@code [kh * kw * cin, cout]} right-hand matrix. Small
 * channel counts take {@link ConvDirect} instead, which skips the im2col copy (see
 * docs/kernels-ops.md for the measurements). The caller passes a workspace of
 * {@link #workspaceSize} floats; nothing is allocated per call. The scalar twins
 * ({@code ...Scalar}) are direct loops over the definition.
 */
public final class Conv2d {
    private Conv2d() {}

    /** Floats of workspace that {@link #forward} and {@link #backward} need for {@code g}. */
    public static int workspaceSize(ConvGeometry g) {
        return Math.max(Math.max(g.isPointwise() ? 0 : g.patches() * g.patchSize(), ConvDirect.workspaceSize(g)),
                Math.max(Math.max(ConvInterleaved.workspaceSize(g), ConvGather.workspaceSize(g)),
                        Math.max(ConvInputRuns.workspaceSize(g), ConvKernelRuns.workspaceSize(g))));
    }

    /**
     * {@code out = act(conv(in, kernel) + bias)}; {@code bias} may be null, {@code act} may
     * be null (identity).
     */
    public static void forward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                               float[] bias, int bOff, Epilogue act, float[] out, int outOff, float[] work) {
        if (act == null) act = Epilogue.IDENTITY;
        if (KernelConfig.scalar()) {
            forwardScalar(g, in, inOff, kernel, kOff, bias, bOff, out, outOff);
            activate(act, out, outOff, g.outputSize());
            return;
        }
        if (ConvInterleaved.suits(g)) {
            boolean relu = act == Epilogue.RELU;
            ConvInterleaved.forward(g, in, inOff, kernel, kOff, bias, bOff, relu, out, outOff, work);
            if (!relu) activate(act, out, outOff, g.outputSize());
            return;
        }
        if (ConvDirect.suitsForward(g)) {
            // ReLU is applied inside the kernel before the store; the others take one more pass.
            boolean relu = act == Epilogue.RELU;
            ConvDirect.forward(g, in, inOff, kernel, kOff, bias, bOff, relu, out, outOff, work);
            if (!relu) activate(act, out, outOff, g.outputSize());
            return;
        }
        int m = g.patches(), k = g.patchSize();
        float[] a = in;
        int aOff = inOff;
        if (!g.isPointwise()) {
            im2col(g, in, inOff, work);
            a = work;
            aOff = 0;
        }
        Gemm.sgemm(false, false, m, g.cout(), k, 1f, a, aOff, k, kernel, kOff, g.cout(), 0f, out, outOff, g.cout(),
                bias, bOff, act);
    }

    /**
     * The backward pass from {@code dOut} (the gradient with respect to the convolution's
     * output, after any activation derivative has been applied). Each of {@code dIn},
     * {@code dKernel}, {@code dBias} may be null when not wanted; a first layer passes
     * {@code dIn = null}, which saves a third of the work. With {@code accumulate}, kernel
     * and bias gradients are added to the arrays' contents instead of overwriting them.
     */
    public static void backward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                                float[] dOut, int dOutOff, float[] dIn, int dInOff,
                                float[] dKernel, int dkOff, float[] dBias, int dbOff,
                                boolean accumulate, float[] work) {
        boolean fusedBias = dKernel != null && !KernelConfig.scalar() && ConvInterleaved.suits(g);
        if (dBias != null && !fusedBias) Reductions.sumCols(dOut, dOutOff, g.patches(), g.cout(), dBias, dbOff, accumulate);
        if (KernelConfig.scalar()) {
            if (dKernel != null) backwardKernelScalar(g, in, inOff, dOut, dOutOff, dKernel, dkOff, accumulate);
            if (dIn != null) backwardInputScalar(g, dOut, dOutOff, kernel, kOff, dIn, dInOff);
            return;
        }
        int m = g.patches(), k = g.patchSize(), n = g.cout();
        if (dKernel != null) {
            if (ConvInterleaved.suits(g)) {
                ConvInterleaved.backwardKernel(g, in, inOff, dOut, dOutOff, dKernel, dkOff, dBias, dbOff, accumulate, work);
            } else if (ConvKernelRuns.suits(g)) {
                ConvKernelRuns.backwardKernel(g, in, inOff, dOut, dOutOff, dKernel, dkOff, accumulate, work);
            } else if (ConvDirect.suitsBackwardKernel(g)) {
                ConvDirect.backwardKernel(g, in, inOff, dOut, dOutOff, dKernel, dkOff, accumulate, work);
            } else {
                float[] a = in;
                int aOff = inOff;
                if (!g.isPointwise()) {
                    im2col(g, in, inOff, work);
                    a = work;
                    aOff = 0;
                }
                Gemm.sgemm(true, false, k, n, m, 1f, a, aOff, k, dOut, dOutOff, n, accumulate ? 1f : 0f,
                        dKernel, dkOff, n);
            }
        }
        if (dIn != null) {
            if (ConvDirect.suitsBackwardInput(g)) {
                ConvDirect.backwardInput(g, dOut, dOutOff, kernel, kOff, dIn, dInOff, work);
            } else if (g.isPointwise()) {
                Gemm.sgemm(false, true, m, k, n, 1f, dOut, dOutOff, n, kernel, kOff, n, 0f, dIn, dInOff, k);
            } else {
                inputGradientByImage(g, dOut, dOutOff, kernel, kOff, dIn, dInOff, work);
            }
        }
    }

    static void activate(Epilogue act, float[] out, int off, int n) {
        switch (act) {
            case IDENTITY -> { }
            case RELU -> Activations.forward(Activation.RELU, 0f, out, off, out, off, n);
            case SIGMOID -> Activations.forward(Activation.SIGMOID, 0f, out, off, out, off, n);
            case TANH -> Activations.forward(Activation.TANH, 0f, out, off, out, off, n);
        }
    }

    // ---------------------------------------------------------------- im2col / col2im

    /** Writes the im2col matrix {@code [batch*outH*outW, kh*kw*cin]} of {@code in} into {@code cols}. */
    public static void im2col(ConvGeometry g, float[] in, int inOff, float[] cols) {
        ConvTask.of(Conv2d::im2colTask, g).in(in, inOff).work(cols).run();
    }

    private static void im2colTask(ConvTask c, int t) {
        for (int b = c.firstImage(t); b < c.endImage(t); b++) im2colImage(c.g, c.in, c.inOff, c.work, b);
    }

    private static void im2colImage(ConvGeometry g, float[] in, int inOff, float[] cols, int b) {
        int cin = g.cin(), kw = g.kw(), run = kw * cin, k = g.patchSize();
        int rowStride = g.inW() * cin, imgBase = inOff + b * g.inH() * rowStride;
        int row = b * g.outH() * g.outW() * k;
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy0 = oy * g.strideH() - g.padTop();
            for (int ox = 0; ox < g.outW(); ox++, row += k) {
                int ix0 = ox * g.strideW() - g.padLeft();
                boolean fullRow = ix0 >= 0 && ix0 + kw <= g.inW();
                for (int ky = 0; ky < g.kh(); ky++) {
                    int iy = iy0 + ky, dst = row + ky * run;
                    if (iy < 0 || iy >= g.inH()) { Arrays.fill(cols, dst, dst + run, 0f); continue; }
                    int src = imgBase + iy * rowStride + ix0 * cin;
                    if (fullRow) { System.arraycopy(in, src, cols, dst, run); continue; }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ix0 + kx;
                        if (ix < 0 || ix >= g.inW()) Arrays.fill(cols, dst + kx * cin, dst + (kx + 1) * cin, 0f);
                        else System.arraycopy(in, src + kx * cin, cols, dst + kx * cin, cin);
                    }
                }
            }
        }
    }

    /** Scatter-adds an im2col-shaped gradient back into the input gradient (overwritten). */
    public static void col2im(ConvGeometry g, float[] cols, float[] dIn, int dInOff) {
        ConvTask.of(Conv2d::col2imTask, g).work(cols).dIn(dIn, dInOff).run();
    }

    private static void col2imTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        for (int b = c.firstImage(t); b < c.endImage(t); b++)
            col2imImage(g, c.work, b * g.outH() * g.outW() * g.patchSize(), c.dIn, c.dInOff, b);
    }

    /**
     * Input gradient image by image: a single-threaded GEMM writes one image's patch gradients
     * ({@code outH * outW} rows, small enough to stay in cache) and col2im folds them at once,
     * instead of writing and re-reading the whole batch's patch matrix.
     */
    private static void inputGradientByImage(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                                             float[] dIn, int dInOff, float[] work) {
        ConvTask.of(Conv2d::inputGradientTask, g).dOut(dOut, dOutOff).kernel(kernel, kOff).dIn(dIn, dInOff).work(work).run();
    }

    private static void inputGradientTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        int pix = g.outH() * g.outW(), k = g.patchSize(), n = g.cout(), per = pix * k;
        for (int b = c.firstImage(t); b < c.endImage(t); b++) {
            Gemm.sgemm(false, true, pix, k, n, 1f, c.dOut, c.dOutOff + b * pix * n, n, c.kernel, c.kOff, n,
                    0f, c.work, t * per, k, null, 0, Epilogue.IDENTITY, 1);
            col2imImage(g, c.work, t * per, c.dIn, c.dInOff, b);
        }
    }

    private static void col2imImage(ConvGeometry g, float[] cols, int colsBase, float[] dIn, int dInOff, int b) {
        int cin = g.cin(), kw = g.kw(), run = kw * cin, k = g.patchSize();
        int rowStride = g.inW() * cin, imgBase = dInOff + b * g.inH() * rowStride;
        Arrays.fill(dIn, imgBase, imgBase + g.inH() * rowStride, 0f);
        int row = colsBase;
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy0 = oy * g.strideH() - g.padTop();
            for (int ox = 0; ox < g.outW(); ox++, row += k) {
                int ix0 = ox * g.strideW() - g.padLeft();
                boolean fullRow = ix0 >= 0 && ix0 + kw <= g.inW();
                for (int ky = 0; ky < g.kh(); ky++) {
                    int iy = iy0 + ky, src = row + ky * run;
                    if (iy < 0 || iy >= g.inH()) continue;
                    int dst = imgBase + iy * rowStride + ix0 * cin;
                    if (fullRow) { addInto(cols, src, dIn, dst, run); continue; }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ix0 + kx;
                        if (ix >= 0 && ix < g.inW()) addInto(cols, src + kx * cin, dIn, dst + kx * cin, cin);
                    }
                }
            }
        }
    }

    /**
     * {@code y[yOff..+n] += x[xOff..+n]}. A plain loop on purpose: the runs here are short
     * (one kernel row of channels) and C2 vectorises the loop itself, whereas a Vector API
     * body that C2 does not inline into a large caller boxes its vectors (measured: 360 KB
     * allocated per LeNet-2 input gradient).
     */
    static void addInto(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i];
    }

    // ---------------------------------------------------------------- scalar twins

    /** Direct loops: {@code out[b,oy,ox,co] = bias[co] + sum in[b, oy*s+ky-pt, ox*s+kx-pl, ci] * K[ky,kx,ci,co]}. */
    public static void forwardScalar(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                                     float[] bias, int bOff, float[] out, int outOff) {
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int co = 0; co < g.cout(); co++) {
                        float s = 0f;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = oy * g.strideH() - g.padTop() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int ix = ox * g.strideW() - g.padLeft() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                for (int ci = 0; ci < g.cin(); ci++) {
                                    s = Math.fma(in[inIndex(g, inOff, b, iy, ix, ci)],
                                            kernel[kOff + ((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co], s);
                                }
                            }
                        }
                        out[outIndex(g, outOff, b, oy, ox, co)] = s + (bias == null ? 0f : bias[bOff + co]);
                    }
    }

    /** Direct loops for the input gradient (overwrites {@code dIn}). */
    public static void backwardInputScalar(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                                           float[] dIn, int dInOff) {
        Arrays.fill(dIn, dInOff, dInOff + g.inputSize(), 0f);
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx;
                            if (ix < 0 || ix >= g.inW()) continue;
                            for (int ci = 0; ci < g.cin(); ci++) {
                                float s = 0f;
                                int kr = kOff + ((ky * g.kw() + kx) * g.cin() + ci) * g.cout();
                                for (int co = 0; co < g.cout(); co++) s = Math.fma(dOut[outIndex(g, dOutOff, b, oy, ox, co)], kernel[kr + co], s);
                                dIn[inIndex(g, dInOff, b, iy, ix, ci)] += s;
                            }
                        }
                    }
    }

    /** Direct loops for the kernel gradient. */
    public static void backwardKernelScalar(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                                            float[] dKernel, int dkOff, boolean accumulate) {
        if (!accumulate) Arrays.fill(dKernel, dkOff, dkOff + g.kernelSize(), 0f);
        for (int ky = 0; ky < g.kh(); ky++)
            for (int kx = 0; kx < g.kw(); kx++)
                for (int ci = 0; ci < g.cin(); ci++)
                    for (int co = 0; co < g.cout(); co++) {
                        float s = 0f;
                        for (int b = 0; b < g.batch(); b++)
                            for (int oy = 0; oy < g.outH(); oy++) {
                                int iy = oy * g.strideH() - g.padTop() + ky;
                                if (iy < 0 || iy >= g.inH()) continue;
                                for (int ox = 0; ox < g.outW(); ox++) {
                                    int ix = ox * g.strideW() - g.padLeft() + kx;
                                    if (ix < 0 || ix >= g.inW()) continue;
                                    s = Math.fma(in[inIndex(g, inOff, b, iy, ix, ci)], dOut[outIndex(g, dOutOff, b, oy, ox, co)], s);
                                }
                            }
                        dKernel[dkOff + ((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co] += s;
                    }
    }

    static int inIndex(ConvGeometry g, int off, int b, int y, int x, int c) {
        return off + ((b * g.inH() + y) * g.inW() + x) * g.cin() + c;
    }

    static int outIndex(ConvGeometry g, int off, int b, int y, int x, int c) {
        return off + ((b * g.outH() + y) * g.outW() + x) * g.cout() + c;
    }
}
