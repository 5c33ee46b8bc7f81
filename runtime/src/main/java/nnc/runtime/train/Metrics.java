package nnc.runtime.train;

import java.util.Arrays;
import nnc.runtime.Tensor;

/**
 * The metrics of LANGUAGE.md, with Keras 3 semantics.
 * <ul>
 *   <li>{@code accuracy} picks its form from the shapes, as Keras does: a prediction with one value per
 *       vector is binary ({@code p > 0.5} compared with y); a target with one value per prediction
 *       vector of several classes is sparse (label == argmax p); otherwise categorical
 *       (argmax y == argmax p). Mean over vectors.</li>
 *   <li>{@code mse}, {@code mae}: per-vector mean over the last axis, then the mean over vectors;
 *       {@code rmse}: square root of the accumulated mse.</li>
 *   <li>{@code precision}, {@code recall}: every element is a binary decision {@code p > 0.5} against
 *       {@code y != 0} (Keras' default threshold), TP / (TP + FP) and TP / (TP + FN).</li>
 *   <li>{@code auc}: ROC AUC from 200 thresholds, trapezoidal rule (Keras' {@code AUC()} defaults).</li>
 *   <li>{@code confusion_matrix}: counts [true class][predicted class]; not a scalar.</li>
 * </ul>
 */
public final class Metrics {
    private Metrics() {}

    /** A metric by Keras name ({@code accuracy}/{@code acc}, {@code mse}, {@code mae}, {@code rmse}, {@code precision}, {@code recall}, {@code auc}, {@code confusion_matrix}). */
    public static Metric byName(String name) {
        return switch (name) {
            case "accuracy", "acc" -> accuracy();
            case "mse", "mean_squared_error" -> mse();
            case "mae", "mean_absolute_error" -> mae();
            case "rmse", "root_mean_squared_error" -> rmse();
            case "precision" -> precision();
            case "recall" -> recall();
            case "auc" -> auc();
            case "confusion_matrix" -> confusionMatrix();
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'");
        };
    }

    /** Class decision of vector {@code v}: binary threshold, sparse label or argmax. */
    enum Kind { BINARY, SPARSE, CATEGORICAL }

    static Kind kind(Tensor yTrue, Tensor yPred) {
        int w = yPred.dim(-1);
        if (w == 1) return Kind.BINARY;
        int vectorsPerSample = yPred.sampleSize() / w;
        return yTrue.sampleSize() == vectorsPerSample ? Kind.SPARSE : Kind.CATEGORICAL;
    }

    static int argmax(Tensor t, int offset, int w) {
        int best = 0;
        float bv = t.getFloat(offset);
        for (int k = 1; k < w; k++) {
            float x = t.getFloat(offset + k);
            if (x > bv) {
                bv = x;
                best = k;
            }
        }
        return best;
    }

    /** (true class, predicted class) of vector v; binary classes are 0/1. */
    static int trueClass(Kind kind, Tensor yTrue, int v, int w) {
        return switch (kind) {
            case BINARY -> yTrue.getFloat(v) > 0.5f ? 1 : 0;
            case SPARSE -> Losses.label(yTrue, v, w);
            case CATEGORICAL -> argmax(yTrue, v * w, w);
        };
    }

    static int predictedClass(Kind kind, Tensor yPred, int v, int w) {
        return kind == Kind.BINARY ? (yPred.getFloat(v) > 0.5f ? 1 : 0) : argmax(yPred, v * w, w);
    }

    /** Keras {@code accuracy}: binary, sparse or categorical by shapes. */
    public static Metric accuracy() {
        return new Mean("accuracy") {
            @Override
            void add(Tensor yTrue, Tensor yPred, int rows) {
                Kind kind = kind(yTrue, yPred);
                int w = yPred.dim(-1), vectors = rows * yPred.sampleSize() / w;
                for (int v = 0; v < vectors; v++) {
                    boolean hit = kind == Kind.BINARY
                            ? (yPred.getFloat(v) > 0.5f ? 1f : 0f) == yTrue.getFloat(v)
                            : trueClass(kind, yTrue, v, w) == predictedClass(kind, yPred, v, w);
                    sum += hit ? 1 : 0;
                }
                count += vectors;
            }
        };
    }

