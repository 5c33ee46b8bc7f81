package nnc.runtime.train;

import java.util.Arrays;
import java.util.List;
import nnc.runtime.Initializer;
import nnc.runtime.Parameter;
import nnc.runtime.Rng;

/**
 * Keras 3 initializers over the runtime's seeded {@link Rng}.
 *
 * <p>Fans (Keras {@code compute_fans}): rank 0: 1/1; rank 1: n/n; rank 2 {@code [in, out]}: in/out;
 * higher ranks {@code [..., in, out]}: {@code in * r} / {@code out * r} with {@code r} the product of the
 * leading dimensions (the convolution window). Variance scaling: uniform draws from
 * {@code U(-sqrt(3 s), sqrt(3 s))}; normal ones from a normal truncated at two standard deviations
 * (values outside are redrawn) with stddev {@code sqrt(s) / 0.87962566103423978}, so that the truncated
 * distribution has variance {@code s}, where {@code s = scale / fan}.
 */
public final class Initializers {
    /** Stddev of a standard normal truncated to [-2, 2]. */
    static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private Initializers() {}

    /**
     * Initialises every parameter that has an initializer, each from its own generator seeded with
     * {@code Rng.derive(seed, "init:" + name)}: the result depends only on the seed and the parameter's
     * name and shape, not on the order of the list.
     */
    public static void initialize(List<Parameter> parameters, long seed) {
        for (Parameter p : parameters) {
            if (p.initializer() != null) {
                p.initializer().initialize(p.value, p.shape(), new Rng(Rng.derive(seed, "init:" + p.name())));
            }
        }
    }

    /** {fan_in, fan_out} of a Keras-layout shape. */
    public static double[] fans(int[] shape) {
        if (shape.length == 0) return new double[] {1, 1};
        if (shape.length == 1) return new double[] {shape[0], shape[0]};
        double receptive = 1;
        for (int k = 0; k < shape.length - 2; k++) receptive *= shape[k];
        return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }

    public static Initializer zeros() {
        return (w, shape, rng) -> Arrays.fill(w, 0f);
    }

    public static Initializer ones() {
        return constant(1f);
    }

    public static Initializer constant(float c) {
        return (w, shape, rng) -> Arrays.fill(w, c);
    }

    /** Keras {@code RandomUniform(minval, maxval)}; default (-0.05, 0.05). */
    public static Initializer randomUniform(double min, double max) {
        return (w, shape, rng) -> {
            for (int k = 0; k < w.length; k++) w[k] = (float) (min + (max - min) * rng.nextDouble());
        };
    }

    public static Initializer randomUniform() {
        return randomUniform(-0.05, 0.05);
    }

    /** Keras {@code RandomNormal(mean, stddev)}; default (0, 0.05). */
    public static Initializer randomNormal(double mean, double stddev) {
        return (w, shape, rng) -> {
            for (int k = 0; k < w.length; k++) w[k] = (float) (mean + stddev * rng.nextGaussian());
        };
    }

    public static Initializer randomNormal() {
        return randomNormal(0, 0.05);
    }

    /** Keras {@code TruncatedNormal(mean, stddev)}: draws beyond two stddev are redrawn. */
    public static Initializer truncatedNormal(double mean, double stddev) {
        return (w, shape, rng) -> {
            for (int k = 0; k < w.length; k++) w[k] = (float) (mean + stddev * truncated(rng));
        };
    }

    static double truncated(Rng rng) {
        double x;
        do {
            x = rng.nextGaussian();
        } while (x < -2 || x > 2);
        return x;
    }

    /** Keras {@code VarianceScaling(scale, mode, distribution)}; mode fan_in, fan_out or fan_avg. */
    public static Initializer varianceScaling(double scale, String mode, boolean uniform) {
        return (w, shape, rng) -> {
            double[] f = fans(shape);
            double n = switch (mode) {
                case "fan_in" -> f[0];
                case "fan_out" -> f[1];
                case "fan_avg" -> (f[0] + f[1]) / 2;
                default -> throw new IllegalArgumentException("unknown fan mode " + mode);
            };
            double s = scale / Math.max(1, n);
            if (uniform) {
                double limit = Math.sqrt(3 * s);
                for (int k = 0; k < w.length; k++) w[k] = (float) (-limit + 2 * limit * rng.nextDouble());
            } else {
                double std = Math.sqrt(s) / TRUNCATED_STDDEV;
                for (int k = 0; k < w.length; k++) w[k] = (float) (std * truncated(rng));
            }
        };
    }

