package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Kernel gradient of a convolution with few input channels (LeNet's second layer: 6 -> 16
 * channels, 5x5) with lanes along the kernel-row run: in NHWC the {@code kw * cin} input
 * values under kernel row {@code ky} of output pixel {@code (oy, ox)} are contiguous, and
 * {@code dK[ky][m][co] = sum over pixels of in[oy * sh + ky][ox * sw * cin + m] * dOut[oy, ox, co]}
 * for {@code m < kw * cin}. Eight output channels and a run of two vectors (32 lanes) make
 * sixteen accumulators that stay in registers over all pixels of an image: per pixel two
 * input loads and eight {@code dOut} broadcasts feed sixteen FMAs (the channel kernel of
 * {@link ConvDirect}, lanes over the output channels, needs one broadcast per FMA). Lanes
 * past the run multiply whatever follows it and are dropped when the partial
 * {@code [kh][cout][run]} is folded into the Keras layout.
 *
 * <p>The image is first copied into a zero-bordered buffer (padding, and slack so the second
 * vector of the last run stays inside). Work is split by images over
 * {@link KernelConfig#threads()} tasks with their own partials, summed in task order, so
 * results are bit-identical for a given thread count.
 */
final class ConvKernelRuns {
    private ConvKernelRuns() {}

    /** {@code -Dnnc.conv.kruns=false} leaves these shapes to {@link ConvDirect} (for comparisons). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("nnc.conv.kruns", "true"));

    /** Output channels per block of accumulators. */
    private static final int CH = 8;

    /** {@code cin < L}, a run of at least a vector, at least {@link #CH} output channels. */
    static boolean suits(ConvGeometry g) {
        return ENABLED && g.cin() < L && g.kw() * g.cin() >= L && g.cout() >= CH;
    }


    private static int paddedHeight(ConvGeometry g) {
        return (g.outH() - 1) * g.strideH() + g.kh();
    }

    /** Floats per row of the padded image copy. */
    private static int paddedRow(ConvGeometry g) {
        return ((g.outW() - 1) * g.strideW() + g.kw()) * g.cin();
    }

    private static int image(ConvGeometry g) {
        return paddedHeight(g) * paddedRow(g) + ConvInputRuns.runPad(g);
    }

    private static int partial(ConvGeometry g) {
        return g.kh() * g.cout() * ConvInputRuns.runPad(g);
    }

    private static void backwardKernelTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        float[] work = c.work;
        int per = image(g) + partial(g), x = t * per, p = x + image(g);
        Arrays.fill(work, x, x + per, 0f);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) {
            pad(g, c.in, c.inOff, b, work, x);
            imageGradient(g, work, x, c.dOut, c.dOutOff, b, p);
        }
    }

    static int workspaceSize(ConvGeometry g) {
        return suits(g) ? g.tasks() * (image(g) + partial(g)) : 0;
    }

    static void backwardKernel(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                               float[] dKernel, int dkOff, boolean accumulate, float[] work) {
        int tasks = g.tasks(), per = image(g) + partial(g), img = image(g);
        ConvTask.of(ConvKernelRuns::backwardKernelTask, g).in(in, inOff).dOut(dOut, dOutOff).work(work).run();
        int kh = g.kh(), kw = g.kw(), cin = g.cin(), cout = g.cout(), rp = ConvInputRuns.runPad(g);
        if (!accumulate) Arrays.fill(dKernel, dkOff, dkOff + g.kernelSize(), 0f);
        for (int t = 0; t < tasks; t++) {
            int p = t * per + img;
            for (int ky = 0; ky < kh; ky++)
                for (int m = 0; m < kw * cin; m++)
                    for (int co = 0; co < cout; co++)
                        dKernel[dkOff + (ky * kw * cin + m) * cout + co] += work[p + (ky * cout + co) * rp + m];
        }
    }

    /** Copies image {@code b} into the zero-bordered buffer at {@code x} (the border stays zero between images). */
    private static void pad(ConvGeometry g, float[] in, int inOff, int b, float[] w, int x) {
        int cin = g.cin(), row = paddedRow(g);
        int n = Math.min(g.inW() * cin, row - g.padLeft() * cin);
        for (int y = 0; y < g.inH(); y++) {
            int py = y + g.padTop();
            if (py >= paddedHeight(g)) break;
            System.arraycopy(in, Conv2d.inIndex(g, inOff, b, y, 0, 0), w, x + py * row + g.padLeft() * cin, n);
        }
    }

    private static void imageGradient(ConvGeometry g, float[] w, int x, float[] dOut, int dOutOff, int b, int p) {
        int cin = g.cin(), cout = g.cout(), oh = g.outH(), ow = g.outW(), rp = ConvInputRuns.runPad(g), row = paddedRow(g);
        int sy = g.strideH() * row, sx = g.strideW() * cin, dImg = Conv2d.outIndex(g, dOutOff, b, 0, 0, 0);
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int c0 = 0; c0 < rp; c0 += 2 * L) {
                for (int co00 = 0; co00 < cout; co00 += CH) {
                    // The last block overlaps its neighbour; its first `skip` channels are not added again.
                    int co0 = Math.min(co00, cout - CH), skip = co00 - co0;
                    FloatVector z = FloatVector.zero(S);
                    FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
                    FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
                    for (int oy = 0; oy < oh; oy++) {
                        int s = x + oy * sy + ky * row + c0, d = dImg + oy * ow * cout + co0;
                        for (int ox = 0; ox < ow; ox++, s += sx, d += cout) {
                            FloatVector u = FloatVector.fromArray(S, w, s), v = FloatVector.fromArray(S, w, s + L);
                            FloatVector e = FloatVector.broadcast(S, dOut[d]);
                            a0 = u.fma(e, a0); b0 = v.fma(e, b0);
                            e = FloatVector.broadcast(S, dOut[d + 1]);
                            a1 = u.fma(e, a1); b1 = v.fma(e, b1);
                            e = FloatVector.broadcast(S, dOut[d + 2]);
                            a2 = u.fma(e, a2); b2 = v.fma(e, b2);
                            e = FloatVector.broadcast(S, dOut[d + 3]);
                            a3 = u.fma(e, a3); b3 = v.fma(e, b3);
                            e = FloatVector.broadcast(S, dOut[d + 4]);
                            a4 = u.fma(e, a4); b4 = v.fma(e, b4);
                            e = FloatVector.broadcast(S, dOut[d + 5]);
                            a5 = u.fma(e, a5); b5 = v.fma(e, b5);
                            e = FloatVector.broadcast(S, dOut[d + 6]);
                            a6 = u.fma(e, a6); b6 = v.fma(e, b6);
                            e = FloatVector.broadcast(S, dOut[d + 7]);
                            a7 = u.fma(e, a7); b7 = v.fma(e, b7);
                        }
                    }
                    // Written inline: a vector passed to a helper that C2 does not inline would box.
                    int o = p + (ky * cout + co0) * rp + c0;
                    if (skip < 1) { a0.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b0.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    if (skip < 2) { a1.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b1.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    if (skip < 3) { a2.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b2.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    if (skip < 4) { a3.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b3.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    if (skip < 5) { a4.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b4.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    if (skip < 6) { a5.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b5.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    if (skip < 7) { a6.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b6.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L); }
                    o += rp;
                    a7.add(FloatVector.fromArray(S, w, o)).intoArray(w, o); b7.add(FloatVector.fromArray(S, w, o + L)).intoArray(w, o + L);
                }
            }
        }
    }
}
