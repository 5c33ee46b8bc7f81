package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

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

    /** The row kernels need a padded row with this much slack for whole-vector loads. */
    private static final int SLACK = 2 * L + 8;

    static boolean rowKernel(ConvGeometry g) {
        return g.cin() == 1 && g.strideW() == 1;
    }

    static boolean suitsForward(ConvGeometry g) {
        return rowKernel(g) || (g.cout() <= 2 * L && g.cin() <= 64);
    }

    static boolean suitsBackwardKernel(ConvGeometry g) {
        return rowKernel(g);
    }

    static boolean suitsBackwardInput(ConvGeometry g) {
        return false;
    }

    private static int tasks(ConvGeometry g) {
        return Math.max(1, Math.min(KernelConfig.threads(), g.batch()));
    }

    private static int paddedWidth(ConvGeometry g) {
        return (g.outW() - 1) * g.strideW() + g.kw();
    }

    private static int paddedHeight(ConvGeometry g) {
        return (g.outH() - 1) * g.strideH() + g.kh();
    }

    private static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    /** Per-task floats of workspace. */
    private static int perTask(ConvGeometry g) {
        if (rowKernel(g)) {
            int img = g.inH() * (paddedWidth(g) + SLACK);
            int fwd = 6 * L;
            int bwd = g.cout() * g.outH() * roundUp(g.outW()) + g.kernelSize();
            return img + Math.max(fwd, bwd);
        }
        return paddedHeight(g) * paddedWidth(g) * g.cin() + L;
    }

    /** Floats of workspace the direct kernels need for {@code g} (0 when none applies). */
    static int workspaceSize(ConvGeometry g) {
        if (!suitsForward(g) && !suitsBackwardKernel(g)) return 0;
        return tasks(g) * perTask(g);
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
        int tasks = tasks(g), per = perTask(g);
        boolean row = rowKernel(g);
        WorkerPool.shared().parallelFor(tasks, t -> {
            int b0 = g.batch() * t / tasks, b1 = g.batch() * (t + 1) / tasks;
            for (int b = b0; b < b1; b++) {
                if (row) forwardRows(g, in, inOff, kernel, kOff, bias, bOff, out, outOff, work, t * per, b);
                else forwardChannels(g, in, inOff, kernel, kOff, bias, bOff, out, outOff, work, t * per, b);
            }
        });
    }

    private static void forwardRows(ConvGeometry g, float[] in, int inOff, float[] k, int kOff,
                                    float[] bias, int bOff, float[] out, int outOff, float[] w, int wOff, int b) {
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
                    a00.intoArray(w, scratch); a01.intoArray(w, scratch + L);
                    a10.intoArray(w, scratch + 2 * L); a11.intoArray(w, scratch + 3 * L);
                    a20.intoArray(w, scratch + 4 * L); a21.intoArray(w, scratch + 5 * L);
                    // Transpose [filter][x] into NHWC.
                    int n = Math.min(2 * L, ow - ox0);
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox0, co0);
                    for (int c = 0; c < cb; c++) {
                        float bv = bias == null ? 0f : bias[bOff + co0 + c];
                        int src = scratch + c * 2 * L;
                        for (int i = 0; i < n; i++) out[o + i * cout + c] = w[src + i] + bv;
                    }
                }
            }
        }
    }

    static void backwardKernel(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                               float[] dKernel, int dkOff, boolean accumulate, float[] work) {
        int tasks = tasks(g), per = perTask(g), ks = g.kernelSize();
        int partial = g.inH() * (paddedWidth(g) + SLACK) + g.cout() * g.outH() * roundUp(g.outW());
        WorkerPool.shared().parallelFor(tasks, t -> {
            int p = t * per + partial;
            Arrays.fill(work, p, p + ks, 0f);
            int b0 = g.batch() * t / tasks, b1 = g.batch() * (t + 1) / tasks;
            for (int b = b0; b < b1; b++) backwardKernelRows(g, in, inOff, dOut, dOutOff, work, t * per, p, b);
        });
        if (!accumulate) Arrays.fill(dKernel, dkOff, dkOff + ks, 0f);
        for (int t = 0; t < tasks; t++) Conv2d.addInto(work, t * per + partial, dKernel, dkOff, ks);
    }

    private static void backwardKernelRows(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                                           float[] w, int wOff, int partial, int b) {
        int wp = paddedWidth(g) + SLACK, cout = g.cout(), ow = g.outW(), owp = roundUp(ow), kw = g.kw(), oh = g.outH();
        padRows(g, in, inOff, b, w, wOff);
        // dOut of this image as [filter][y][x], rows zero-padded to whole vectors.
        int dt = wOff + g.inH() * wp;
        for (int oy = 0; oy < oh; oy++) {
            int o = Conv2d.outIndex(g, dOutOff, b, oy, 0, 0);
            for (int c = 0; c < cout; c++) {
                int d = dt + (c * oh + oy) * owp;
                for (int ox = 0; ox < ow; ox++) w[d + ox] = dOut[o + ox * cout + c];
                for (int ox = ow; ox < owp; ox++) w[d + ox] = 0f;
            }
        }
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int c = 0; c < cout; c++) {
                for (int kx0 = 0; kx0 < kw; kx0 += 4) {
                    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padTop() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        int r = wOff + iy * wp + kx0, d = dt + (c * oh + oy) * owp;
                        for (int ox = 0; ox < owp; ox += L) {
                            FloatVector dv = FloatVector.fromArray(S, w, d + ox);
                            a0 = FloatVector.fromArray(S, w, r + ox).fma(dv, a0);
                            a1 = FloatVector.fromArray(S, w, r + ox + 1).fma(dv, a1);
                            a2 = FloatVector.fromArray(S, w, r + ox + 2).fma(dv, a2);
                            a3 = FloatVector.fromArray(S, w, r + ox + 3).fma(dv, a3);
                        }
                    }
                    int kk = partial + (ky * kw + kx0) * cout + c;
                    w[kk] += a0.reduceLanes(VectorOperators.ADD);
                    if (kx0 + 1 < kw) w[kk + cout] += a1.reduceLanes(VectorOperators.ADD);
                    if (kx0 + 2 < kw) w[kk + 2 * cout] += a2.reduceLanes(VectorOperators.ADD);
                    if (kx0 + 3 < kw) w[kk + 3 * cout] += a3.reduceLanes(VectorOperators.ADD);
                }
            }
        }
    }

    // ---------------------------------------------------------------- channel kernel

    private static void forwardChannels(ConvGeometry g, float[] in, int inOff, float[] k, int kOff,
                                        float[] bias, int bOff, float[] out, int outOff, float[] w, int wOff, int b) {
        int cin = g.cin(), cout = g.cout(), kw = g.kw(), run = kw * cin;
        float[] img;
        int base, rowStride;
        boolean padded = g.padTop() > 0 || g.padLeft() > 0
                || paddedHeight(g) > g.inH() || paddedWidth(g) > g.inW();
        if (padded) {
            int hp = paddedHeight(g), wp = paddedWidth(g);
            Arrays.fill(w, wOff, wOff + hp * wp * cin, 0f);
            for (int y = 0; y < g.inH(); y++) {
                int py = y + g.padTop();
                if (py >= hp) break;
                int n = Math.min(g.inW(), wp - g.padLeft());
                System.arraycopy(in, Conv2d.inIndex(g, inOff, b, y, 0, 0), w, wOff + (py * wp + g.padLeft()) * cin, n * cin);
            }
            img = w; base = wOff; rowStride = wp * cin;
        } else {
            img = in; base = Conv2d.inIndex(g, inOff, b, 0, 0, 0); rowStride = g.inW() * cin;
        }
        int sx = g.strideW() * cin;
        for (int co0 = 0; co0 < cout; co0 += L) {
            VectorMask<Float> m = S.indexInRange(co0, cout);
            FloatVector bv = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, bOff + co0, m);
            for (int oy = 0; oy < g.outH(); oy++) {
                int rowBase = base + oy * g.strideH() * rowStride;
                int ox = 0;
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
                    a0.intoArray(out, Conv2d.outIndex(g, outOff, b, oy, ox, co0), m);
                }
            }
        }
    }

    static void backwardInput(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                              float[] dIn, int dInOff, float[] work) {
        throw new UnsupportedOperationException("no direct input-gradient kernel");
    }
}
