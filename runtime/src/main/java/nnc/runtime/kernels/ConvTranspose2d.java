package nnc.runtime.kernels;

/**
 * Keras' {@code conv2d_transpose} (and 1D through {@link ConvGeometry#conv1dTranspose}):
 * input {@code x: [batch, h, w, inCh]}, kernel {@code [kh, kw, filters, inCh]}, bias
 * {@code [filters]}, output {@code y: [batch, H, W, filters]} with Keras' output sizes.
 *
 * <p>A transposed convolution is the input gradient of the ordinary convolution
 * {@code g = ConvGeometry.conv2dTranspose(...)} whose input is {@code y} and whose output is
 * {@code x}; its kernel layout {@code [kh, kw, cin = filters, cout = inCh]} is exactly the
 * Keras transposed kernel. So the forward pass is {@link Conv2d}'s input gradient, the input
 * gradient is {@link Conv2d}'s forward pass, and the kernel gradient is {@link Conv2d}'s kernel
 * gradient with the roles of input and output gradient swapped.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    /** Floats of workspace for {@code g}. */
    public static int workspaceSize(ConvGeometry g) {
        return Conv2d.workspaceSize(g);
    }

    /** {@code y = act(conv_transpose(x, kernel) + bias)}; bias and act may be null. */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] kernel, int kOff,
                               float[] bias, int bOff, Epilogue act, float[] y, int yOff, float[] work) {
        Conv2d.backward(g, null, 0, kernel, kOff, x, xOff, y, yOff, null, 0, null, 0, false, work);
        int rows = g.batch() * g.inH() * g.inW();
        if (bias != null) Elementwise.binaryRow(Elementwise.Op.ADD, rows, g.cin(), y, yOff, bias, bOff, y, yOff);
        Conv2d.activate(act == null ? Epilogue.IDENTITY : act, y, yOff, rows * g.cin());
    }

    /**
     * Backward from {@code dY} (after the activation derivative): {@code dX}, {@code dKernel},
     * {@code dBias}, each optional (null).
     */
    public static void backward(ConvGeometry g, float[] x, int xOff, float[] kernel, int kOff,
                                float[] dY, int dYOff, float[] dX, int dXOff,
                                float[] dKernel, int dkOff, float[] dBias, int dbOff,
                                boolean accumulate, float[] work) {
        if (dBias != null) Reductions.sumCols(dY, dYOff, g.batch() * g.inH() * g.inW(), g.cin(), dBias, dbOff, accumulate);
        if (dX != null) Conv2d.forward(g, dY, dYOff, kernel, kOff, null, 0, Epilogue.IDENTITY, dX, dXOff, work);
        if (dKernel != null) {
            Conv2d.backward(g, dY, dYOff, kernel, kOff, x, xOff, null, 0, dKernel, dkOff, null, 0, accumulate, work);
        }
    }
}