    public static Metric mse() {
        return new Mean("mse") {
            @Override
            void add(Tensor yTrue, Tensor yPred, int rows) {
                addPerVector(yTrue, yPred, rows, false);
            }
        };
    }

    public static Metric mae() {
        return new Mean("mae") {
            @Override
            void add(Tensor yTrue, Tensor yPred, int rows) {
                addPerVector(yTrue, yPred, rows, true);
            }
        };
    }

    public static Metric rmse() {
        return new Mean("rmse") {
            @Override
            void add(Tensor yTrue, Tensor yPred, int rows) {
                addPerVector(yTrue, yPred, rows, false);
            }

            @Override
            public double result() {
                return Math.sqrt(super.result());
            }
        };
    }

    public static Metric precision() {
        return new BinaryCounts("precision", true);
    }

    public static Metric recall() {
        return new BinaryCounts("recall", false);
    }

    public static Metric auc() {
        return new Auc(200);
    }

    public static Metric confusionMatrix() {
        return new ConfusionMatrix();
    }

    /** Mean of per-vector values, weighted by the number of vectors (Keras' MeanMetricWrapper). */
    abstract static class Mean implements Metric {
        private final String name;
        double sum;
        long count;

        Mean(String name) {
            this.name = name;
        }

        abstract void add(Tensor yTrue, Tensor yPred, int rows);

        void addPerVector(Tensor yTrue, Tensor yPred, int rows, boolean absolute) {
            int w = yPred.dim(-1), n = rows * yPred.sampleSize();
            if (yTrue.sampleSize() != yPred.sampleSize()) {
                throw new IllegalArgumentException(name + ": target " + yTrue + " does not match prediction " + yPred);
            }
            for (int k = 0; k < n; k++) {
                double e = yTrue.getFloat(k) - yPred.getFloat(k);
                sum += (absolute ? Math.abs(e) : e * e) / w;
            }
            count += n / w;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void reset() {
            sum = 0;
            count = 0;
        }

        @Override
        public void update(Tensor yTrue, Tensor yPred, int rows) {
            add(yTrue, yPred, rows);
        }

        @Override
        public double result() {
            return count == 0 ? 0 : sum / count;
        }
    }

    /** Precision or recall over all elements with threshold 0.5. */
    static final class BinaryCounts implements Metric {
        private final String name;
        private final boolean precision;
        private long tp, fp, fn;

        BinaryCounts(String name, boolean precision) {
            this.name = name;
            this.precision = precision;
        }

        public String name() {
            return name;
        }

        public void reset() {
            tp = fp = fn = 0;
        }

        public void update(Tensor yTrue, Tensor yPred, int rows) {
            int n = rows * yPred.sampleSize();
            for (int k = 0; k < n; k++) {
                boolean t = yTrue.getFloat(k) != 0f, p = yPred.getFloat(k) > 0.5f;
                if (t && p) tp++;
                else if (p) fp++;
                else if (t) fn++;
            }
        }

        public double result() {
            long d = tp + (precision ? fp : fn);
            return d == 0 ? 0 : (double) tp / d;
        }
    }

    /**
     * ROC AUC over fixed thresholds {@code -eps, 1/(n-1), …, (n-2)/(n-1), 1+eps}; trapezoidal sum. A
     * prediction counts as positive at threshold i when {@code p > t_i}; instead of testing every
     * threshold, each prediction is binned by how many thresholds lie below it (binary search), and the
     * per-threshold counts are suffix sums of those bins.
     */
    static final class Auc implements Metric {
        private final double[] thresholds;
        private final long[] posBins, negBins; // bin c: predictions above exactly c thresholds

