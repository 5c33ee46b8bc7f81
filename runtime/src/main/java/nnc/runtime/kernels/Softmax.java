package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax and log-softmax along the last axis of a {@code [rows, cols]} matrix, numerically
 * stable (the row maximum is subtracted before exponentiating), with their backward passes.
 * Outputs may alias inputs.
 */
public final class Softmax {
    private Softmax() {}

    /** {@code y[r][j] = exp(x[r][j] - m_r) / sum_k exp(x[r][k] - m_r)}. */
    public static void softmax(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        if (Simd.scalar(cols)) softmaxScalar(x, xOff, y, yOff, rows, cols, false);
        else softmaxVector(x, xOff, y, yOff, rows, cols, false);
    }

    /** {@code y[r][j] = x[r][j] - m_r - log sum_k exp(x[r][k] - m_r)}. */
    public static void logSoftmax(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        if (Simd.scalar(cols)) softmaxScalar(x, xOff, y, yOff, rows, cols, true);
        else softmaxVector(x, xOff, y, yOff, rows, cols, true);
    }

    /** Softmax backward from its output: {@code dx = y * (dy - sum_j dy_j y_j)} per row. */
    public static void softmaxBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int rows, int cols) {
        softmaxBackward(y, yOff, dy, dyOff, dx, dxOff, rows, cols, !Simd.scalar(cols));
    }

    /** As above; {@code vector = false} runs the scalar twin. */
    public static void softmaxBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int rows, int cols,
                                       boolean vector) {
        boolean sc = !vector;
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * cols, dr = dyOff + r * cols, xr = dxOff + r * cols;
            float dot = sc ? dotScalar(y, yr, dy, dr, cols) : dotVector(y, yr, dy, dr, cols);
            int j = 0;
            if (!sc) {
                for (int b = S.loopBound(cols); j < b; j += L) {
                    var vy = FloatVector.fromArray(S, y, yr + j);
                    FloatVector.fromArray(S, dy, dr + j).sub(dot).mul(vy).intoArray(dx, xr + j);
                }
            }
            for (; j < cols; j++) dx[xr + j] = y[yr + j] * (dy[dr + j] - dot);
        }
    }

    /** Log-softmax backward from its output: {@code dx = dy - exp(y) * sum_j dy_j} per row. */
    public static void logSoftmaxBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int rows, int cols) {
        logSoftmaxBackward(y, yOff, dy, dyOff, dx, dxOff, rows, cols, !Simd.scalar(cols));
    }

    /** As above; {@code vector = false} runs the scalar twin. */
    public static void logSoftmaxBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int rows, int cols,
                                          boolean vector) {
        boolean sc = !vector;
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * cols, dr = dyOff + r * cols, xr = dxOff + r * cols;
            float sum = sc ? sumScalar(dy, dr, cols) : sumVector(dy, dr, cols);
            int j = 0;
            if (!sc) {
                for (int b = S.loopBound(cols); j < b; j += L) {
                    var e = FloatVector.fromArray(S, y, yr + j).lanewise(VectorOperators.EXP);
                    e.mul(-sum).add(FloatVector.fromArray(S, dy, dr + j)).intoArray(dx, xr + j);
                }
            }
            for (; j < cols; j++) dx[xr + j] = dy[dr + j] - (float) Math.exp(y[yr + j]) * sum;
        }
    }

    // ---------------------------------------------------------------- implementations

    public static void softmaxScalar(float[] x, int xOff, float[] y, int yOff, int rows, int cols, boolean log) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols, yr = yOff + r * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, x[xr + j]);
            float s = 0f;
            if (log) {
                for (int j = 0; j < cols; j++) s += (float) Math.exp(x[xr + j] - m);
                float lse = m + (float) Math.log(s);
                for (int j = 0; j < cols; j++) y[yr + j] = x[xr + j] - lse;
            } else {
                for (int j = 0; j < cols; j++) { float e = (float) Math.exp(x[xr + j] - m); y[yr + j] = e; s += e; }
                float inv = 1f / s;
                for (int j = 0; j < cols; j++) y[yr + j] *= inv;
            }
        }
    }

    public static void softmaxVector(float[] x, int xOff, float[] y, int yOff, int rows, int cols, boolean log) {
        int b = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols, yr = yOff + r * cols;
            float m = rowMax(x, xr, cols);
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            if (log) {
                for (; j < b; j += L) acc = acc.add(FloatVector.fromArray(S, x, xr + j).sub(m).lanewise(VectorOperators.EXP));
                float s = LaneSum.of(acc);
                for (; j < cols; j++) s += (float) Math.exp(x[xr + j] - m);
                float lse = m + (float) Math.log(s);
                for (j = 0; j < b; j += L) FloatVector.fromArray(S, x, xr + j).sub(lse).intoArray(y, yr + j);
                for (; j < cols; j++) y[yr + j] = x[xr + j] - lse;
            } else {
                for (; j < b; j += L) {
                    var e = FloatVector.fromArray(S, x, xr + j).sub(m).lanewise(VectorOperators.EXP);
                    e.intoArray(y, yr + j);
                    acc = acc.add(e);
                }
                float s = LaneSum.of(acc);
                for (; j < cols; j++) { float e = (float) Math.exp(x[xr + j] - m); y[yr + j] = e; s += e; }
                float inv = 1f / s;
                for (j = 0; j < b; j += L) FloatVector.fromArray(S, y, yr + j).mul(inv).intoArray(y, yr + j);
                for (; j < cols; j++) y[yr + j] *= inv;
            }
        }
    }

    static float rowMax(float[] x, int off, int n) {
        int j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int b = S.loopBound(n); j < b; j += L) acc = acc.max(FloatVector.fromArray(S, x, off + j));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) m = Math.max(m, x[off + j]);
        return m;
    }

    static float dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    static float dotVector(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bd = S.loopBound(n); i < bd; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float s = LaneSum.of(acc);
        for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    static float sumVector(float[] a, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bd = S.loopBound(n); i < bd; i += L) acc = acc.add(FloatVector.fromArray(S, a, off + i));
        float s = LaneSum.of(acc);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    static float sumScalar(float[] a, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += a[off + i];
        return s;
    }
}
