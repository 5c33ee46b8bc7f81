package nnc.runtime.kernels;

/**
 * Direct (im2col-free) vectorised convolution kernels for the shapes where copying patches
 * costs more than the arithmetic: few input channels. Not used yet for any shape.
 */
final class ConvDirect {
    private ConvDirect() {}

    static boolean suitsForward(ConvGeometry g) {
        return false;
    }

    static boolean suitsBackwardKernel(ConvGeometry g) {
        return false;
    }

    static boolean suitsBackwardInput(ConvGeometry g) {
        return false;
    }

    static void forward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                        float[] bias, int bOff, float[] out, int outOff) {
        throw new UnsupportedOperationException();
    }

    static void backwardKernel(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                               float[] dKernel, int dkOff, boolean accumulate) {
        throw new UnsupportedOperationException();
    }

    static void backwardInput(ConvGeometry g, float[] dOut, int dOutOff, float[] kernel, int kOff,
                              float[] dIn, int dInOff, float[] work) {
        throw new UnsupportedOperationException();
    }
}