        Auc(int n) {
            thresholds = new double[n];
            for (int i = 1; i < n - 1; i++) thresholds[i] = (double) i / (n - 1);
            thresholds[0] = -1e-7;
            thresholds[n - 1] = 1 + 1e-7;
            posBins = new long[n + 1];
            negBins = new long[n + 1];
        }

        public String name() {
            return "auc";
        }

        public void reset() {
            Arrays.fill(posBins, 0);
            Arrays.fill(negBins, 0);
        }

        /** Number of thresholds strictly below p. */
        private int above(double p) {
            int lo = 0, hi = thresholds.length; // invariant: t[i] < p for i < lo, t[i] >= p for i >= hi
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (thresholds[mid] < p) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        public void update(Tensor yTrue, Tensor yPred, int rows) {
            int n = rows * yPred.sampleSize();
            for (int k = 0; k < n; k++) {
                int c = above(yPred.getFloat(k));
                if (yTrue.getFloat(k) > 0.5f) posBins[c]++;
                else negBins[c]++;
            }
        }

        public double result() {
            int n = thresholds.length;
            long[] tp = new long[n], fp = new long[n];
            long p = 0, q = 0;
            for (int c = n; c >= 1; c--) { // positive at threshold i when c > i
                p += posBins[c];
                q += negBins[c];
                tp[c - 1] = p;
                fp[c - 1] = q;
            }
            long totalPos = p + posBins[0], totalNeg = q + negBins[0];
            double area = 0;
            for (int i = 0; i < n - 1; i++) {
                double tpr0 = rate(tp[i], totalPos), tpr1 = rate(tp[i + 1], totalPos);
                double fpr0 = rate(fp[i], totalNeg), fpr1 = rate(fp[i + 1], totalNeg);
                area += (fpr0 - fpr1) * (tpr0 + tpr1) / 2;
            }
            return area;
        }

        private static double rate(long a, long total) {
            return total == 0 ? 0 : (double) a / total;
        }
    }

    /** Counts of (true class, predicted class); binary outputs have classes 0 and 1. */
    public static final class ConfusionMatrix implements Metric {
        private long[][] counts = new long[0][0];

        public String name() {
            return "confusion_matrix";
        }

        public void reset() {
            counts = new long[0][0];
        }

        public void update(Tensor yTrue, Tensor yPred, int rows) {
            Kind kind = kind(yTrue, yPred);
            int w = yPred.dim(-1), vectors = rows * yPred.sampleSize() / w;
            int classes = kind == Kind.BINARY ? 2 : w;
            if (counts.length < classes) {
                long[][] c = new long[classes][classes];
                for (int i = 0; i < counts.length; i++) System.arraycopy(counts[i], 0, c[i], 0, counts.length);
                counts = c;
            }
            for (int v = 0; v < vectors; v++) {
                counts[trueClass(kind, yTrue, v, w)][predictedClass(kind, yPred, v, w)]++;
            }
        }

        /** The matrix [true][predicted] (a copy). */
        public long[][] matrix() {
            long[][] c = new long[counts.length][];
            for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
            return c;
        }

        /** Accuracy implied by the matrix (trace / total). */
        public double result() {
            long trace = 0, total = 0;
            for (int i = 0; i < counts.length; i++) {
                for (int j = 0; j < counts.length; j++) {
                    total += counts[i][j];
                    if (i == j) trace += counts[i][j];
                }
            }
            return total == 0 ? 0 : (double) trace / total;
        }

        public boolean scalar() {
            return false;
        }

        public String report() {
            StringBuilder sb = new StringBuilder("confusion_matrix (rows: true class, columns: predicted)\n");
            int width = 1;
            for (long[] r : counts) for (long x : r) width = Math.max(width, Long.toString(x).length());
            for (long[] r : counts) {
                for (int j = 0; j < r.length; j++) {
                    sb.append(j == 0 ? "  " : " ").append(String.format("%" + width + "d", r[j]));
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }
}
