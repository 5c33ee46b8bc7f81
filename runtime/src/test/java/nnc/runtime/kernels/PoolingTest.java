package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolingTest {
    @Test
    void poolingMatchesDefinitionScalarAndFiniteDifferences() {
        Random r = new Random(21);
        for (int c : new int[] {1, 3, 17, 33})
            for (ConvGeometry.Padding p : ConvGeometry.Padding.values())
                for (int[] ps : new int[][] {{2, 2, 2, 2}, {3, 2, 1, 2}, {2, 3, 3, 1}, {1, 3, 1, 3}}) {
                    ConvGeometry g = Pooling.geometry(2, 7, 5, c, ps[0], ps[1], ps[2], ps[3], p);
                    check(g, r);
                }
        check(Pooling.geometry1d(3, 9, 17, 2, 2, ConvGeometry.Padding.SAME), r);
        check(Pooling.geometry1d(3, 9, 5, 3, 1, ConvGeometry.Padding.VALID), r);
    }

    private static void check(ConvGeometry g, Random r) {
        float[] in = Close.random(r, g.inputSize());   // distinct values: max is unique, gradients defined
        double[] ind = Reference.toDouble(in);
        float[] ms = new float[g.outputSize()], mv = new float[g.outputSize()];
        int[] as = new int[g.outputSize()], av = new int[g.outputSize()];
        Pooling.maxForwardScalar(g, in, 0, ms, 0, as, 0);
        Pooling.maxForwardVector(g, in, 0, mv, 0, av, 0);
        assertArrayEquals(ms, mv, g + " max");
        assertArrayEquals(as, av, g + " argmax");
        Reference.assertClose(g + " max def", Reference.pool(g, ind, true), mv, 0, 0);
        float[] as2 = new float[g.outputSize()], av2 = new float[g.outputSize()];
        Pooling.avgForwardScalar(g, in, 0, as2, 0);
        Pooling.avgForwardVector(g, in, 0, av2, 0);
        Close.assertClose(g + " avg", as2, av2);
        Reference.assertClose(g + " avg def", Reference.pool(g, ind, false), av2, 1e-5, 1e-6);
        float[] w = Close.random(r, g.outputSize());
        double[] wd = Reference.toDouble(w);
        float[] dMax = new float[g.inputSize()], dAvg = new float[g.inputSize()];
        Pooling.maxBackward(g, w, 0, av, 0, dMax, 0);
        Pooling.avgBackward(g, w, 0, dAvg, 0);
        Reference.assertClose(g + " dmax", Reference.numericGradient(x -> Reference.dot(Reference.pool(g, x, true), wd), ind, 1e-7), dMax, 1e-4, 1e-6);
        Reference.assertClose(g + " davg", Reference.numericGradient(x -> Reference.dot(Reference.pool(g, x, false), wd), ind, 1e-3), dAvg, 1e-4, 1e-6);
    }

    @Test
    void globalPooling() {
        Random r = new Random(22);
        for (int c : new int[] {3, 17}) {
            int batch = 2, pos = 10;
            float[] in = Close.random(r, batch * pos * c);
            float[] mx = new float[batch * c], avg = new float[batch * c];
            int[] arg = new int[batch * c];
            Pooling.globalMaxForward(batch, pos, c, in, 0, mx, 0, arg, 0);
            Pooling.globalAvgForward(batch, pos, c, in, 0, avg, 0);
            float[] dIn = new float[in.length], dAvg = new float[in.length], w = Close.random(r, batch * c);
            Pooling.globalMaxBackward(batch, pos, c, w, 0, arg, 0, dIn, 0);
            Pooling.globalAvgBackward(batch, pos, c, w, 0, dAvg, 0);
            for (int b = 0; b < batch; b++)
                for (int ch = 0; ch < c; ch++) {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    int best = -1;
                    for (int p = 0; p < pos; p++) {
                        float v = in[(b * pos + p) * c + ch];
                        s += v;
                        if (v > m) { m = v; best = p; }
                    }
                    Close.assertClose("gmax", m, mx[b * c + ch], 0, 0);
                    Close.assertClose("gavg", s / pos, avg[b * c + ch], 1e-5, 1e-6);
                    for (int p = 0; p < pos; p++) {
                        int i = (b * pos + p) * c + ch;
                        Close.assertClose("gmax grad", p == best ? w[b * c + ch] : 0, dIn[i], 0, 0);
                        Close.assertClose("gavg grad", w[b * c + ch] / pos, dAvg[i], 1e-6, 1e-7);
                    }
                }
        }
    }

    @Test
    void upsamplingForwardAndBackward() {
        Random r = new Random(23);
        for (int c : new int[] {1, 3, 17}) {
            int batch = 2, h = 3, w = 4, sh = 2, sw = 3;
            float[] in = Close.random(r, batch * h * w * c), out = new float[batch * h * sh * w * sw * c];
            Upsampling.forward(batch, h, w, c, sh, sw, in, 0, out, 0);
            for (int b = 0; b < batch; b++) for (int y = 0; y < h * sh; y++) for (int x = 0; x < w * sw; x++) for (int ch = 0; ch < c; ch++)
                Close.assertClose("up", in[((b * h + y / sh) * w + x / sw) * c + ch], out[((b * h * sh + y) * w * sw + x) * c + ch], 0, 0);
            float[] dOut = Close.random(r, out.length), dv = new float[in.length], ds = new float[in.length];
            Upsampling.backward(batch, h, w, c, sh, sw, dOut, 0, dv, 0);
            Upsampling.backwardScalar(batch, h, w, c, sh, sw, dOut, 0, ds, 0);
            Close.assertClose("up backward", ds, dv);
            double total = 0, total2 = 0;
            for (float v : dOut) total += v;
            for (float v : dv) total2 += v;
            Close.assertClose("mass", total, total2, 1e-5, 1e-5);
        }
        float[] in1 = {1, 2}, out1 = new float[4];
        Upsampling.forward(1, 1, 2, 1, 1, 2, in1, 0, out1, 0);   // 1D: [1, 2] -> [1, 1, 2, 2]
        assertArrayEquals(new float[] {1, 1, 2, 2}, out1);
    }
}
