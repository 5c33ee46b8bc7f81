package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max and average pooling over NHWC tensors, 1D and 2D, and global pooling.
 *
 * <p>The window geometry is a {@link ConvGeometry} with {@code cin == cout == channels} and
 * the pool size as kernel size ({@link #geometry}); Keras' defaults are
 * {@code strides = pool_size}, padding valid. With same padding, padded positions are ignored:
 * max takes the maximum of the real values, average divides by the number of real values
 * (TensorFlow's rule). Max pooling records, for each output element, the index (relative to
 * the input offset) of its maximum, the first one on ties, for the backward pass.
 * Vector paths run lanes over channels; tensors with fewer channels than a vector take the
 * scalar twins.
 */
public final class Pooling {
    private Pooling() {}

    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED.withShape(S.vectorShape());

    /** Window geometry of a 2D pooling layer. */
    public static ConvGeometry geometry(int batch, int inH, int inW, int channels, int poolH, int poolW,
                                        int strideH, int strideW, ConvGeometry.Padding padding) {
        return ConvGeometry.conv2d(batch, inH, inW, channels, poolH, poolW, channels, strideH, strideW, padding);
    }

    /** Window geometry of a 1D pooling layer over {@code [batch, length, channels]}. */
    public static ConvGeometry geometry1d(int batch, int length, int channels, int pool, int stride,
                                          ConvGeometry.Padding padding) {
        return geometry(batch, 1, length, channels, 1, pool, 1, stride, padding);
    }

    /** Max pooling; {@code argmax} (same size as {@code out}) receives the input index of each maximum. */
    public static void maxForward(ConvGeometry g, float[] in, int inOff, float[] out, int outOff, int[] argmax, int argOff) {
        if (Simd.scalar(g.cin())) maxForwardScalar(g, in, inOff, out, outOff, argmax, argOff);
        else maxForwardVector(g, in, inOff, out, outOff, argmax, argOff);
    }

    /** Max pooling backward: {@code dIn} is overwritten with {@code dOut} routed to the argmax positions. */
    public static void maxBackward(ConvGeometry g, float[] dOut, int dOutOff, int[] argmax, int argOff, float[] dIn, int dInOff) {
        Arrays.fill(dIn, dInOff, dInOff + g.inputSize(), 0f);
        int n = g.outputSize();
        for (int i = 0; i < n; i++) dIn[dInOff + argmax[argOff + i]] += dOut[dOutOff + i];
    }

    /** Average pooling (padding excluded from the count). */
    public static void avgForward(ConvGeometry g, float[] in, int inOff, float[] out, int outOff) {
        if (Simd.scalar(g.cin())) avgForwardScalar(g, in, inOff, out, outOff);
        else avgForwardVector(g, in, inOff, out, outOff);
    }

    /** Average pooling backward ({@code dIn} overwritten). */
    public static void avgBackward(ConvGeometry g, float[] dOut, int dOutOff, float[] dIn, int dInOff) {
        Arrays.fill(dIn, dInOff, dInOff + g.inputSize(), 0f);
        int c = g.cin();
        boolean vec = !Simd.scalar(c);
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = Math.max(oy * g.strideH() - g.padTop(), 0), y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.inH());
                    int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0), x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.inW());
                    float inv = 1f / ((y1 - y0) * (x1 - x0));
                    int o = Conv2d.outIndex(g, dOutOff, b, oy, ox, 0);
                    for (int y = y0; y < y1; y++)
                        for (int x = x0; x < x1; x++) {
                            int d = Conv2d.inIndex(g, dInOff, b, y, x, 0);
                            int ch = 0;
                            if (vec) {
                                for (int bd = S.loopBound(c); ch < bd; ch += L) {
                                    FloatVector.fromArray(S, dOut, o + ch).fma(FloatVector.broadcast(S, inv), FloatVector.fromArray(S, dIn, d + ch)).intoArray(dIn, d + ch);
                                }
                            }
                            for (; ch < c; ch++) dIn[d + ch] = Math.fma(dOut[o + ch], inv, dIn[d + ch]);
                        }
                }
    }

    /** Global max pooling of {@code [batch, positions, channels]} to {@code [batch, channels]} (2D: positions = h * w). */
    public static void globalMaxForward(int batch, int positions, int channels, float[] in, int inOff,
                                        float[] out, int outOff, int[] argmax, int argOff) {
        maxForward(geometry(batch, 1, positions, channels, 1, positions, 1, positions, ConvGeometry.Padding.VALID),
                in, inOff, out, outOff, argmax, argOff);
    }

    /** Global max pooling backward ({@code dIn} overwritten). */
    public static void globalMaxBackward(int batch, int positions, int channels, float[] dOut, int dOutOff,
                                         int[] argmax, int argOff, float[] dIn, int dInOff) {
        Arrays.fill(dIn, dInOff, dInOff + batch * positions * channels, 0f);
        for (int i = 0; i < batch * channels; i++) dIn[dInOff + argmax[argOff + i]] += dOut[dOutOff + i];
    }

    /** Global average pooling of {@code [batch, positions, channels]} to {@code [batch, channels]}. */
    public static void globalAvgForward(int batch, int positions, int channels, float[] in, int inOff, float[] out, int outOff) {
        for (int b = 0; b < batch; b++) {
            Reductions.sum(in, inOff + b * positions * channels, 1, positions, channels, 1f / positions, out, outOff + b * channels, false);
        }
    }

    /** Global average pooling backward: every position receives {@code dOut / positions}. */
    public static void globalAvgBackward(int batch, int positions, int channels, float[] dOut, int dOutOff, float[] dIn, int dInOff) {
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < positions; p++)
                Elementwise.scale(1f / positions, dOut, dOutOff + b * channels, dIn, dInOff + (b * positions + p) * channels, channels);
    }

    // ---------------------------------------------------------------- implementations

    public static void maxForwardScalar(ConvGeometry g, float[] in, int inOff, float[] out, int outOff, int[] argmax, int argOff) {
        int c = g.cin();
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = Math.max(oy * g.strideH() - g.padTop(), 0), y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.inH());
                    int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0), x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.inW());
                    int o = Conv2d.outIndex(g, 0, b, oy, ox, 0);
                    for (int ch = 0; ch < c; ch++) {
                        float m = Float.NEGATIVE_INFINITY;
                        int arg = Conv2d.inIndex(g, 0, b, y0, x0, ch);
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) {
                                int i = Conv2d.inIndex(g, 0, b, y, x, ch);
                                if (in[inOff + i] > m) { m = in[inOff + i]; arg = i; }
                            }
                        out[outOff + o + ch] = m;
                        argmax[argOff + o + ch] = arg;
                    }
                }
    }

    public static void maxForwardVector(ConvGeometry g, float[] in, int inOff, float[] out, int outOff, int[] argmax, int argOff) {
        int c = g.cin(), bound = S.loopBound(c);
        IntVector iota = IntVector.zero(IS).addIndex(1);
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = Math.max(oy * g.strideH() - g.padTop(), 0), y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.inH());
                    int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0), x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.inW());
                    int o = Conv2d.outIndex(g, 0, b, oy, ox, 0);
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                        IntVector arg = iota.add(Conv2d.inIndex(g, 0, b, y0, x0, ch));
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) {
                                int i = Conv2d.inIndex(g, 0, b, y, x, ch);
                                FloatVector v = FloatVector.fromArray(S, in, inOff + i);
                                VectorMask<Float> gt = v.compare(VectorOperators.GT, m);
                                m = m.blend(v, gt);
                                arg = arg.blend(iota.add(i), gt.cast(IS));
                            }
                        m.intoArray(out, outOff + o + ch);
                        arg.intoArray(argmax, argOff + o + ch);
                    }
                    for (; ch < c; ch++) {
                        float m = Float.NEGATIVE_INFINITY;
                        int arg = Conv2d.inIndex(g, 0, b, y0, x0, ch);
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) {
                                int i = Conv2d.inIndex(g, 0, b, y, x, ch);
                                if (in[inOff + i] > m) { m = in[inOff + i]; arg = i; }
                            }
                        out[outOff + o + ch] = m;
                        argmax[argOff + o + ch] = arg;
                    }
                }
    }

    public static void avgForwardScalar(ConvGeometry g, float[] in, int inOff, float[] out, int outOff) {
        int c = g.cin();
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = Math.max(oy * g.strideH() - g.padTop(), 0), y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.inH());
                    int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0), x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.inW());
                    float inv = 1f / ((y1 - y0) * (x1 - x0));
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox, 0);
                    for (int ch = 0; ch < c; ch++) {
                        float s = 0f;
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) s += in[Conv2d.inIndex(g, inOff, b, y, x, ch)];
                        out[o + ch] = s * inv;
                    }
                }
    }

    public static void avgForwardVector(ConvGeometry g, float[] in, int inOff, float[] out, int outOff) {
        int c = g.cin(), bound = S.loopBound(c);
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = Math.max(oy * g.strideH() - g.padTop(), 0), y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.inH());
                    int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0), x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.inW());
                    float inv = 1f / ((y1 - y0) * (x1 - x0));
                    int o = Conv2d.outIndex(g, outOff, b, oy, ox, 0);
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector s = FloatVector.zero(S);
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) s = s.add(FloatVector.fromArray(S, in, Conv2d.inIndex(g, inOff, b, y, x, ch)));
                        s.mul(inv).intoArray(out, o + ch);
                    }
                    for (; ch < c; ch++) {
                        float s = 0f;
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) s += in[Conv2d.inIndex(g, inOff, b, y, x, ch)];
                        out[o + ch] = s * inv;
                    }
                }
    }
}
