package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Output activation fused with its cross-entropy (CONVENTIONS.md, "Losses"): softmax +
 * categorical cross-entropy and sigmoid + binary cross-entropy over {@code [rows, cols]}
 * logits, batch = rows.
 *
 * <p>The loss agrees with Keras' unfused definition: probabilities are clipped to
 * {@code [1e-7, 1 - 1e-7]} before the log, here done on the stably computed log-probability.
 * The gradient with respect to the logits is the fused one, {@code p - y} (divided by the
 * batch, and for binary cross-entropy also by the number of columns, since Keras takes the
 * mean over the last axis), times the upstream gradient of the loss.
 */
public final class FusedLosses {
    private FusedLosses() {}

    /** Keras' probability clip. */
    public static final float EPSILON = 1e-7f;
    static final float LOG_LO = (float) Math.log(EPSILON);
    static final float LOG_HI = (float) Math.log(1f - EPSILON);

    /**
     * Softmax of {@code logits} into {@code probs} and the batch-mean categorical
     * cross-entropy against {@code labels} (one-hot or soft), returned.
     */
    public static float softmaxCrossEntropy(float[] logits, int lOff, float[] labels, int yOff,
                                            float[] probs, int pOff, int rows, int cols) {
        return softmaxCrossEntropy(logits, lOff, labels, yOff, probs, pOff, rows, cols, !Simd.scalar(cols));
    }

    /** As above; {@code vector = false} runs the scalar twin. */
    public static float softmaxCrossEntropy(float[] logits, int lOff, float[] labels, int yOff,
                                            float[] probs, int pOff, int rows, int cols, boolean vector) {
        double total = 0;
        int b = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xr = lOff + r * cols, yr = yOff + r * cols, pr = pOff + r * cols;
            float m = vector ? Softmax.rowMax(logits, xr, cols) : rowMaxScalar(logits, xr, cols);
            float s = 0f;
            int j = 0;
            if (vector) {
                FloatVector acc = FloatVector.zero(S);
                for (; j < b; j += L) acc = acc.add(FloatVector.fromArray(S, logits, xr + j).sub(m).lanewise(VectorOperators.EXP));
                s = LaneSum.of(acc);
            }
            for (; j < cols; j++) s += (float) Math.exp(logits[xr + j] - m);
            float lse = m + (float) Math.log(s);
            // log p = x - lse, clipped like Keras; p = exp(log p) (unclipped) for the gradient.
            float loss = 0f;
            j = 0;
            if (vector) {
                FloatVector acc = FloatVector.zero(S);
                for (; j < b; j += L) {
                    var lp = FloatVector.fromArray(S, logits, xr + j).sub(lse);
                    lp.lanewise(VectorOperators.EXP).intoArray(probs, pr + j);
                    acc = lp.max(LOG_LO).min(LOG_HI).mul(FloatVector.fromArray(S, labels, yr + j)).add(acc);
                }
                loss = LaneSum.of(acc);
            }
            for (; j < cols; j++) {
                float lp = logits[xr + j] - lse;
                probs[pr + j] = (float) Math.exp(lp);
                loss += labels[yr + j] * Math.min(Math.max(lp, LOG_LO), LOG_HI);
            }
            total -= loss;
        }
        return (float) (total / rows);
    }

    /** {@code dLogits = upstream * (probs - labels) / rows}. */
    public static void softmaxCrossEntropyBackward(float[] probs, int pOff, float[] labels, int yOff,
                                                   float[] dLogits, int dOff, int rows, int cols, float upstream) {
        diffScaled(probs, pOff, labels, yOff, dLogits, dOff, rows * cols, upstream / rows, !Simd.scalar(rows * cols));
    }

    /**
     * Sigmoid of {@code logits} into {@code probs} and the binary cross-entropy (mean over the
     * last axis, then over the batch) against {@code labels}, returned.
     */
    public static float sigmoidBinaryCrossEntropy(float[] logits, int lOff, float[] labels, int yOff,
                                                  float[] probs, int pOff, int rows, int cols) {
        return sigmoidBinaryCrossEntropy(logits, lOff, labels, yOff, probs, pOff, rows, cols, !Simd.scalar(cols));
    }

    /** As above; {@code vector = false} runs the scalar twin. */
    public static float sigmoidBinaryCrossEntropy(float[] logits, int lOff, float[] labels, int yOff,
                                                  float[] probs, int pOff, int rows, int cols, boolean vector) {
        double total = 0;
        int b = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xr = lOff + r * cols, yr = yOff + r * cols, pr = pOff + r * cols;
            float loss = 0f;
            int j = 0;
            if (vector) {
                FloatVector acc = FloatVector.zero(S);
                for (; j < b; j += L) {
                    var x = FloatVector.fromArray(S, logits, xr + j);
                    var y = FloatVector.fromArray(S, labels, yr + j);
                    // log(1 + exp(-|x|)) is shared by log p = -softplus(-x) and log(1-p) = -softplus(x).
                    var e = x.abs().neg().lanewise(VectorOperators.EXP);
                    var l1p = e.lanewise(VectorOperators.LOG1P);
                    var logP = x.neg().max(0f).add(l1p).neg().max(LOG_LO).min(LOG_HI);
                    var logQ = x.max(0f).add(l1p).neg().max(LOG_LO).min(LOG_HI);
                    acc = acc.add(y.mul(logP).add(y.neg().add(1f).mul(logQ)));
                    Activations.sigmoid(x).intoArray(probs, pr + j);
                }
                loss = LaneSum.of(acc);
            }
            for (; j < cols; j++) {
                float x = logits[xr + j], y = labels[yr + j];
                float l1p = (float) Math.log1p(Math.exp(-Math.abs(x)));
                float logP = Math.min(Math.max(-(Math.max(-x, 0f) + l1p), LOG_LO), LOG_HI);
                float logQ = Math.min(Math.max(-(Math.max(x, 0f) + l1p), LOG_LO), LOG_HI);
                loss += y * logP + (1f - y) * logQ;
                probs[pr + j] = 1f / (1f + (float) Math.exp(-x));
            }
            total -= loss / cols;
        }
        return (float) (total / rows);
    }

    /** {@code dLogits = upstream * (probs - labels) / (rows * cols)}. */
    public static void sigmoidBinaryCrossEntropyBackward(float[] probs, int pOff, float[] labels, int yOff,
                                                         float[] dLogits, int dOff, int rows, int cols, float upstream) {
        diffScaled(probs, pOff, labels, yOff, dLogits, dOff, rows * cols, upstream / ((float) rows * cols),
                !Simd.scalar(rows * cols));
    }

    /** {@code d[i] = scale * (p[i] - y[i])}; {@code vector = false} runs the scalar twin. */
    public static void diffScaled(float[] p, int pOff, float[] y, int yOff, float[] d, int dOff, int n, float scale,
                                  boolean vector) {
        int i = 0;
        if (vector) {
            for (int b = S.loopBound(n); i < b; i += L) {
                FloatVector.fromArray(S, p, pOff + i).sub(FloatVector.fromArray(S, y, yOff + i)).mul(scale).intoArray(d, dOff + i);
            }
        }
        for (; i < n; i++) d[dOff + i] = (p[pOff + i] - y[yOff + i]) * scale;
    }

    private static float rowMaxScalar(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) m = Math.max(m, x[off + j]);
        return m;
    }
}
