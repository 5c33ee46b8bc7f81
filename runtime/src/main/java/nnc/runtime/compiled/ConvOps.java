package nnc.runtime.compiled;

import nnc.runtime.kernels.Conv2d;
import nnc.runtime.kernels.ConvGeometry;
import nnc.runtime.kernels.Pooling;

/**
 * Convolution and pooling for generated code, over the kernels of
 * {@code nnc.runtime.kernels} (channels last, Keras layouts). A geometry arrives as an int
 * table {@code {inH, inW, cin, kh, kw, cout, strideH, strideW, same}} (a 1D layer has
 * {@code inH = kh = strideH = 1}) plus the run-time batch size.
 */
public final class ConvOps {
    private ConvOps() {}

    private static ConvGeometry geometry(int[] t, int n) {
        return ConvGeometry.conv2d(n, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7],
                t[8] != 0 ? ConvGeometry.Padding.SAME : ConvGeometry.Padding.VALID);
    }

    public static void forward(int[] geo, int n, float[] x, int xo, float[] k, int ko, float[] out, int oo, Workspace ws) {
        ConvGeometry g = geometry(geo, n);
        Conv2d.forward(g, x, xo, k, ko, null, 0, null, out, oo, ws.floats(Conv2d.workspaceSize(g)));
    }

    /** d(input) from d(output) and the kernel. */
    public static void backwardInput(int[] geo, int n, float[] dOut, int doo, float[] k, int ko, float[] dIn, int dio, Workspace ws) {
        ConvGeometry g = geometry(geo, n);
        Conv2d.backward(g, dOut, doo, k, ko, dOut, doo, dIn, dio, null, 0, null, 0, false, ws.floats(Conv2d.workspaceSize(g)));
    }

    /** d(kernel) from the input and d(output), overwriting {@code dK}. */
    public static void backwardFilter(int[] geo, int n, float[] x, int xo, float[] dOut, int doo, float[] dK, int dko, Workspace ws) {
        ConvGeometry g = geometry(geo, n);
        Conv2d.backward(g, x, xo, dK, dko, dOut, doo, null, 0, dK, dko, null, 0, false, ws.floats(Conv2d.workspaceSize(g)));
    }

    /** Max ({@code max}) or average pooling; geometry table with kh, kw = the pool size and cout = cin. */
    public static void pool(int[] geo, boolean max, int n, float[] x, int xo, float[] out, int oo, Workspace ws) {
        ConvGeometry g = geometry(geo, n);
        if (max) Pooling.maxForward(g, x, xo, out, oo, ws.ints(g.outputSize()), 0);
        else Pooling.avgForward(g, x, xo, out, oo);
    }

    /** Pooling backward; max pooling recomputes its argmax (first maximum on ties) from x. */
    public static void poolGrad(int[] geo, boolean max, int n, float[] x, int xo, float[] dOut, int doo, float[] dIn, int dio, Workspace ws) {
        ConvGeometry g = geometry(geo, n);
        if (max) {
            int[] arg = ws.ints(g.outputSize());
            float[] tmp = ws.floats(g.outputSize());
            Pooling.maxForward(g, x, xo, tmp, 0, arg, 0);
            Pooling.maxBackward(g, dOut, doo, arg, 0, dIn, dio);
        } else {
            Pooling.avgBackward(g, dOut, doo, dIn, dio);
        }
    }
}