    /** U(-l, l), l = sqrt(6 / (fan_in + fan_out)). */
    public static Initializer glorotUniform() {
        return varianceScaling(1, "fan_avg", true);
    }

    public static Initializer glorotNormal() {
        return varianceScaling(1, "fan_avg", false);
    }

    public static Initializer heUniform() {
        return varianceScaling(2, "fan_in", true);
    }

    /** Truncated normal with effective stddev sqrt(2 / fan_in). */
    public static Initializer heNormal() {
        return varianceScaling(2, "fan_in", false);
    }

    public static Initializer lecunUniform() {
        return varianceScaling(1, "fan_in", true);
    }

    public static Initializer lecunNormal() {
        return varianceScaling(1, "fan_in", false);
    }

    public static Initializer orthogonal() {
        return orthogonal(1.0);
    }

    /**
     * Keras {@code Orthogonal(gain)}: the shape is flattened to {@code [prod(shape[:-1]), shape[-1]]}; a
     * standard normal matrix of that shape (transposed when it has fewer rows than columns) is
     * QR-factorised, Q's columns are multiplied by the signs of R's diagonal, and the result (transposed
     * back) is scaled by the gain. Rows or columns of the result are orthonormal.
     */
    public static Initializer orthogonal(double gain) {
        return (w, shape, rng) -> {
            int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
            int rows = w.length / Math.max(1, cols);
            boolean transpose = rows < cols;
            int m = transpose ? cols : rows, n = transpose ? rows : cols; // m >= n
            double[][] a = new double[m][n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i][j] = rng.nextGaussian();
            double[][] q = thinQ(a, m, n);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    w[i * cols + j] = (float) (gain * (transpose ? q[j][i] : q[i][j]));
                }
            }
        };
    }

    /**
     * Q of the thin QR factorisation of {@code a} (m x n, m >= n) by Householder reflections, with
     * each column's sign chosen so that R's diagonal is positive (the Keras sign correction).
     */
    static double[][] thinQ(double[][] a, int m, int n) {
        double[][] r = new double[m][];
        for (int i = 0; i < m; i++) r[i] = a[i].clone();
        double[][] vs = new double[n][];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm += r[i][k] * r[i][k];
            norm = Math.sqrt(norm);
            double alpha = r[k][k] > 0 ? -norm : norm;
            double[] v = new double[m];
            for (int i = k; i < m; i++) v[i] = r[i][k];
            v[k] -= alpha;
            double vn = 0;
            for (int i = k; i < m; i++) vn += v[i] * v[i];
            if (vn > 0) {
                for (int j = k; j < n; j++) {
                    double d = 0;
                    for (int i = k; i < m; i++) d += v[i] * r[i][j];
                    d = 2 * d / vn;
                    for (int i = k; i < m; i++) r[i][j] -= d * v[i];
                }
            }
            vs[k] = vn > 0 ? v : null;
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[][] q = new double[m][n];
        for (int j = 0; j < n; j++) q[j][j] = 1;
        for (int k = n - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) continue;
            double vn = 0;
            for (int i = k; i < m; i++) vn += v[i] * v[i];
            for (int j = 0; j < n; j++) {
                double d = 0;
                for (int i = k; i < m; i++) d += v[i] * q[i][j];
                d = 2 * d / vn;
                for (int i = k; i < m; i++) q[i][j] -= d * v[i];
            }
        }
        for (int j = 0; j < n; j++) {
            if (r[j][j] < 0) for (int i = 0; i < m; i++) q[i][j] = -q[i][j];
        }
        return q;
    }

    /**
     * An initializer by Keras name: zeros, ones, glorot_uniform, glorot_normal, he_uniform, he_normal,
     * lecun_uniform, lecun_normal, orthogonal, random_normal, random_uniform, truncated_normal.
     */
    public static Initializer byName(String name) {
        return switch (name) {
            case "zeros" -> zeros();
            case "ones" -> ones();
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_uniform" -> heUniform();
            case "he_normal" -> heNormal();
            case "lecun_uniform" -> lecunUniform();
            case "lecun_normal" -> lecunNormal();
            case "orthogonal" -> orthogonal();
            case "random_normal" -> randomNormal();
            case "random_uniform" -> randomUniform();
            case "truncated_normal" -> truncatedNormal(0, 0.05);
            default -> throw new IllegalArgumentException("unknown initializer '" + name + "'");
        };
    }
}
