package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Input gradient of a stride-1 convolution with few input channels (LeNet's second layer:
 * 6 -> 16 channels, 5x5), by kernel-row runs, with no lane reductions and no products on
 * padding.
 *
 * <p>In NHWC the {@code kw * cin} input values under one kernel row form one contiguous run,
 * so the gradient that output pixel {@code (oy, ox)} sends back through kernel row {@code ky}
 * is a run {@code R[m] = sum over co of dOut[oy, ox, co] * K[ky, m / cin, m % cin, co]}
 * ({@code m < kw * cin}) added to input row {@code oy + ky - pt} at position
 * {@code (ox - pl) * cin}. For one input row {@code iy} the runs of all kernel rows that reach
 * it share their positions, so they are summed in registers first: lanes along the run (two
 * vectors, 32 lanes, the kernel copied once per call to {@code KT[ky][co][run]} with zeros
 * past the run), ten output columns at a time, twenty accumulators, and for each
 * {@code (ky, co)} two kernel loads and ten {@code dOut} broadcasts feed twenty FMAs. Every
 * product is a real one (the gather form computes kernel taps on padding and sums lanes per
 * pixel). The summed runs go to a zero-margined scratch, and each vector of the input row is
 * then the sum of the runs that overlap it, read at their shifts (about
 * {@code (L + run) / cin} loads per vector) and stored once, overwriting.
 *
 * <p>Work is split by images over {@link KernelConfig#threads()} tasks, each with its own
 * scratch; every value is summed in a fixed order, so results do not depend on the thread
 * count.
 */
final class ConvInputRuns {
    private ConvInputRuns() {}

    /** {@code -Dnnc.conv.runs=false} leaves these shapes to {@link ConvGather} (for comparisons). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("nnc.conv.runs", "true"));

    /** Output columns per register block. */
    private static final int COLS = 10;

    /** Stride 1, {@code cin < L}, and a run of at least a vector (so the 2L-lane blocks are at least a quarter full). */
    static boolean suits(ConvGeometry g) {
        return ENABLED && g.strideH() == 1 && g.strideW() == 1 && g.cin() < L && g.kw() * g.cin() >= L;
    }

    /** The run rounded up to whole pairs of vectors. */
    static int runPad(ConvGeometry g) {
        int run = g.kw() * g.cin();
        return (run + 2 * L - 1) / (2 * L) * (2 * L);
    }

    /** Scratch slot of one output column: the run, then L zeros (the next slot's leading margin). */
    private static int slot(ConvGeometry g) {
        return runPad(g) + L;
    }

    private static int perTask(ConvGeometry g) {
        return L + g.outW() * slot(g);
    }

    private static int kernelCopy(ConvGeometry g) {
        return g.kh() * g.cout() * runPad(g);
    }

    static int workspaceSize(ConvGeometry g) {
        return suits(g) ? kernelCopy(g) + g.tasks() * perTask(g) : 0;
    }

    static void backwardInput(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                              float[] dIn, int dInOff, float[] work) {
        int kh = g.kh(), kw = g.kw(), cin = g.cin(), cout = g.cout(), rp = runPad(g);
        // KT[ky][co][kx * cin + ci] = K[ky, kx, ci, co], zero from kw * cin to the padded run.
        Arrays.fill(work, 0, kernelCopy(g), 0f);
        for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
                for (int ci = 0; ci < cin; ci++)
                    for (int co = 0; co < cout; co++)
                        work[(ky * cout + co) * rp + kx * cin + ci] = kernel[kOff + ((ky * kw + kx) * cin + ci) * cout + co];
        ConvTask.of(ConvInputRuns::backwardInputTask, g).dOut(dOut, dOutOff).dIn(dIn, dInOff).work(work).run();
    }

    private static void backwardInputTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        int per = perTask(g), s = kernelCopy(g) + t * per;
        Arrays.fill(c.work, s, s + per, 0f);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) image(g, c.dOut, c.dOutOff, c.work, s, c.dIn, c.dInOff, b);
    }

    private static void image(ConvGeometry g, float[] dOut, int dOutOff, float[] w, int s, float[] dIn, int dInOff, int b) {
        int cin = g.cin(), cout = g.cout(), oh = g.outH(), ow = g.outW(), rp = runPad(g), sl = slot(g);
        int run = g.kw() * cin, rowLen = g.inW() * cin;
        for (int iy = 0; iy < g.inH(); iy++) {
            int ky0 = Math.max(0, iy + g.padTop() - oh + 1), ky1 = Math.min(g.kh(), iy + g.padTop() + 1);
            for (int c0 = 0; c0 < rp; c0 += 2 * L) {
                int ox = 0;
                for (; ox + COLS <= ow; ox += COLS) {
                    FloatVector z = FloatVector.zero(S);
                    FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z, a8 = z, a9 = z;
                    FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z, b8 = z, b9 = z;
                    for (int ky = ky0; ky < ky1; ky++) {
                        int d = Conv2d.outIndex(g, dOutOff, b, iy + g.padTop() - ky, ox, 0);
                        int kr = ky * cout * rp + c0;
                        for (int co = 0; co < cout; co++, d++, kr += rp) {
                            FloatVector k0 = FloatVector.fromArray(S, w, kr), k1 = FloatVector.fromArray(S, w, kr + L);
                            FloatVector x = FloatVector.broadcast(S, dOut[d]);
                            a0 = x.fma(k0, a0); b0 = x.fma(k1, b0);
                            x = FloatVector.broadcast(S, dOut[d + cout]);
                            a1 = x.fma(k0, a1); b1 = x.fma(k1, b1);
                            x = FloatVector.broadcast(S, dOut[d + 2 * cout]);
                            a2 = x.fma(k0, a2); b2 = x.fma(k1, b2);
                            x = FloatVector.broadcast(S, dOut[d + 3 * cout]);
                            a3 = x.fma(k0, a3); b3 = x.fma(k1, b3);
                            x = FloatVector.broadcast(S, dOut[d + 4 * cout]);
                            a4 = x.fma(k0, a4); b4 = x.fma(k1, b4);
                            x = FloatVector.broadcast(S, dOut[d + 5 * cout]);
                            a5 = x.fma(k0, a5); b5 = x.fma(k1, b5);
                            x = FloatVector.broadcast(S, dOut[d + 6 * cout]);
                            a6 = x.fma(k0, a6); b6 = x.fma(k1, b6);
                            x = FloatVector.broadcast(S, dOut[d + 7 * cout]);
                            a7 = x.fma(k0, a7); b7 = x.fma(k1, b7);
                            x = FloatVector.broadcast(S, dOut[d + 8 * cout]);
                            a8 = x.fma(k0, a8); b8 = x.fma(k1, b8);
                            x = FloatVector.broadcast(S, dOut[d + 9 * cout]);
                            a9 = x.fma(k0, a9); b9 = x.fma(k1, b9);
                        }
                    }
                    int o = s + L + ox * sl + c0;
                    a0.intoArray(w, o); b0.intoArray(w, o + L); o += sl;
                    a1.intoArray(w, o); b1.intoArray(w, o + L); o += sl;
                    a2.intoArray(w, o); b2.intoArray(w, o + L); o += sl;
                    a3.intoArray(w, o); b3.intoArray(w, o + L); o += sl;
                    a4.intoArray(w, o); b4.intoArray(w, o + L); o += sl;
                    a5.intoArray(w, o); b5.intoArray(w, o + L); o += sl;
                    a6.intoArray(w, o); b6.intoArray(w, o + L); o += sl;
                    a7.intoArray(w, o); b7.intoArray(w, o + L); o += sl;
                    a8.intoArray(w, o); b8.intoArray(w, o + L); o += sl;
                    a9.intoArray(w, o); b9.intoArray(w, o + L);
                }
                for (; ox < ow; ox++) {
                    FloatVector a0 = FloatVector.zero(S), b0 = a0;
                    for (int ky = ky0; ky < ky1; ky++) {
                        int d = Conv2d.outIndex(g, dOutOff, b, iy + g.padTop() - ky, ox, 0);
                        int kr = ky * cout * rp + c0;
                        for (int co = 0; co < cout; co++, kr += rp) {
                            FloatVector x = FloatVector.broadcast(S, dOut[d + co]);
                            a0 = x.fma(FloatVector.fromArray(S, w, kr), a0);
                            b0 = x.fma(FloatVector.fromArray(S, w, kr + L), b0);
                        }
                    }
                    int o = s + L + ox * sl + c0;
                    a0.intoArray(w, o); b0.intoArray(w, o + L);
                }
            }
            // Input row: position j (of inW * cin) is padded position p = j + pl * cin, and the run
            // of output column ox covers padded positions [ox * cin, ox * cin + run).
            int dRow = Conv2d.inIndex(g, dInOff, b, iy, 0, 0), shift = g.padLeft() * cin;
            for (int j0 = 0; j0 < rowLen; j0 += L) {
                int j = rowLen >= L ? Math.min(j0, rowLen - L) : 0;   // the last vector overlaps its neighbour
                int p = j + shift;
                int ox0 = Math.max(0, Math.floorDiv(p - run, cin) + 1), ox1 = Math.min(ow - 1, (p + L - 1) / cin);
                FloatVector v = FloatVector.zero(S);
                for (int ox = ox0; ox <= ox1; ox++) v = v.add(FloatVector.fromArray(S, w, s + L + ox * sl + p - ox * cin));
                if (rowLen >= L) v.intoArray(dIn, dRow + j);
                else v.intoArray(dIn, dRow, S.indexInRange(0, rowLen));
            }
        }
    }
}
