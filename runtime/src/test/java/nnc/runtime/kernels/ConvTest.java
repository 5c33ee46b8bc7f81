package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvTest {
    private static final ConvGeometry.Padding[] PADS = ConvGeometry.Padding.values();

    @Test
    void geometryFollowsKeras() {
        // same: ceil(n / s), pad_total = max((out - 1) * s + k - n, 0), pad_before = total / 2
        ConvGeometry g = ConvGeometry.conv2d(1, 7, 8, 1, 3, 4, 1, 2, 3, ConvGeometry.Padding.SAME);
        assertEquals(4, g.outH());
        assertEquals(3, g.outW());
        assertEquals(1, g.padTop());     // total 2
        assertEquals(1, g.padLeft());    // total (3-1)*3+4-8 = 2
        ConvGeometry v = ConvGeometry.conv2d(1, 32, 32, 1, 5, 5, 6, 1, 1, ConvGeometry.Padding.VALID);
        assertEquals(28, v.outH());
        assertEquals(0, v.padTop());
        // conv2d_transpose output sizes: valid n*s + max(k - s, 0), same n*s.
        assertEquals(7, ConvGeometry.conv2dTranspose(1, 3, 3, 1, 3, 3, 1, 2, 2, ConvGeometry.Padding.VALID).inH());
        assertEquals(6, ConvGeometry.conv2dTranspose(1, 3, 3, 1, 1, 1, 1, 2, 2, ConvGeometry.Padding.VALID).inH());
        assertEquals(6, ConvGeometry.conv2dTranspose(1, 3, 3, 1, 3, 3, 1, 2, 2, ConvGeometry.Padding.SAME).inH());
    }

    /** Odd shapes for the vector paths: batch, h, w, cin, kh, kw, cout. */
    private static final int[][] SHAPES = {
        {1, 1, 7, 1, 1, 3, 1}, {2, 7, 9, 3, 3, 2, 17}, {3, 6, 5, 17, 2, 3, 7}, {1, 9, 9, 7, 3, 3, 33}, {2, 6, 7, 17, 3, 3, 5},
        {2, 8, 8, 1, 5, 5, 6}, {3, 5, 40, 1, 3, 4, 7}, {2, 9, 9, 6, 5, 5, 16}, {1, 5, 5, 33, 1, 1, 65}, {2, 12, 3, 2, 3, 3, 3},
        // cin == 1: row kernels over several vectors per row, and kw > 5 (two blocks of kernel columns)
        {3, 9, 37, 1, 5, 5, 6}, {2, 7, 30, 1, 2, 7, 3}, {1, 6, 11, 1, 3, 3, 12}, {2, 5, 70, 1, 4, 2, 24}, {1, 4, 9, 1, 1, 6, 2}, {2, 16, 12, 1, 7, 3, 5}, {1, 9, 13, 1, 6, 2, 16},
        // gather input gradient (cin < lanes, lanes/2 <= cout <= 2 lanes): cin = 7 is one block of six channels plus one
        {2, 8, 9, 7, 3, 3, 12}, {1, 7, 7, 13, 2, 4, 9},
        // gather with a run (kw * cin) shorter than a vector; input rows of fewer than 16 floats for the runs kernel
        {2, 7, 8, 3, 3, 3, 10}, {1, 5, 2, 5, 3, 4, 7},
        // channel forward kernel with five-column blocks (kw = 5, ten pixels and a tail)
        {2, 6, 13, 3, 3, 5, 9}};

    /** The odd shapes above reach the specialised kernels, so the comparison with the scalar twin covers them. */
    @Test
    void oddShapesReachTheSpecialisedKernels() {
        boolean group = false, fiveWide = false, interleaved = false, wide = false, narrow = false, gather = false, runs = false, kruns = false;
        for (int[] s : SHAPES) {
            ConvGeometry g = ConvGeometry.conv2d(s[0], s[1], s[2], s[3], s[4], s[5], s[6], 1, 1, ConvGeometry.Padding.SAME);
            interleaved |= ConvInterleaved.suits(g);
            fiveWide |= !ConvInterleaved.suits(g) && !ConvDirect.rowKernel(g) && ConvDirect.channelKernel(g)
                    && ConvDirect.fiveWide(g) && g.outW() > 10;
            wide |= ConvInterleaved.suits(g) && ConvInterleaved.wideSweep(g);
            group |= ConvInterleaved.suits(g) && ConvInterleaved.groupExpansion(g);
            narrow |= ConvInterleaved.suits(g) && !ConvInterleaved.wideSweep(g);
            gather |= ConvGather.suits(g) && !ConvInputRuns.suits(g);
            runs |= ConvInputRuns.suits(g);
            kruns |= ConvKernelRuns.suits(g) && g.cout() % 8 != 0;   // with an overlapping last block of channels
        }
        assertTrue(runs, "no shape takes ConvInputRuns");
        assertTrue(kruns, "no shape takes ConvKernelRuns with a partial channel block");
        assertTrue(interleaved, "no shape takes ConvInterleaved");
        assertTrue(group, "no shape takes ConvInterleaved's grouped expansion");
        assertTrue(fiveWide, "no shape takes the five-column blocks of the channel forward kernel");
        assertTrue(wide && narrow, "ConvInterleaved's kernel gradient: both sweeps (five and three columns) must be reached");
        // ConvGather is written for 16 lanes; with 8 it is never chosen
        assertTrue(gather || Simd.L != 16, "no shape takes ConvGather");
    }

    @Test
    void fastPathMatchesScalarTwinOnOddShapes() {
        Random r = new Random(11);
        for (int[] s : SHAPES)
            for (ConvGeometry.Padding p : PADS)
                for (int sh = 1; sh <= 2; sh++)
                    for (int sw = 1; sw <= 3; sw += 2) {
                        if (p == ConvGeometry.Padding.VALID && (s[1] < s[4] || s[2] < s[5])) continue;
                        ConvGeometry g = ConvGeometry.conv2d(s[0], s[1], s[2], s[3], s[4], s[5], s[6], sh, sw, p);
                        compareWithScalar(g, r);
                    }
        // 1D
        compareWithScalar(ConvGeometry.conv1d(3, 17, 5, 3, 7, 2, ConvGeometry.Padding.SAME), r);
        compareWithScalar(ConvGeometry.conv1d(2, 33, 3, 5, 17, 1, ConvGeometry.Padding.VALID), r);
    }

    private static void compareWithScalar(ConvGeometry g, Random r) {
        String what = g.toString();
        float[] in = Close.random(r, g.inputSize()), k = Close.random(r, g.kernelSize()), bias = Close.random(r, g.cout());
        float[] dOut = Close.random(r, g.outputSize());
        float[] work = new float[Conv2d.workspaceSize(g)];
        java.util.Arrays.fill(work, Float.NaN);   // kernels must not rely on a zeroed workspace (it is shared between ops)
        float[] ref = new float[g.outputSize()], out = new float[g.outputSize()];
        Conv2d.forwardScalar(g, in, 0, k, 0, bias, 0, ref, 0);
        Conv2d.forward(g, in, 0, k, 0, bias, 0, Epilogue.IDENTITY, out, 0, work);
        Close.assertClose(what + " forward", ref, out, 1e-5, 1e-5);
        for (Epilogue act : new Epilogue[] {Epilogue.RELU, Epilogue.SIGMOID, Epilogue.TANH}) {
            float[] fused = new float[g.outputSize()], expect = new float[g.outputSize()];
            Conv2d.forward(g, in, 0, k, 0, bias, 0, act, fused, 0, work);
            for (int i = 0; i < ref.length; i++) expect[i] = act.apply(ref[i]);
            Close.assertClose(what + " forward " + act, expect, fused, 1e-5, 1e-5);
        }
        float[] dInRef = new float[g.inputSize()], dIn = new float[g.inputSize()];
        float[] dkRef = new float[g.kernelSize()], dk = new float[g.kernelSize()];
        float[] dbRef = new float[g.cout()], db = new float[g.cout()];
        Conv2d.backwardInputScalar(g, dOut, 0, k, 0, dInRef, 0);
        Conv2d.backwardKernelScalar(g, in, 0, dOut, 0, dkRef, 0, false);
        for (int i = 0; i < g.patches(); i++) for (int c = 0; c < g.cout(); c++) dbRef[c] += dOut[i * g.cout() + c];
        java.util.Arrays.fill(dIn, Float.NaN);   // must be overwritten
        Conv2d.backward(g, in, 0, k, 0, dOut, 0, dIn, 0, dk, 0, db, 0, false, work);
        Close.assertClose(what + " dIn", dInRef, dIn, 1e-5, 1e-5);
        Close.assertClose(what + " dKernel", dkRef, dk, 1e-5, 1e-4);
        Close.assertClose(what + " dBias", dbRef, db, 1e-5, 1e-4);
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryPaddingAndStride() {
        Random r = new Random(12);
        for (ConvGeometry.Padding p : PADS)
            for (int sh = 1; sh <= 3; sh++)
                for (int sw = 1; sw <= 2; sw++) {
                    ConvGeometry g = ConvGeometry.conv2d(2, 7, 6, 3, 3, 2, 4, sh, sw, p);
                    float[] in = Close.random(r, g.inputSize()), k = Close.random(r, g.kernelSize());
                    float[] w = Close.random(r, g.outputSize());   // loss = sum(out * w), so dOut = w
                    double[] ind = Reference.toDouble(in), kd = Reference.toDouble(k), wd = Reference.toDouble(w);
                    float[] out = new float[g.outputSize()], work = new float[Conv2d.workspaceSize(g)];
                    Conv2d.forward(g, in, 0, k, 0, null, 0, null, out, 0, work);
                    Reference.assertClose(g + " forward", Reference.conv2d(g, ind, kd), out, 1e-5, 1e-6);
                    float[] dIn = new float[g.inputSize()], dk = new float[g.kernelSize()];
                    Conv2d.backward(g, in, 0, k, 0, w, 0, dIn, 0, dk, 0, null, 0, false, work);
                    double[] numIn = Reference.numericGradient(x -> Reference.dot(Reference.conv2d(g, x, kd), wd), ind, 1e-3);
                    double[] numK = Reference.numericGradient(x -> Reference.dot(Reference.conv2d(g, ind, x), wd), kd, 1e-3);
                    Reference.assertClose(g + " dIn", numIn, dIn, 1e-4, 1e-6);
                    Reference.assertClose(g + " dKernel", numK, dk, 1e-4, 1e-6);
                }
    }

    @Test
    void transposedConvolutionMatchesKerasDefinitionAndGradients() {
        Random r = new Random(13);
        for (ConvGeometry.Padding p : PADS)
            for (int stride = 1; stride <= 3; stride++)
                for (int kSize : new int[] {1, 3}) {
                    final int s = stride;
                    int batch = 2, h = 4, w = 3, inCh = 3, filters = 5;
                    ConvGeometry g = ConvGeometry.conv2dTranspose(batch, h, w, inCh, kSize, kSize + 1, filters, s, s, p);
                    float[] x = Close.random(r, batch * h * w * inCh), k = Close.random(r, kSize * (kSize + 1) * filters * inCh);
                    float[] bias = Close.random(r, filters);
                    int outLen = batch * g.inH() * g.inW() * filters;
                    float[] y = new float[outLen], work = new float[ConvTranspose2d.workspaceSize(g)];
                    ConvTranspose2d.forward(g, x, 0, k, 0, bias, 0, null, y, 0, work);
                    double[] xd = Reference.toDouble(x), kd = Reference.toDouble(k);
                    double[] ref = Reference.conv2dTranspose(batch, h, w, inCh, kSize, kSize + 1, filters, s, s,
                            g.inH(), g.inW(), g.padTop(), g.padLeft(), xd, kd);
                    for (int i = 0; i < ref.length; i++) ref[i] += bias[i % filters];
                    Reference.assertClose(g + " transpose forward", ref, y, 1e-5, 1e-6);
                    float[] wgt = Close.random(r, outLen);
                    double[] wd = Reference.toDouble(wgt);
                    float[] dx = new float[x.length], dk = new float[k.length], db = new float[filters];
                    ConvTranspose2d.backward(g, x, 0, k, 0, wgt, 0, dx, 0, dk, 0, db, 0, false, work);
                    double[] numX = Reference.numericGradient(v -> Reference.dot(Reference.conv2dTranspose(batch, h, w, inCh, kSize,
                            kSize + 1, filters, s, s, g.inH(), g.inW(), g.padTop(), g.padLeft(), v, kd), wd), xd, 1e-3);
                    double[] numK = Reference.numericGradient(v -> Reference.dot(Reference.conv2dTranspose(batch, h, w, inCh, kSize,
                            kSize + 1, filters, s, s, g.inH(), g.inW(), g.padTop(), g.padLeft(), xd, v), wd), kd, 1e-3);
                    Reference.assertClose(g + " transpose dX", numX, dx, 1e-4, 1e-6);
                    Reference.assertClose(g + " transpose dK", numK, dk, 1e-4, 1e-6);
                    double[] dbRef = new double[filters];
                    for (int i = 0; i < outLen; i++) dbRef[i % filters] += wgt[i];
                    Reference.assertClose(g + " transpose db", dbRef, db, 1e-5, 1e-5);
                }
    }
}
