package nnc.runtime.kernels;

/**
 * Double-precision reference implementations used as oracles by the kernel tests: written
 * for clarity (direct loops over the mathematical definition), never for speed.
 */
final class Reference {
    private Reference() {}

    /** erf by its Taylor series (|x| < 4) or the erfc continued fraction. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 4) {
            double sum = 0, term = x;
            for (int n = 0; n < 200; n++) {
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-18) break;
                term *= -x * x / (n + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(z) = exp(-z^2)/sqrt(pi) * 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))), evaluated bottom-up.
        double f = ax;
        for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** Convolution forward by its definition, double precision, no bias. */
    static double[] conv2d(ConvGeometry g, double[] in, double[] k) {
        double[] out = new double[g.outputSize()];
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int co = 0; co < g.cout(); co++) {
                        double s = 0;
                        for (int ky = 0; ky < g.kh(); ky++)
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int iy = oy * g.strideH() - g.padTop() + ky, ix = ox * g.strideW() - g.padLeft() + kx;
                                if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) continue;
                                for (int ci = 0; ci < g.cin(); ci++)
                                    s += in[((b * g.inH() + iy) * g.inW() + ix) * g.cin() + ci]
                                            * k[((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co];
                            }
                        out[((b * g.outH() + oy) * g.outW() + ox) * g.cout() + co] = s;
                    }
        return out;
    }

    /** Keras conv2d_transpose by its scatter definition: each input pixel adds kernel-weighted values to a window. */
    static double[] conv2dTranspose(int batch, int h, int w, int inCh, int kh, int kw, int filters, int sh, int sw,
                                    int outH, int outW, int padTop, int padLeft, double[] x, double[] k) {
        double[] y = new double[batch * outH * outW * filters];
        for (int b = 0; b < batch; b++)
            for (int iy = 0; iy < h; iy++)
                for (int ix = 0; ix < w; ix++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++) {
                            int oy = iy * sh + ky - padTop, ox = ix * sw + kx - padLeft;
                            if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                            for (int f = 0; f < filters; f++)
                                for (int c = 0; c < inCh; c++)
                                    y[((b * outH + oy) * outW + ox) * filters + f] +=
                                            x[((b * h + iy) * w + ix) * inCh + c] * k[((ky * kw + kx) * filters + f) * inCh + c];
                        }
        return y;
    }

    /** Pooling forward by its definition (max or average over the real, unpadded window). */
    static double[] pool(ConvGeometry g, double[] in, boolean max) {
        double[] out = new double[g.outputSize()];
        for (int b = 0; b < g.batch(); b++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int c = 0; c < g.cin(); c++) {
                        double m = Double.NEGATIVE_INFINITY, s = 0;
                        int n = 0;
                        for (int ky = 0; ky < g.kh(); ky++)
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int iy = oy * g.strideH() - g.padTop() + ky, ix = ox * g.strideW() - g.padLeft() + kx;
                                if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) continue;
                                double v = in[((b * g.inH() + iy) * g.inW() + ix) * g.cin() + c];
                                m = Math.max(m, v);
                                s += v;
                                n++;
                            }
                        out[((b * g.outH() + oy) * g.outW() + ox) * g.cin() + c] = max ? m : s / n;
                    }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Central-difference gradient of {@code f} at {@code x} (x restored afterwards). */
    static double[] numericGradient(java.util.function.ToDoubleFunction<double[]> f, double[] x, double h) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double up = f.applyAsDouble(x);
            x[i] = keep - h;
            double dn = f.applyAsDouble(x);
            x[i] = keep;
            g[i] = (up - dn) / (2 * h);
        }
        return g;
    }

    static void assertClose(String what, double[] expected, float[] actual, double rel, double abs) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            Close.assertClose(what + " [" + i + "]", expected[i], actual[i], rel, abs + rel * 1e-2 * scale);
        }
    }
}
