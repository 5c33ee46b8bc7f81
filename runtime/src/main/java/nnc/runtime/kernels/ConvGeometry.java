package nnc.runtime.kernels;

/**
 * The shape of one 2D convolution over NHWC tensors: input {@code [batch, inH, inW, cin]},
 * kernel {@code [kh, kw, cin, cout]} (Keras layout), output {@code [batch, outH, outW, cout]},
 * strides and the zero padding before the first row/column. 1D convolutions are the case
 * {@code inH = kh = 1}.
 *
 * <p>Output sizes and padding follow Keras/TensorFlow: valid gives
 * {@code floor((n - k) / s) + 1} with no padding; same gives {@code ceil(n / s)} with
 * {@code pad_total = max((out - 1) * s + k - n, 0)}, {@code pad_before = pad_total / 2}
 * (the extra row/column, if any, goes after).
 */
public record ConvGeometry(int batch, int inH, int inW, int cin, int kh, int kw, int cout,
                           int strideH, int strideW, int outH, int outW, int padTop, int padLeft) {

    /** Keras padding modes. */
    public enum Padding { VALID, SAME }

    public ConvGeometry {
        if (batch < 0 || inH < 1 || inW < 1 || cin < 1 || kh < 1 || kw < 1 || cout < 1
                || strideH < 1 || strideW < 1 || outH < 1 || outW < 1 || padTop < 0 || padLeft < 0) {
            throw new IllegalArgumentException("invalid convolution geometry: " + toStringRaw(
                    batch, inH, inW, cin, kh, kw, cout, strideH, strideW, outH, outW));
        }
    }

    private static String toStringRaw(int... v) {
        return java.util.Arrays.toString(v);
    }

    /** A 2D convolution. */
    public static ConvGeometry conv2d(int batch, int inH, int inW, int cin, int kh, int kw, int cout,
                                      int strideH, int strideW, Padding padding) {
        int oh = outSize(inH, kh, strideH, padding), ow = outSize(inW, kw, strideW, padding);
        return new ConvGeometry(batch, inH, inW, cin, kh, kw, cout, strideH, strideW, oh, ow,
                padBefore(inH, kh, strideH, oh, padding), padBefore(inW, kw, strideW, ow, padding));
    }

    /** A 1D convolution over {@code [batch, length, cin]} with kernel {@code [k, cin, cout]}. */
    public static ConvGeometry conv1d(int batch, int length, int cin, int k, int cout, int stride, Padding padding) {
        return conv2d(batch, 1, length, cin, 1, k, cout, 1, stride, padding);
    }

    /**
     * The convolution whose input gradient is Keras' {@code conv2d_transpose} of an input
     * {@code [batch, inH, inW, inCh]} with kernel {@code [kh, kw, filters, inCh]}: its
     * "input" is the transposed convolution's output {@code [batch, outH, outW, filters]} and
     * its "output" is the transposed convolution's input. Output sizes follow Keras
     * ({@code output_padding = None}): valid gives {@code n * s + max(k - s, 0)}, same gives
     * {@code n * s}.
     */
    public static ConvGeometry conv2dTranspose(int batch, int inH, int inW, int inCh, int kh, int kw, int filters,
                                               int strideH, int strideW, Padding padding) {
        int oh = transposeOutSize(inH, kh, strideH, padding), ow = transposeOutSize(inW, kw, strideW, padding);
        ConvGeometry g = new ConvGeometry(batch, oh, ow, filters, kh, kw, inCh, strideH, strideW, inH, inW,
                padBefore(oh, kh, strideH, inH, padding), padBefore(ow, kw, strideW, inW, padding));
        if (outSize(oh, kh, strideH, padding) != inH || outSize(ow, kw, strideW, padding) != inW) {
            throw new IllegalStateException("transposed geometry does not invert: " + g);
        }
        return g;
    }

    /** A transposed 1D convolution (input {@code [batch, length, inCh]}, kernel {@code [k, filters, inCh]}). */
    public static ConvGeometry conv1dTranspose(int batch, int length, int inCh, int k, int filters, int stride, Padding padding) {
        return conv2dTranspose(batch, 1, length, inCh, 1, k, filters, 1, stride, padding);
    }

    public static int outSize(int n, int k, int s, Padding p) {
        if (p == Padding.SAME) return (n + s - 1) / s;
        if (n < k) throw new IllegalArgumentException("valid convolution: kernel " + k + " larger than input " + n);
        return (n - k) / s + 1;
    }

    public static int transposeOutSize(int n, int k, int s, Padding p) {
        return p == Padding.SAME ? n * s : n * s + Math.max(k - s, 0);
    }

    static int padBefore(int n, int k, int s, int out, Padding p) {
        if (p == Padding.VALID) return 0;
        return Math.max((out - 1) * s + k - n, 0) / 2;
    }

    /** Rows of the im2col matrix: one per output pixel of the whole batch. */
    public int patches() {
        return batch * outH * outW;
    }

    /** Columns of the im2col matrix: {@code kh * kw * cin}. */
    public int patchSize() {
        return kh * kw * cin;
    }

    public int inputSize() {
        return batch * inH * inW * cin;
    }

    public int outputSize() {
        return batch * outH * outW * cout;
    }

    public int kernelSize() {
        return kh * kw * cin * cout;
    }

    /** A 1x1, stride-1, unpadded convolution is a plain GEMM on the input. */
    public boolean isPointwise() {
        return kh == 1 && kw == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0;
    }

    /**
     * Tasks the batch is split into by the direct kernels: whole images, at most one task per
     * kernel thread, at least one (with an empty range when the batch is empty).
     */
    int tasks() {
        return Math.max(1, Math.min(KernelConfig.threads(), batch));
    }

    /** Multiply-adds times two of the forward pass (the same for each backward pass). */
    public double flops() {
        return 2.0 * patches() * patchSize() * cout;
    }
}
