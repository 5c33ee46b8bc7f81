package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Direct (im2col-free) vectorised convolutions for small channel counts, where the im2col
 * matrix ({@code kh * kw} times larger than the input) costs more to write and pack than the
 * arithmetic. Two kernels:
 * <ul>
 *   <li><b>Row kernels</b> ({@code cin == 1}, horizontal stride 1, e.g. LeNet's first layer):
 *       lanes run along the output row, so a 28-wide row fills 28 of 32 lanes whatever the
 *       number of filters; three filters at a time share each input load. The forward pass
 *       transposes its {@code [filter][x]} accumulators into NHWC through a small scratch;
 *       the kernel gradient transposes {@code dOut} the other way once per image.</li>
 *   <li><b>Channel kernel</b> (any stride/padding, {@code cout <= 2 * lanes}): lanes run
 *       over output channels, eight output pixels share each kernel-vector load, and the
 *       input is read in place (in NHWC the {@code kw * cin} values under a kernel row are
 *       contiguous); padded inputs are first copied into a zero-bordered image.</li>
 * </ul>
 * Work is split by images over {@link KernelConfig#threads()} tasks, each with its own slice
 * of the workspace; the kernel gradient sums per-task partial results in task order, so
 * results are bit-identical for a given thread count.
 */
final class ConvDirect {
    private ConvDirect() {}

    /** {@code -Dnnc.conv.gather=false} sends those input gradients to GEMM + col2im (for comparisons). */
    private static final boolean GATHER = Boolean.parseBoolean(System.getProperty("nnc.conv.gather", "true"));

    /** The row kernels need a padded row with this much slack for whole-vector loads. */
    private static final int SLACK = 2 * L + 8;

    static boolean rowKernel(ConvGeometry g) {
        return g.cin() == 1 && g.strideW() == 1;
    }

    static boolean suitsForward(ConvGeometry g) {
        return rowKernel(g) || channelKernel(g);
    }

    /** {@code -Dnnc.conv.fivewide=false} keeps five-column kernels on the tap-by-tap blocks (for comparisons). */
    private static final boolean FIVE_WIDE = Boolean.parseBoolean(System.getProperty("nnc.conv.fivewide", "true"));

    /** Whether the channel forward kernel takes its five-column blocks (kw == 5, horizontal stride 1). */
    static boolean fiveWide(ConvGeometry g) {
        return FIVE_WIDE && g.kw() == 5 && g.strideW() == 1;
    }

    static boolean channelKernel(ConvGeometry g) {
        return g.cout() <= 2 * L && g.cin() <= 64;
    }

    static boolean suitsBackwardKernel(ConvGeometry g) {
        return rowKernel(g) || channelKernel(g);
    }

    /**
     * Stride 1: the input gradient is a convolution of dOut with the flipped kernel, run by the
     * channel kernel, whose lanes then run over the input channels. Measured on LeNet's second
     * layer (cin = 6), GEMM + col2im was twice as fast, so this needs at least a full vector
     * of input channels.
     */
    static boolean suitsBackwardInput(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1
                && ((g.cin() >= L && channelKernel(flipped(g))) || gatherKernel(g) || ConvInputRuns.suits(g));
    }

    /**
     * Few input channels, a vector's worth of output channels (LeNet layer 2): each input
     * pixel gathers its gradient with lanes over the output channels, then one horizontal
     * sum per input channel.
     */
    static boolean gatherKernel(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.cin() < L && g.cout() >= L / 2 && g.cout() <= 2 * L
                && GATHER;
    }

    /** The convolution of {@code dOut} that yields the input gradient of a stride-1 convolution. */
    static ConvGeometry flipped(ConvGeometry g) {
        return new ConvGeometry(g.batch(), g.outH(), g.outW(), g.cout(), g.kh(), g.kw(), g.cin(), 1, 1,
                g.inH(), g.inW(), g.kh() - 1 - g.padTop(), g.kw() - 1 - g.padLeft());
    }

    private static int paddedWidth(ConvGeometry g) {
        return (g.outW() - 1) * g.strideW() + g.kw();
    }

    private static int paddedHeight(ConvGeometry g) {
        return (g.outH() - 1) * g.strideH() + g.kh();
    }

    /** Rounds up to a whole number of vector pairs (the row kernels work on 2 * L lanes). */
    private static int roundUp2(int n) {
        return (n + 2 * L - 1) / (2 * L) * (2 * L);
    }

    /** Per-task floats of workspace. */
    private static int perTask(ConvGeometry g) {
        if (rowKernel(g)) {
            int img = g.inH() * (paddedWidth(g) + SLACK);
            int fwd = 6 * L;
            int bwd = g.cout() * g.outH() * roundUp2(g.outW()) + g.kernelSize() * (L + 1);
            return img + Math.max(fwd, bwd);
        }
        return paddedHeight(g) * paddedWidth(g) * g.cin() + L;
    }

    /** Floats of workspace the direct kernels need for {@code g} (0 when none applies). */
    static int workspaceSize(ConvGeometry g) {
        int n = 0;
        if (suitsForward(g) || suitsBackwardKernel(g)) n = g.tasks() * (perTask(g) + (rowKernel(g) ? 0 : g.kernelSize()));
        if (suitsBackwardInput(g) && !gatherKernel(g) && !ConvInputRuns.suits(g)) {
            ConvGeometry f = flipped(g);
            n = Math.max(n, f.tasks() * perTask(f) + g.kernelSize());
        }
        return n;
    }

    // ---------------------------------------------------------------- row kernels (cin == 1)

    /** Copies image {@code b} into rows of width {@code paddedWidth + SLACK}, zero outside. */
    private static void padRows(ConvGeometry g, float[] in, int inOff, int b, float[] w, int wOff) {
        int wp = paddedWidth(g) + SLACK;
        Arrays.fill(w, wOff, wOff + g.inH() * wp, 0f);
        for (int y = 0; y < g.inH(); y++) {
            int n = Math.min(g.inW(), wp - g.padLeft());
            System.arraycopy(in, inOff + (b * g.inH() + y) * g.inW(), w, wOff + y * wp + g.padLeft(), n);
        }
    }

    static void forward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                        float[] bias, int bOff, float[] out, int outOff, float[] work) {
        forward(g, in, inOff, kernel, kOff, bias, bOff, false, out, outOff, work);
    }

    /** With {@code relu}, the output is {@code max(0, conv + bias)}, applied before the store. */
    static void forward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                        float[] bias, int bOff, boolean relu, float[] out, int outOff, float[] work) {
        ConvTask.of(ConvDirect::forwardTask, g).in(in, inOff).kernel(kernel, kOff).bias(bias, bOff).relu(relu)
                .out(out, outOff).work(work).run();
    }

    private static void forwardTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        int per = perTask(g);
        boolean row = rowKernel(g);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) {
            if (row) forwardRows(g, c.in, c.inOff, c.kernel, c.kOff, c.bias, c.bOff, c.relu, c.out, c.outOff, c.work, t * per, b);
            else forwardChannels(g, c.in, c.inOff, c.kernel, c.kOff, c.bias, c.bOff, c.relu, c.out, c.outOff, c.work, t * per, b);
        }
    }

    private static void forwardRows(ConvGeometry g, float[] in, int inOff, float[] k, int kOff,
                                    float[] bias, int bOff, boolean relu, float[] out, int outOff, float[] w, int wOff, int b) {
        int wp = paddedWidth(g) + SLACK, cout = g.cout(), ow = g.outW(), kw = g.kw();
        padRows(g, in, inOff, b, w, wOff);
        int scratch = wOff + g.inH() * wp;
        for (int oy = 0; oy < g.outH(); oy++) {
            int ky0 = Math.max(0, g.padTop() - oy * g.strideH());
            int ky1 = Math.min(g.kh(), g.inH() + g.padTop() - oy * g.strideH());
            for (int ox0 = 0; ox0 < ow; ox0 += 2 * L) {
                for (int co0 = 0; co0 < cout; co0 += 3) {
                    int cb = Math.min(3, cout - co0);
                    FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
                    for (int ky = ky0; ky < ky1; ky++) {
                        int r = wOff + (oy * g.strideH() - g.padTop() + ky) * wp + ox0;
                        int kr = kOff + ky * kw * cout + co0;
                        for (int kx = 0; kx < kw; kx++) {
                            FloatVector x0 = FloatVector.fromArray(S, w, r + kx), x1 = FloatVector.fromArray(S, w, r + kx + L);
                            int kk = kr + kx * cout;
                            FloatVector k0 = FloatVector.broadcast(S, k[kk]);
                            FloatVector k1 = FloatVector.broadcast(S, cb > 1 ? k[kk + 1] : 0f);
                            FloatVector k2 = FloatVector.broadcast(S, cb > 2 ? k[kk + 2] : 0f);
                            a00 = x0.fma(k0, a00); a01 = x1.fma(k0, a01);
                            a10 = x0.fma(k1, a10); a11 = x1.fma(k1, a11);
                            a20 = x0.fma(k2, a20); a21 = x1.fma(k2, a21);
                        }
                    }
                    // Scatter [filter][x] straight into NHWC (stride cout), bias and ReLU applied first.
                    // The scatter range-checks all lanes, masked or not, so the array's last row
                    // goes through the scratch and a scalar transpose.
                    int n = Math.min(2 * L, ow - ox0);
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox0, co0);
                    if (o + 2 * L * cout > out.length) {
                        a00.intoArray(w, scratch); a01.intoArray(w, scratch + L);
                        a10.intoArray(w, scratch + 2 * L); a11.intoArray(w, scratch + 3 * L);
                        a20.intoArray(w, scratch + 4 * L); a21.intoArray(w, scratch + 5 * L);
                        for (int c = 0; c < cb; c++) {
                            float bv = bias == null ? 0f : bias[bOff + co0 + c];
                            int src = scratch + c * 2 * L;
                            if (relu) for (int i = 0; i < n; i++) out[o + i * cout + c] = Math.max(w[src + i] + bv, 0f);
                            else for (int i = 0; i < n; i++) out[o + i * cout + c] = w[src + i] + bv;
                        }
                        continue;
                    }
                    int[] map = strideMap(cout);
                    VectorMask<Float> m0 = S.indexInRange(0, n), m1 = S.indexInRange(L, n);
                    FloatVector bv = FloatVector.broadcast(S, bias == null ? 0f : bias[bOff + co0]);
                    a00 = a00.add(bv); a01 = a01.add(bv);
                    if (relu) { a00 = a00.max(0f); a01 = a01.max(0f); }
                    a00.intoArray(out, o, map, 0, m0); a01.intoArray(out, o + L * cout, map, 0, m1);
                    if (cb > 1) {
                        bv = FloatVector.broadcast(S, bias == null ? 0f : bias[bOff + co0 + 1]);
                        a10 = a10.add(bv); a11 = a11.add(bv);
                        if (relu) { a10 = a10.max(0f); a11 = a11.max(0f); }
                        a10.intoArray(out, o + 1, map, 0, m0); a11.intoArray(out, o + 1 + L * cout, map, 0, m1);
                    }
                    if (cb > 2) {
                        bv = FloatVector.broadcast(S, bias == null ? 0f : bias[bOff + co0 + 2]);
                        a20 = a20.add(bv); a21 = a21.add(bv);
                        if (relu) { a20 = a20.max(0f); a21 = a21.max(0f); }
                        a20.intoArray(out, o + 2, map, 0, m0); a21.intoArray(out, o + 2 + L * cout, map, 0, m1);
                    }
                }
            }
        }
    }

    /** STRIDE_MAPS[c][i] = i * c: scatter offsets for NHWC rows with c channels (built once per c). */
    private static final int[][] STRIDE_MAPS = new int[257][];

    private static int[] strideMap(int cout) {
        if (cout >= STRIDE_MAPS.length) throw new IllegalArgumentException("row kernel needs cout <= 256");
        int[] m = STRIDE_MAPS[cout];
        if (m == null) {   // benign race: every thread builds the same contents
            m = new int[L];
            for (int i = 0; i < L; i++) m[i] = i * cout;
            STRIDE_MAPS[cout] = m;
        }
        return m;
    }

    static void backwardKernel(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                               float[] dKernel, int dkOff, boolean accumulate, float[] work) {
        if (!rowKernel(g)) {
            backwardKernelChannels(g, in, inOff, dOut, dOutOff, dKernel, dkOff, accumulate, work);
            return;
        }
        int tasks = g.tasks(), per = perTask(g), ks = g.kernelSize(), partial = rowPartials(g) + ks * L;
        ConvTask.of(ConvDirect::backwardKernelRowsTask, g).in(in, inOff).dOut(dOut, dOutOff).work(work).run();
        if (!accumulate) Arrays.fill(dKernel, dkOff, dkOff + ks, 0f);
        for (int t = 0; t < tasks; t++) Conv2d.addInto(work, t * per + partial, dKernel, dkOff, ks);
    }

    /**
     * Where a task's lane-wise partial sums start in its workspace. Per task: padded image,
     * transposed dOut, then ks vectors of lane-wise partial sums, then ks floats of reduced
     * partial sums.
     */
    private static int rowPartials(ConvGeometry g) {
        return g.inH() * (paddedWidth(g) + SLACK) + g.cout() * g.outH() * roundUp2(g.outW());
    }

    private static void backwardKernelRowsTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        float[] work = c.work;
        int per = perTask(g), ks = g.kernelSize(), lanes = rowPartials(g), partial = lanes + ks * L;
        int p = t * per + lanes;
        Arrays.fill(work, p, p + ks * L, 0f);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) backwardKernelRows(g, c.in, c.inOff, c.dOut, c.dOutOff, work, t * per, p, b);
        for (int i = 0; i < ks; i++) work[t * per + partial + i] = LaneSum.of(FloatVector.fromArray(S, work, p + i * L));
    }

    /**
     * Adds image {@code b}'s kernel gradient to the lane-wise partials at {@code acc}
     * ({@code [kh, kw, 1, cout]} vectors). Lanes run along the output row as in the forward
     * pass: five kernel columns times three filters are accumulated in registers while the
     * rows of the image are swept, so each input load feeds three FMAs and each dOut load five
     * (measured 0.59 -> 0.37 ms for LeNet layer 1 at batch 64 on one thread, against the
     * earlier block of three filters times two vectors, 6 FMAs per 8 loads).
     */
    private static void backwardKernelRows(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                                           float[] w, int wOff, int acc, int b) {
        int wp = paddedWidth(g) + SLACK, cout = g.cout(), ow = g.outW(), owp = roundUp2(ow), kw = g.kw(), oh = g.outH();
        padRows(g, in, inOff, b, w, wOff);
        // dOut of this image as [filter][y][x], rows zero-padded to whole vector pairs, so
        // lanes past the row's end add nothing.
        int dt = wOff + g.inH() * wp;
        for (int oy = 0; oy < oh; oy++) {
            int o = Conv2d.outIndex(g, dOutOff, b, oy, 0, 0);
            for (int c = 0; c < cout; c++) {
                int d = dt + (c * oh + oy) * owp;
                for (int ox = 0; ox < ow; ox++) w[d + ox] = dOut[o + ox * cout + c];
                Arrays.fill(w, d + ow, d + owp, 0f);
            }
        }
        // Register block: five kernel columns x three filters, one vector of output positions;
        // per output row 3 dOut loads and 5 input loads feed 15 FMAs. Columns past kw are
        // computed on the zero-padded row and dropped.
        for (int ky = 0; ky < g.kh(); ky++) {
            int oy0 = Math.max(0, (g.padTop() - ky + g.strideH() - 1) / g.strideH());
            int oy1 = Math.min(oh, (g.inH() + g.padTop() - ky + g.strideH() - 1) / g.strideH());
            for (int kx0 = 0; kx0 < kw; kx0 += 5) {
                for (int co0 = 0; co0 < cout; co0 += 3) {
                    int cb = Math.min(3, cout - co0);
                    int c1 = co0 + (cb > 1 ? 1 : 0), c2 = co0 + (cb > 2 ? 2 : 0);
                    for (int ox0 = 0; ox0 < owp; ox0 += L) {
                        FloatVector z = FloatVector.zero(S);
                        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z,
                                a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z;
                        for (int oy = oy0; oy < oy1; oy++) {
                            int r = wOff + (oy * g.strideH() - g.padTop() + ky) * wp + ox0 + kx0;
                            FloatVector d0 = FloatVector.fromArray(S, w, dt + (co0 * oh + oy) * owp + ox0);
                            FloatVector d1 = FloatVector.fromArray(S, w, dt + (c1 * oh + oy) * owp + ox0);
                            FloatVector d2 = FloatVector.fromArray(S, w, dt + (c2 * oh + oy) * owp + ox0);
                            FloatVector x = FloatVector.fromArray(S, w, r);
                            a00 = x.fma(d0, a00); a01 = x.fma(d1, a01); a02 = x.fma(d2, a02);
                            x = FloatVector.fromArray(S, w, r + 1);
                            a10 = x.fma(d0, a10); a11 = x.fma(d1, a11); a12 = x.fma(d2, a12);
                            x = FloatVector.fromArray(S, w, r + 2);
                            a20 = x.fma(d0, a20); a21 = x.fma(d1, a21); a22 = x.fma(d2, a22);
                            x = FloatVector.fromArray(S, w, r + 3);
                            a30 = x.fma(d0, a30); a31 = x.fma(d1, a31); a32 = x.fma(d2, a32);
                            x = FloatVector.fromArray(S, w, r + 4);
                            a40 = x.fma(d0, a40); a41 = x.fma(d1, a41); a42 = x.fma(d2, a42);
                        }
                        // Partials are [kh, kw, 1, cout] vectors; written inline (a vector passed
                        // to a helper that C2 does not inline would box).
                        {
                            int kk = acc + ((ky * kw + kx0 + 0) * cout + co0) * L;
                            a00.add(FloatVector.fromArray(S, w, kk + 0 * L)).intoArray(w, kk + 0 * L);
                            if (cb > 1) a01.add(FloatVector.fromArray(S, w, kk + 1 * L)).intoArray(w, kk + 1 * L);
                            if (cb > 2) a02.add(FloatVector.fromArray(S, w, kk + 2 * L)).intoArray(w, kk + 2 * L);
                        }
                        if (kx0 + 1 < kw) {
                            int kk = acc + ((ky * kw + kx0 + 1) * cout + co0) * L;
                            a10.add(FloatVector.fromArray(S, w, kk + 0 * L)).intoArray(w, kk + 0 * L);
                            if (cb > 1) a11.add(FloatVector.fromArray(S, w, kk + 1 * L)).intoArray(w, kk + 1 * L);
                            if (cb > 2) a12.add(FloatVector.fromArray(S, w, kk + 2 * L)).intoArray(w, kk + 2 * L);
                        }
                        if (kx0 + 2 < kw) {
                            int kk = acc + ((ky * kw + kx0 + 2) * cout + co0) * L;
                            a20.add(FloatVector.fromArray(S, w, kk + 0 * L)).intoArray(w, kk + 0 * L);
                            if (cb > 1) a21.add(FloatVector.fromArray(S, w, kk + 1 * L)).intoArray(w, kk + 1 * L);
                            if (cb > 2) a22.add(FloatVector.fromArray(S, w, kk + 2 * L)).intoArray(w, kk + 2 * L);
                        }
                        if (kx0 + 3 < kw) {
                            int kk = acc + ((ky * kw + kx0 + 3) * cout + co0) * L;
                            a30.add(FloatVector.fromArray(S, w, kk + 0 * L)).intoArray(w, kk + 0 * L);
                            if (cb > 1) a31.add(FloatVector.fromArray(S, w, kk + 1 * L)).intoArray(w, kk + 1 * L);
                            if (cb > 2) a32.add(FloatVector.fromArray(S, w, kk + 2 * L)).intoArray(w, kk + 2 * L);
                        }
                        if (kx0 + 4 < kw) {
                            int kk = acc + ((ky * kw + kx0 + 4) * cout + co0) * L;
                            a40.add(FloatVector.fromArray(S, w, kk + 0 * L)).intoArray(w, kk + 0 * L);
                            if (cb > 1) a41.add(FloatVector.fromArray(S, w, kk + 1 * L)).intoArray(w, kk + 1 * L);
                            if (cb > 2) a42.add(FloatVector.fromArray(S, w, kk + 2 * L)).intoArray(w, kk + 2 * L);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- channel kernel

    private static void forwardChannels(ConvGeometry g, float[] in, int inOff, float[] k, int kOff,
                                        float[] bias, int bOff, boolean relu, float[] out, int outOff, float[] w, int wOff, int b) {
        int cin = g.cin(), cout = g.cout(), kw = g.kw(), run = kw * cin;
        float[] img;
        int base, rowStride;
        if (needsPadding(g)) {
            padImage(g, in, inOff, b, w, wOff);
            img = w; base = wOff; rowStride = paddedWidth(g) * cin;
        } else {
            img = in; base = Conv2d.inIndex(g, inOff, b, 0, 0, 0); rowStride = g.inW() * cin;
        }
        int sx = g.strideW() * cin;
        boolean wide = fiveWide(g);
        for (int co0 = 0; co0 < cout; co0 += L) {
            VectorMask<Float> m = S.indexInRange(co0, cout);
            FloatVector bv = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, bOff + co0, m);
            for (int oy = 0; oy < g.outH(); oy++) {
                int rowBase = base + oy * g.strideH() * rowStride;
                int ox = 0;
                // Five-column kernels, stride 1 along the row (LeNet layer 2): the five kernel
                // vectors of a (kernel row, input channel) stay in registers and each of the 14
                // input values under the ten pixels is broadcast once for up to five FMAs
                // (5 loads + 14 broadcasts per 50 FMAs; the tap-by-tap block below needs a
                // broadcast per FMA).
                for (; wide && ox + 10 <= g.outW(); ox += 10) {
                    FloatVector a0 = bv, a1 = bv, a2 = bv, a3 = bv, a4 = bv, a5 = bv, a6 = bv, a7 = bv, a8 = bv, a9 = bv;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int src = rowBase + ky * rowStride + ox * cin;
                        int kr = kOff + ky * run * cout + co0;
                        for (int ci = 0; ci < cin; ci++) {
                            int kc = kr + ci * cout, q = src + ci;
                            FloatVector k0 = FloatVector.fromArray(S, k, kc, m), k1 = FloatVector.fromArray(S, k, kc + cin * cout, m);
                            FloatVector k2 = FloatVector.fromArray(S, k, kc + 2 * cin * cout, m), k3 = FloatVector.fromArray(S, k, kc + 3 * cin * cout, m);
                            FloatVector k4 = FloatVector.fromArray(S, k, kc + 4 * cin * cout, m);
                            FloatVector x;
                            x = FloatVector.broadcast(S, img[q]);
                            a0 = x.fma(k0, a0);
                            x = FloatVector.broadcast(S, img[q + cin]);
                            a1 = x.fma(k0, a1); a0 = x.fma(k1, a0);
                            x = FloatVector.broadcast(S, img[q + 2 * cin]);
                            a2 = x.fma(k0, a2); a1 = x.fma(k1, a1); a0 = x.fma(k2, a0);
                            x = FloatVector.broadcast(S, img[q + 3 * cin]);
                            a3 = x.fma(k0, a3); a2 = x.fma(k1, a2); a1 = x.fma(k2, a1); a0 = x.fma(k3, a0);
                            x = FloatVector.broadcast(S, img[q + 4 * cin]);
                            a4 = x.fma(k0, a4); a3 = x.fma(k1, a3); a2 = x.fma(k2, a2); a1 = x.fma(k3, a1); a0 = x.fma(k4, a0);
                            x = FloatVector.broadcast(S, img[q + 5 * cin]);
                            a5 = x.fma(k0, a5); a4 = x.fma(k1, a4); a3 = x.fma(k2, a3); a2 = x.fma(k3, a2); a1 = x.fma(k4, a1);
                            x = FloatVector.broadcast(S, img[q + 6 * cin]);
                            a6 = x.fma(k0, a6); a5 = x.fma(k1, a5); a4 = x.fma(k2, a4); a3 = x.fma(k3, a3); a2 = x.fma(k4, a2);
                            x = FloatVector.broadcast(S, img[q + 7 * cin]);
                            a7 = x.fma(k0, a7); a6 = x.fma(k1, a6); a5 = x.fma(k2, a5); a4 = x.fma(k3, a4); a3 = x.fma(k4, a3);
                            x = FloatVector.broadcast(S, img[q + 8 * cin]);
                            a8 = x.fma(k0, a8); a7 = x.fma(k1, a7); a6 = x.fma(k2, a6); a5 = x.fma(k3, a5); a4 = x.fma(k4, a4);
                            x = FloatVector.broadcast(S, img[q + 9 * cin]);
                            a9 = x.fma(k0, a9); a8 = x.fma(k1, a8); a7 = x.fma(k2, a7); a6 = x.fma(k3, a6); a5 = x.fma(k4, a5);
                            x = FloatVector.broadcast(S, img[q + 10 * cin]);
                            a9 = x.fma(k1, a9); a8 = x.fma(k2, a8); a7 = x.fma(k3, a7); a6 = x.fma(k4, a6);
                            x = FloatVector.broadcast(S, img[q + 11 * cin]);
                            a9 = x.fma(k2, a9); a8 = x.fma(k3, a8); a7 = x.fma(k4, a7);
                            x = FloatVector.broadcast(S, img[q + 12 * cin]);
                            a9 = x.fma(k3, a9); a8 = x.fma(k4, a8);
                            x = FloatVector.broadcast(S, img[q + 13 * cin]);
                            a9 = x.fma(k4, a9);
                        }
                    }
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox, co0);
                    if (relu) {
                        a0 = a0.max(0f); a1 = a1.max(0f); a2 = a2.max(0f); a3 = a3.max(0f); a4 = a4.max(0f);
                        a5 = a5.max(0f); a6 = a6.max(0f); a7 = a7.max(0f); a8 = a8.max(0f); a9 = a9.max(0f);
                    }
                    a0.intoArray(out, o, m); a1.intoArray(out, o + cout, m);
                    a2.intoArray(out, o + 2 * cout, m); a3.intoArray(out, o + 3 * cout, m);
                    a4.intoArray(out, o + 4 * cout, m); a5.intoArray(out, o + 5 * cout, m);
                    a6.intoArray(out, o + 6 * cout, m); a7.intoArray(out, o + 7 * cout, m);
                    a8.intoArray(out, o + 8 * cout, m); a9.intoArray(out, o + 9 * cout, m);
                }
                // Ten pixels per block first (a LeNet layer-2 row is ten wide; with blocks of
                // eight its last two pixels went one at a time, at one kernel load per FMA).
                for (; ox + 10 <= g.outW(); ox += 10) {
                    FloatVector a0 = bv, a1 = bv, a2 = bv, a3 = bv, a4 = bv, a5 = bv, a6 = bv, a7 = bv, a8 = bv, a9 = bv;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int src = rowBase + ky * rowStride + ox * sx;
                        int kr = kOff + ky * run * cout + co0;
                        for (int j = 0; j < run; j++) {
                            FloatVector kv = FloatVector.fromArray(S, k, kr + j * cout, m);
                            int s = src + j;
                            a0 = FloatVector.broadcast(S, img[s]).fma(kv, a0);
                            a1 = FloatVector.broadcast(S, img[s + sx]).fma(kv, a1);
                            a2 = FloatVector.broadcast(S, img[s + 2 * sx]).fma(kv, a2);
                            a3 = FloatVector.broadcast(S, img[s + 3 * sx]).fma(kv, a3);
                            a4 = FloatVector.broadcast(S, img[s + 4 * sx]).fma(kv, a4);
                            a5 = FloatVector.broadcast(S, img[s + 5 * sx]).fma(kv, a5);
                            a6 = FloatVector.broadcast(S, img[s + 6 * sx]).fma(kv, a6);
                            a7 = FloatVector.broadcast(S, img[s + 7 * sx]).fma(kv, a7);
                            a8 = FloatVector.broadcast(S, img[s + 8 * sx]).fma(kv, a8);
                            a9 = FloatVector.broadcast(S, img[s + 9 * sx]).fma(kv, a9);
                        }
                    }
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox, co0);
                    if (relu) {
                        a0 = a0.max(0f); a1 = a1.max(0f); a2 = a2.max(0f); a3 = a3.max(0f); a4 = a4.max(0f);
                        a5 = a5.max(0f); a6 = a6.max(0f); a7 = a7.max(0f); a8 = a8.max(0f); a9 = a9.max(0f);
                    }
                    a0.intoArray(out, o, m); a1.intoArray(out, o + cout, m);
                    a2.intoArray(out, o + 2 * cout, m); a3.intoArray(out, o + 3 * cout, m);
                    a4.intoArray(out, o + 4 * cout, m); a5.intoArray(out, o + 5 * cout, m);
                    a6.intoArray(out, o + 6 * cout, m); a7.intoArray(out, o + 7 * cout, m);
                    a8.intoArray(out, o + 8 * cout, m); a9.intoArray(out, o + 9 * cout, m);
                }
                for (; ox + 8 <= g.outW(); ox += 8) {
                    FloatVector a0 = bv, a1 = bv, a2 = bv, a3 = bv, a4 = bv, a5 = bv, a6 = bv, a7 = bv;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int src = rowBase + ky * rowStride + ox * sx;
                        int kr = kOff + ky * run * cout + co0;
                        for (int j = 0; j < run; j++) {
                            FloatVector kv = FloatVector.fromArray(S, k, kr + j * cout, m);
                            int s = src + j;
                            a0 = FloatVector.broadcast(S, img[s]).fma(kv, a0);
                            a1 = FloatVector.broadcast(S, img[s + sx]).fma(kv, a1);
                            a2 = FloatVector.broadcast(S, img[s + 2 * sx]).fma(kv, a2);
                            a3 = FloatVector.broadcast(S, img[s + 3 * sx]).fma(kv, a3);
                            a4 = FloatVector.broadcast(S, img[s + 4 * sx]).fma(kv, a4);
                            a5 = FloatVector.broadcast(S, img[s + 5 * sx]).fma(kv, a5);
                            a6 = FloatVector.broadcast(S, img[s + 6 * sx]).fma(kv, a6);
                            a7 = FloatVector.broadcast(S, img[s + 7 * sx]).fma(kv, a7);
                        }
                    }
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox, co0);
                    if (relu) {
                        a0 = a0.max(0f); a1 = a1.max(0f); a2 = a2.max(0f); a3 = a3.max(0f);
                        a4 = a4.max(0f); a5 = a5.max(0f); a6 = a6.max(0f); a7 = a7.max(0f);
                    }
                    a0.intoArray(out, o, m); a1.intoArray(out, o + cout, m);
                    a2.intoArray(out, o + 2 * cout, m); a3.intoArray(out, o + 3 * cout, m);
                    a4.intoArray(out, o + 4 * cout, m); a5.intoArray(out, o + 5 * cout, m);
                    a6.intoArray(out, o + 6 * cout, m); a7.intoArray(out, o + 7 * cout, m);
                }
                for (; ox < g.outW(); ox++) {
                    FloatVector a0 = bv;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int src = rowBase + ky * rowStride + ox * sx;
                        int kr = kOff + ky * run * cout + co0;
                        for (int j = 0; j < run; j++) {
                            a0 = FloatVector.broadcast(S, img[src + j]).fma(FloatVector.fromArray(S, k, kr + j * cout, m), a0);
                        }
                    }
                    if (relu) a0 = a0.max(0f);
                    a0.intoArray(out, Conv2d.outIndex(g, outOff, b, oy, ox, co0), m);
                }
            }
        }
    }

    /**
     * Input gradient of a stride-1 convolution: the convolution of {@code dOut} (padded by
     * {@code k - 1 - pad}) with the kernel flipped in space and with its channel axes swapped.
     */
    static void backwardInput(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                              float[] dIn, int dInOff, float[] work) {
        if (ConvInputRuns.suits(g)) {
            ConvInputRuns.backwardInput(g, dOut, dOutOff, kernel, kOff, dIn, dInOff, work);
            return;
        }
        if (ConvGather.suits(g)) {
            ConvGather.backwardInput(g, dOut, dOutOff, kernel, kOff, dIn, dInOff, work);
            return;
        }
        if (gatherKernel(g)) {
            ConvTask.of(ConvDirect::inputGradientGatherTask, g).dOut(dOut, dOutOff).kernel(kernel, kOff).dIn(dIn, dInOff).run();
            return;
        }
        ConvGeometry f = flipped(g);
        int kh = g.kh(), kw = g.kw(), cin = g.cin(), cout = g.cout();
        int kf = f.tasks() * perTask(f);
        for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
                for (int ci = 0; ci < cin; ci++)
                    for (int co = 0; co < cout; co++)
                        work[kf + (((kh - 1 - ky) * kw + (kw - 1 - kx)) * cout + co) * cin + ci] =
                                kernel[kOff + ((ky * kw + kx) * cin + ci) * cout + co];
        forward(f, dOut, dOutOff, work, kf, null, 0, dIn, dInOff, work);
    }

    private static void inputGradientGatherTask(ConvTask c, int t) {
        for (int b = c.firstImage(t); b < c.endImage(t); b++)
            inputGradientGather(c.g, c.dOut, c.dOutOff, c.kernel, c.kOff, c.dIn, c.dInOff, b);
    }

    /** {@code dIn[b, iy, ix, ci] = sum over (ky, kx, co) of dOut[b, iy + pt - ky, ix + pl - kx, co] K[ky, kx, ci, co]}. */
    private static void inputGradientGather(ConvGeometry g, float[] dOut, int dOutOff, float[] k, int kOff,
                                            float[] dIn, int dInOff, int b) {
        int cin = g.cin(), cout = g.cout(), kw = g.kw(), oh = g.outH(), ow = g.outW();
        for (int iy = 0; iy < g.inH(); iy++) {
            int ky0 = Math.max(0, iy + g.padTop() - oh + 1), ky1 = Math.min(g.kh(), iy + g.padTop() + 1);
            for (int ix = 0; ix < g.inW(); ix++) {
                int kx0 = Math.max(0, ix + g.padLeft() - ow + 1), kx1 = Math.min(kw, ix + g.padLeft() + 1);
                int d = Conv2d.inIndex(g, dInOff, b, iy, ix, 0);
                for (int ci0 = 0; ci0 < cin; ci0 += 6) {
                    // Six input channels per pass (LeNet layer 2 has exactly six); past cin the
                    // last channel is recomputed and dropped.
                    int c1 = Math.min(ci0 + 1, cin - 1) - ci0, c2 = Math.min(ci0 + 2, cin - 1) - ci0, c3 = Math.min(ci0 + 3, cin - 1) - ci0;
                    int c4 = Math.min(ci0 + 4, cin - 1) - ci0, c5 = Math.min(ci0 + 5, cin - 1) - ci0;
                    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
                    for (int co0 = 0; co0 < cout; co0 += L) {
                        VectorMask<Float> m = S.indexInRange(co0, cout);
                        for (int ky = ky0; ky < ky1; ky++) {
                            int oy = iy + g.padTop() - ky;
                            for (int kx = kx0; kx < kx1; kx++) {
                                int ox = ix + g.padLeft() - kx;
                                FloatVector dv = FloatVector.fromArray(S, dOut, Conv2d.outIndex(g, dOutOff, b, oy, ox, co0), m);
                                int kb = kOff + ((ky * kw + kx) * cin + ci0) * cout + co0;
                                a0 = FloatVector.fromArray(S, k, kb, m).fma(dv, a0);
                                a1 = FloatVector.fromArray(S, k, kb + c1 * cout, m).fma(dv, a1);
                                a2 = FloatVector.fromArray(S, k, kb + c2 * cout, m).fma(dv, a2);
                                a3 = FloatVector.fromArray(S, k, kb + c3 * cout, m).fma(dv, a3);
                                a4 = FloatVector.fromArray(S, k, kb + c4 * cout, m).fma(dv, a4);
                                a5 = FloatVector.fromArray(S, k, kb + c5 * cout, m).fma(dv, a5);
                            }
                        }
                    }
                    dIn[d + ci0] = LaneSum.of(a0);
                    if (ci0 + 1 < cin) dIn[d + ci0 + 1] = LaneSum.of(a1);
                    if (ci0 + 2 < cin) dIn[d + ci0 + 2] = LaneSum.of(a2);
                    if (ci0 + 3 < cin) dIn[d + ci0 + 3] = LaneSum.of(a3);
                    if (ci0 + 4 < cin) dIn[d + ci0 + 4] = LaneSum.of(a4);
                    if (ci0 + 5 < cin) dIn[d + ci0 + 5] = LaneSum.of(a5);
                }
            }
        }
    }

    /**
     * Kernel gradient with lanes over output channels: for each block of eight output pixels
     * the eight {@code dOut} vectors stay in registers while every kernel position's
     * accumulator row (in a per-task partial, L1-resident) takes eight FMAs.
     */
    private static void backwardKernelChannels(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                                               float[] dKernel, int dkOff, boolean accumulate, float[] work) {
        int tasks = g.tasks(), per = perTask(g) + g.kernelSize(), ks = g.kernelSize(), img = perTask(g);
        ConvTask.of(ConvDirect::backwardKernelChannelsTask, g).in(in, inOff).dOut(dOut, dOutOff).work(work).run();
        if (!accumulate) Arrays.fill(dKernel, dkOff, dkOff + ks, 0f);
        for (int t = 0; t < tasks; t++) Conv2d.addInto(work, t * per + img, dKernel, dkOff, ks);
    }

    private static void backwardKernelChannelsTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        int per = perTask(g) + g.kernelSize(), ks = g.kernelSize(), img = perTask(g);
        int p = t * per + img;
        Arrays.fill(c.work, p, p + ks, 0f);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) kernelGradientChannels(g, c.in, c.inOff, c.dOut, c.dOutOff, c.work, t * per, p, b);
    }

    /**
     * Adds image {@code b}'s kernel gradient to the partial at {@code acc}. For each kernel
     * row and block of fifteen consecutive values of the kernel row's input run
     * ({@code kw * cin} values, contiguous in NHWC), fifteen accumulators (lanes over output
     * channels) stay in registers while every output pixel of the image is visited: one
     * {@code dOut} load and fifteen broadcasts feed fifteen FMAs. (The earlier form, eight
     * pixels in registers and each kernel position's accumulator read and written in memory
     * per pixel block, took 0.48 ms for LeNet layer 2 at batch 64 on one thread.) A last
     * block shorter than fifteen goes one run value at a time.
     */
    private static void kernelGradientChannels(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                                               float[] w, int wOff, int acc, int b) {
        int cin = g.cin(), cout = g.cout(), run = g.kw() * cin, oh = g.outH(), ow = g.outW();
        float[] img;
        int base, rowStride;
        if (needsPadding(g)) {
            padImage(g, in, inOff, b, w, wOff);
            img = w; base = wOff; rowStride = paddedWidth(g) * cin;
        } else {
            img = in; base = Conv2d.inIndex(g, inOff, b, 0, 0, 0); rowStride = g.inW() * cin;
        }
        int sx = g.strideW() * cin, dImg = Conv2d.outIndex(g, dOutOff, b, 0, 0, 0);
        for (int co0 = 0; co0 < cout; co0 += L) {
            VectorMask<Float> m = S.indexInRange(co0, cout);
            for (int ky = 0; ky < g.kh(); ky++) {
                int j0 = 0;
                for (; j0 + 15 <= run; j0 += 15) {
                    FloatVector z = FloatVector.zero(S), c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z,
                            c8 = z, c9 = z, c10 = z, c11 = z, c12 = z, c13 = z, c14 = z;
                    for (int oy = 0; oy < oh; oy++) {
                        int src = base + (oy * g.strideH() + ky) * rowStride + j0, d = dImg + oy * ow * cout + co0;
                        for (int ox = 0; ox < ow; ox++, src += sx, d += cout) {
                            FloatVector dv = FloatVector.fromArray(S, dOut, d, m);
                            c0 = FloatVector.broadcast(S, img[src]).fma(dv, c0);
                            c1 = FloatVector.broadcast(S, img[src + 1]).fma(dv, c1);
                            c2 = FloatVector.broadcast(S, img[src + 2]).fma(dv, c2);
                            c3 = FloatVector.broadcast(S, img[src + 3]).fma(dv, c3);
                            c4 = FloatVector.broadcast(S, img[src + 4]).fma(dv, c4);
                            c5 = FloatVector.broadcast(S, img[src + 5]).fma(dv, c5);
                            c6 = FloatVector.broadcast(S, img[src + 6]).fma(dv, c6);
                            c7 = FloatVector.broadcast(S, img[src + 7]).fma(dv, c7);
                            c8 = FloatVector.broadcast(S, img[src + 8]).fma(dv, c8);
                            c9 = FloatVector.broadcast(S, img[src + 9]).fma(dv, c9);
                            c10 = FloatVector.broadcast(S, img[src + 10]).fma(dv, c10);
                            c11 = FloatVector.broadcast(S, img[src + 11]).fma(dv, c11);
                            c12 = FloatVector.broadcast(S, img[src + 12]).fma(dv, c12);
                            c13 = FloatVector.broadcast(S, img[src + 13]).fma(dv, c13);
                            c14 = FloatVector.broadcast(S, img[src + 14]).fma(dv, c14);
                        }
                    }
                    // Written inline: a vector passed to a helper that C2 does not inline would box.
                    int kk = acc + (ky * run + j0) * cout + co0;
                    c0.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c1.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c2.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c3.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c4.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c5.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c6.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c7.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c8.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c9.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c10.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c11.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c12.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c13.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m); kk += cout;
                    c14.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m);
                }
                for (; j0 < run; j0++) {
                    FloatVector c0 = FloatVector.zero(S);
                    for (int oy = 0; oy < oh; oy++) {
                        int src = base + (oy * g.strideH() + ky) * rowStride + j0, d = dImg + oy * ow * cout + co0;
                        for (int ox = 0; ox < ow; ox++, src += sx, d += cout) {
                            c0 = FloatVector.broadcast(S, img[src]).fma(FloatVector.fromArray(S, dOut, d, m), c0);
                        }
                    }
                    int kk = acc + (ky * run + j0) * cout + co0;
                    c0.add(FloatVector.fromArray(S, w, kk, m)).intoArray(w, kk, m);
                }
            }
        }
    }

    private static boolean needsPadding(ConvGeometry g) {
        return g.padTop() > 0 || g.padLeft() > 0 || paddedHeight(g) > g.inH() || paddedWidth(g) > g.inW();
    }

    /** Copies image {@code b} into a zero-bordered {@code [paddedHeight, paddedWidth, cin]} buffer. */
    private static void padImage(ConvGeometry g, float[] in, int inOff, int b, float[] w, int wOff) {
        int cin = g.cin(), hp = paddedHeight(g), wp = paddedWidth(g);
        Arrays.fill(w, wOff, wOff + hp * wp * cin, 0f);
        for (int y = 0; y < g.inH(); y++) {
            int py = y + g.padTop();
            if (py >= hp) break;
            int n = Math.min(g.inW(), wp - g.padLeft());
            System.arraycopy(in, Conv2d.inIndex(g, inOff, b, y, 0, 0), w, wOff + (py * wp + g.padLeft()) * cin, n * cin);
        }
    }
}
