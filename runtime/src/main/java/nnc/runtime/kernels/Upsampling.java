package nnc.runtime.kernels;

import java.util.Arrays;

/**
 * Nearest-neighbour upsampling (Keras {@code UpSampling1D/2D}, interpolation "nearest") over
 * NHWC: {@code out[b, y, x, c] = in[b, y / sh, x / sw, c]}, output {@code [batch, h*sh, w*sw, c]}.
 * 1D is {@code h = sh = 1}. The forward pass copies channel runs; the backward pass sums each
 * {@code sh x sw} block with vector adds ({@link Conv2d#addInto}).
 */
public final class Upsampling {
    private Upsampling() {}

    public static void forward(int batch, int h, int w, int c, int sh, int sw, float[] in, int inOff, float[] out, int outOff) {
        int ow = w * sw;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < h; y++) {
                int firstRow = outOff + ((b * h * sh + y * sh) * ow) * c;
                for (int x = 0; x < w; x++) {
                    int src = inOff + ((b * h + y) * w + x) * c;
                    for (int j = 0; j < sw; j++) System.arraycopy(in, src, out, firstRow + (x * sw + j) * c, c);
                }
                for (int i = 1; i < sh; i++) System.arraycopy(out, firstRow, out, firstRow + i * ow * c, ow * c);
            }
    }

    /** {@code dIn[b, y, x, c] = sum of dOut over the block that (y, x) was copied to} (overwrites dIn). */
    public static void backward(int batch, int h, int w, int c, int sh, int sw, float[] dOut, int dOutOff, float[] dIn, int dInOff) {
        if (KernelConfig.scalar()) { backwardScalar(batch, h, w, c, sh, sw, dOut, dOutOff, dIn, dInOff); return; }
        Arrays.fill(dIn, dInOff, dInOff + batch * h * w * c, 0f);
        int ow = w * sw;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int dst = dInOff + ((b * h + y) * w + x) * c;
                    for (int i = 0; i < sh; i++)
                        for (int j = 0; j < sw; j++) {
                            Conv2d.addInto(dOut, dOutOff + ((b * h * sh + y * sh + i) * ow + x * sw + j) * c, dIn, dst, c);
                        }
                }
    }

    public static void backwardScalar(int batch, int h, int w, int c, int sh, int sw, float[] dOut, int dOutOff, float[] dIn, int dInOff) {
        Arrays.fill(dIn, dInOff, dInOff + batch * h * w * c, 0f);
        int oh = h * sh, ow = w * sw;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                    for (int ch = 0; ch < c; ch++)
                        dIn[dInOff + ((b * h + y / sh) * w + x / sw) * c + ch] += dOut[dOutOff + ((b * oh + y) * ow + x) * c + ch];
    }
}
