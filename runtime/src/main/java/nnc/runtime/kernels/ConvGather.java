package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Input gradient of a stride-1 convolution with few input channels and about a vector of
 * output channels (LeNet's second layer: 6 -> 16), by gathering: each input pixel's gradient
 * {@code dIn[iy, ix, ci] = sum over (ky, kx, co) of dOut[iy + pt - ky, ix + pl - kx, co] K[ky, kx, ci, co]}
 * is accumulated with lanes over the output channels, then reduced across lanes.
 *
 * <p>Three input pixels of a row are done at once, with six input channels each: 18
 * accumulators, and each kernel vector load feeds three FMAs (3 {@code dOut} + 6 kernel loads
 * per 18 FMAs; one pixel at a time was 7 loads per 6 FMAs, and every vector load here is a
 * cache-line split). So that the three pixels share their kernel columns, {@code dOut} is first
 * copied, image by image, into a buffer with {@code kw - 1} zero columns on each side; rows
 * need no padding (the kernel rows that meet a real {@code dOut} row are the same for a whole
 * row of pixels). The six sums of a pixel come out of one transpose-and-add tree (about 25
 * vector operations, against 6 horizontal reductions of about 8 each) as lanes 0..5 of one
 * vector, stored with a mask.
 */
final class ConvGather {
    private ConvGather() {}

    /** {@code -Dnnc.conv.gather3=false} leaves these shapes to the one-pixel gather of {@link ConvDirect} (for comparisons). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("nnc.conv.gather3", "true"));

    /** Stride 1, {@code cin < L} (a block of six), {@code L/2 <= cout <= 2L}, at least three pixels a row. */
    static boolean suits(ConvGeometry g) {
        return ENABLED && g.strideH() == 1 && g.strideW() == 1 && g.cin() < L && g.cout() >= L / 2 && g.cout() <= 2 * L
                && g.inW() >= 3 && L == 16;
    }

    /** Width (pixels) of the column-padded dOut copy. */
    private static int paddedWidth(ConvGeometry g) {
        return Math.max(g.outW() + 2 * (g.kw() - 1), g.inW() + g.padLeft() + g.kw() - 1);
    }

    private static int perTask(ConvGeometry g) {
        return g.outH() * paddedWidth(g) * g.cout() + L;
    }

    static int workspaceSize(ConvGeometry g) {
        return suits(g) ? g.tasks() * perTask(g) : 0;
    }

    static void backwardInput(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                              float[] dIn, int dInOff, float[] work) {
        ConvTask.of(ConvGather::backwardInputTask, g).dOut(dOut, dOutOff).kernel(kernel, kOff).dIn(dIn, dInOff)
                .work(work).run();
    }

    private static void backwardInputTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        int per = perTask(g);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) {
            padColumns(g, c.dOut, c.dOutOff, b, c.work, t * per);
            image(g, c.work, t * per, c.kernel, c.kOff, c.dIn, c.dInOff, b);
        }
    }

    /** dOut of image {@code b} as {@code [outH][paddedWidth][cout]}, real columns from {@code kw - 1}. */
    private static void padColumns(ConvGeometry g, float[] dOut, int dOutOff, int b, float[] w, int wOff) {
        int cout = g.cout(), pw = paddedWidth(g) * cout, left = (g.kw() - 1) * cout, n = g.outW() * cout;
        for (int oy = 0; oy < g.outH(); oy++) {
            int dst = wOff + oy * pw;
            Arrays.fill(w, dst, dst + left, 0f);
            System.arraycopy(dOut, Conv2d.outIndex(g, dOutOff, b, oy, 0, 0), w, dst + left, n);
            Arrays.fill(w, dst + left + n, dst + pw, 0f);
        }
    }

    // Reduction tree constants (L == 16): blend masks and lane swaps at distances 8, 4, 2, 1.
    private static final VectorMask<Float> HI8 = VectorMask.fromLong(S, 0xFF00L);
    private static final VectorMask<Float> HI4 = VectorMask.fromLong(S, 0xF0F0L);
    private static final VectorMask<Float> HI2 = VectorMask.fromLong(S, 0xCCCCL);
    private static final VectorShuffle<Float> SWAP8 = VectorShuffle.fromOp(S, i -> i ^ 8);
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    /** After the tree, the sum of a0..a5 sits in lanes 0, 8, 4, 12, 2, 10: gather them to 0..5. */
    private static final VectorShuffle<Float> ORDER = VectorShuffle.fromValues(S, 0, 8, 4, 12, 2, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static void image(ConvGeometry g, float[] w, int wOff, float[] k, int kOff, float[] dIn, int dInOff, int b) {
        int cin = g.cin(), cout = g.cout(), kw = g.kw(), oh = g.outH(), inW = g.inW();
        int pw = paddedWidth(g) * cout, shift = g.padLeft() + g.kw() - 1;
        for (int iy = 0; iy < g.inH(); iy++) {
            int ky0 = Math.max(0, iy + g.padTop() - oh + 1), ky1 = Math.min(g.kh(), iy + g.padTop() + 1);
            for (int ix0 = 0; ix0 < inW; ix0 += 3) {
                int ix = Math.min(ix0, inW - 3);   // the last block overlaps its neighbour instead of running past
                int d = Conv2d.inIndex(g, dInOff, b, iy, ix, 0);
                // Kernel columns that meet a real dOut column for at least one of the three pixels.
                int kx0 = Math.max(0, ix + g.padLeft() - g.outW() + 1), kx1 = Math.min(kw, ix + 3 + g.padLeft());
                for (int ci0 = 0; ci0 < cin; ci0 += 6) {
                    // Six input channels per pass; past cin the last channel is recomputed and dropped.
                    int c1 = Math.min(ci0 + 1, cin - 1) - ci0, c2 = Math.min(ci0 + 2, cin - 1) - ci0, c3 = Math.min(ci0 + 3, cin - 1) - ci0;
                    int c4 = Math.min(ci0 + 4, cin - 1) - ci0, c5 = Math.min(ci0 + 5, cin - 1) - ci0;
                    FloatVector z = FloatVector.zero(S);
                    FloatVector p0 = z, p1 = z, p2 = z, p3 = z, p4 = z, p5 = z;   // pixel ix
                    FloatVector q0 = z, q1 = z, q2 = z, q3 = z, q4 = z, q5 = z;   // pixel ix + 1
                    FloatVector r0 = z, r1 = z, r2 = z, r3 = z, r4 = z, r5 = z;   // pixel ix + 2
                    for (int co0 = 0; co0 < cout; co0 += L) {
                        VectorMask<Float> m = S.indexInRange(co0, cout);
                        for (int ky = ky0; ky < ky1; ky++) {
                            // Padded column of pixel ix under kernel column kx: ix + pl - kx + kw - 1.
                            int row = wOff + (iy + g.padTop() - ky) * pw + co0;
                            for (int kx = kx0; kx < kx1; kx++) {
                                int o = row + (ix - kx + shift) * cout;
                                FloatVector da = FloatVector.fromArray(S, w, o, m);
                                FloatVector db = FloatVector.fromArray(S, w, o + cout, m);
                                FloatVector dc = FloatVector.fromArray(S, w, o + 2 * cout, m);
                                int kb = kOff + ((ky * kw + kx) * cin + ci0) * cout + co0;
                                FloatVector kv = FloatVector.fromArray(S, k, kb, m);
                                p0 = da.fma(kv, p0); q0 = db.fma(kv, q0); r0 = dc.fma(kv, r0);
                                kv = FloatVector.fromArray(S, k, kb + c1 * cout, m);
                                p1 = da.fma(kv, p1); q1 = db.fma(kv, q1); r1 = dc.fma(kv, r1);
                                kv = FloatVector.fromArray(S, k, kb + c2 * cout, m);
                                p2 = da.fma(kv, p2); q2 = db.fma(kv, q2); r2 = dc.fma(kv, r2);
                                kv = FloatVector.fromArray(S, k, kb + c3 * cout, m);
                                p3 = da.fma(kv, p3); q3 = db.fma(kv, q3); r3 = dc.fma(kv, r3);
                                kv = FloatVector.fromArray(S, k, kb + c4 * cout, m);
                                p4 = da.fma(kv, p4); q4 = db.fma(kv, q4); r4 = dc.fma(kv, r4);
                                kv = FloatVector.fromArray(S, k, kb + c5 * cout, m);
                                p5 = da.fma(kv, p5); q5 = db.fma(kv, q5); r5 = dc.fma(kv, r5);
                            }
                        }
                    }
                    VectorMask<Float> keep = S.indexInRange(0, Math.min(6, cin - ci0));
                    // The tree is written out three times: vectors passed to a helper that C2
                    // does not inline would box.
                    {
                        FloatVector s01 = p0.blend(p1, HI8).add(p1.blend(p0, HI8).rearrange(SWAP8));
                        FloatVector s23 = p2.blend(p3, HI8).add(p3.blend(p2, HI8).rearrange(SWAP8));
                        FloatVector s45 = p4.blend(p5, HI8).add(p5.blend(p4, HI8).rearrange(SWAP8));
                        FloatVector t03 = s01.blend(s23, HI4).add(s23.blend(s01, HI4).rearrange(SWAP4));
                        FloatVector t45 = s45.add(s45.rearrange(SWAP4));
                        FloatVector u = t03.blend(t45, HI2).add(t45.blend(t03, HI2).rearrange(SWAP2));
                        u.add(u.rearrange(SWAP1)).rearrange(ORDER).intoArray(dIn, d + ci0, keep);
                    }
                    {
                        FloatVector s01 = q0.blend(q1, HI8).add(q1.blend(q0, HI8).rearrange(SWAP8));
                        FloatVector s23 = q2.blend(q3, HI8).add(q3.blend(q2, HI8).rearrange(SWAP8));
                        FloatVector s45 = q4.blend(q5, HI8).add(q5.blend(q4, HI8).rearrange(SWAP8));
                        FloatVector t03 = s01.blend(s23, HI4).add(s23.blend(s01, HI4).rearrange(SWAP4));
                        FloatVector t45 = s45.add(s45.rearrange(SWAP4));
                        FloatVector u = t03.blend(t45, HI2).add(t45.blend(t03, HI2).rearrange(SWAP2));
                        u.add(u.rearrange(SWAP1)).rearrange(ORDER).intoArray(dIn, d + cin + ci0, keep);
                    }
                    {
                        FloatVector s01 = r0.blend(r1, HI8).add(r1.blend(r0, HI8).rearrange(SWAP8));
                        FloatVector s23 = r2.blend(r3, HI8).add(r3.blend(r2, HI8).rearrange(SWAP8));
                        FloatVector s45 = r4.blend(r5, HI8).add(r5.blend(r4, HI8).rearrange(SWAP8));
                        FloatVector t03 = s01.blend(s23, HI4).add(s23.blend(s01, HI4).rearrange(SWAP4));
                        FloatVector t45 = s45.add(s45.rearrange(SWAP4));
                        FloatVector u = t03.blend(t45, HI2).add(t45.blend(t03, HI2).rearrange(SWAP2));
                        u.add(u.rearrange(SWAP1)).rearrange(ORDER).intoArray(dIn, d + 2 * cin + ci0, keep);
                    }
                }
            }
        }
    }
}
