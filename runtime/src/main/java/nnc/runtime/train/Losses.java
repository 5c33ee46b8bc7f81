package nnc.runtime.train;

import nnc.runtime.Tensor;

/**
 * The losses of LANGUAGE.md with the definitions of CONVENTIONS.md (Keras 3):
 * <ul>
 *   <li>{@code mse}: mean over the last axis of {@code (y - p)^2}; {@code mae}: of {@code |y - p|}.</li>
 *   <li>{@code binary_crossentropy}: p clipped to {@code [1e-7, 1 - 1e-7]}; mean over the last axis of
 *       {@code -(y log p + (1 - y) log(1 - p))}.</li>
 *   <li>{@code categorical_crossentropy}: p clipped likewise; {@code -sum(y log p)} over the last axis.</li>
 *   <li>{@code sparse_categorical_crossentropy}: {@code -log(clip(p[label]))}, the label an integer per vector.</li>
 *   <li>{@code kl_divergence}: y and p clipped to {@code [1e-7, 1]}; {@code sum(y log(y / p))}.</li>
 *   <li>{@code huber(delta = 1)}: {@code 0.5 e^2} where {@code |e| <= delta}, else
 *       {@code delta |e| - 0.5 delta^2}, with {@code e = p - y}; mean over the last axis.</li>
 * </ul>
 */
public final class Losses {
    /** Keras' {@code epsilon()}, used for clipping probabilities. */
    public static final double EPSILON = 1e-7;

    private Losses() {}

    public static Loss mse() {
        return new Elementwise("mse") {
            double f(double y, double p) { return (y - p) * (y - p); }
            double df(double y, double p) { return 2 * (p - y); }
        };
    }

    public static Loss mae() {
        return new Elementwise("mae") {
            double f(double y, double p) { return Math.abs(y - p); }
            double df(double y, double p) { return Math.signum(p - y); }
        };
    }

    public static Loss binaryCrossentropy() {
        return new Elementwise("binary_crossentropy") {
            double f(double y, double p) {
                double q = clip(p, EPSILON, 1 - EPSILON);
                return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
            }

            double df(double y, double p) {
                if (p < EPSILON || p > 1 - EPSILON) return 0;
                return -y / p + (1 - y) / (1 - p);
            }
        };
    }

    public static Loss huber(double delta) {
        return new Elementwise("huber") {
            double f(double y, double p) {
                double e = Math.abs(p - y);
                return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
            }

            double df(double y, double p) {
                double e = p - y;
                return Math.abs(e) <= delta ? e : delta * Math.signum(e);
            }
        };
    }

    public static Loss huber() {
        return huber(1.0);
    }

    public static Loss categoricalCrossentropy() {
        return new Summed("categorical_crossentropy") {
            double f(double y, double p) { return -y * Math.log(clip(p, EPSILON, 1 - EPSILON)); }
            double df(double y, double p) { return p < EPSILON || p > 1 - EPSILON ? 0 : -y / p; }
        };
    }

    public static Loss klDivergence() {
        return new Summed("kl_divergence") {
            double f(double y, double p) {
                double yc = clip(y, EPSILON, 1), pc = clip(p, EPSILON, 1);
                return yc * Math.log(yc / pc);
            }

            double df(double y, double p) {
                if (p < EPSILON || p > 1) return 0;
                return -clip(y, EPSILON, 1) / p;
            }
        };
    }

    public static Loss sparseCategoricalCrossentropy() {
        return new Loss() {
            public String name() { return "sparse_categorical_crossentropy"; }

            public double value(Tensor yTrue, Tensor yPred, int rows) {
                int w = yPred.dim(-1), vectors = rows * yPred.sampleSize() / w;
                float[] p = yPred.floats();
                double s = 0;
                for (int v = 0; v < vectors; v++) {
                    int c = label(yTrue, v, w);
                    s += -Math.log(clip(p[v * w + c], EPSILON, 1 - EPSILON));
                }
                return vectors == 0 ? 0 : s / vectors;
            }

            public void gradient(Tensor yTrue, Tensor yPred, int rows, float[] grad) {
                int w = yPred.dim(-1), vectors = rows * yPred.sampleSize() / w;
                float[] p = yPred.floats();
                java.util.Arrays.fill(grad, 0, vectors * w, 0f);
                for (int v = 0; v < vectors; v++) {
                    int c = label(yTrue, v, w);
                    double q = p[v * w + c];
                    grad[v * w + c] = q < EPSILON || q > 1 - EPSILON ? 0f : (float) (-1 / q / vectors);
                }
            }
        };
    }

    /** The class index of vector {@code v} in a sparse target (int or integral float). */
    static int label(Tensor yTrue, int v, int classes) {
        float f = yTrue.getFloat(v);
        int c = (int) f;
        if (c != f || c < 0 || c >= classes) {
            throw new IllegalArgumentException("sparse label " + f + " is not a class index in [0, " + classes + ")");
        }
        return c;
    }

    /** A loss by Keras name or alias ({@code mse}/{@code mean_squared_error}, …). */
    public static Loss byName(String name) {
        return switch (name) {
            case "mse", "mean_squared_error" -> mse();
            case "mae", "mean_absolute_error" -> mae();
            case "binary_crossentropy" -> binaryCrossentropy();
            case "categorical_crossentropy" -> categoricalCrossentropy();
            case "sparse_categorical_crossentropy" -> sparseCategoricalCrossentropy();
            case "kl_divergence", "kld", "kullback_leibler_divergence" -> klDivergence();
            case "huber", "huber_loss" -> huber();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'");
        };
    }

    static double clip(double x, double lo, double hi) {
        return x < lo ? lo : x > hi ? hi : x;
    }

    /** A loss that is a function of each (y, p) pair, averaged over the last axis. */
    private abstract static class Elementwise implements Loss {
        private final String name;

        Elementwise(String name) { this.name = name; }

        abstract double f(double y, double p);

        abstract double df(double y, double p);

        /** Whether the last axis is summed (true) or averaged (false). */
        boolean summed() { return false; }

        public String name() { return name; }

        public double value(Tensor yTrue, Tensor yPred, int rows) {
            int w = yPred.dim(-1), n = rows * yPred.sampleSize(), vectors = n / w;
            check(yTrue, yPred, rows);
            float[] p = yPred.floats();
            double s = 0;
            for (int k = 0; k < n; k++) s += f(yTrue.getFloat(k), p[k]);
            return vectors == 0 ? 0 : (summed() ? s : s / w) / vectors;
        }

        public void gradient(Tensor yTrue, Tensor yPred, int rows, float[] grad) {
            int w = yPred.dim(-1), n = rows * yPred.sampleSize(), vectors = n / w;
            check(yTrue, yPred, rows);
            float[] p = yPred.floats();
            double scale = summed() ? 1.0 / vectors : 1.0 / ((double) vectors * w);
            for (int k = 0; k < n; k++) grad[k] = (float) (df(yTrue.getFloat(k), p[k]) * scale);
        }

        private void check(Tensor yTrue, Tensor yPred, int rows) {
            if (yTrue.sampleSize() != yPred.sampleSize()) {
                throw new IllegalArgumentException(name + ": target " + yTrue + " does not match prediction " + yPred);
            }
        }

        @Override
        public String toString() { return name; }
    }

    /** An elementwise term summed over the last axis (cross-entropy, KL). */
    private abstract static class Summed extends Elementwise {
        Summed(String name) { super(name); }

        @Override
        boolean summed() { return true; }
    }
}
