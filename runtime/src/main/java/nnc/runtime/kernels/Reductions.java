package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Sums, means and maxima over one axis of a contiguous tensor viewed as
 * {@code [outer, axis, inner]} (adjacent reduced axes can be merged by the caller):
 * {@code out[o][i] = sum_a x[o][a][i]}. Row sums are {@code (rows, cols, 1)}; column sums
 * (bias gradients) are {@code (1, rows, cols)}. Summation order is fixed, so results do not
 * depend on threads; the vector path (lanes over {@code inner}, or over the axis when
 * {@code inner == 1}) rounds differently from the scalar twin only by reassociation.
 */
public final class Reductions {
    private Reductions() {}

    /**
     * {@code out[o][i] = scale * sum_a x[o][a][i]}, or {@code +=} when {@code accumulate}.
     * Use {@code scale = 1} for sums and {@code 1 / axis} for means.
     */
    public static void sum(float[] x, int xOff, int outer, int axis, int inner, float scale,
                           float[] out, int outOff, boolean accumulate) {
        if (KernelConfig.scalar() || (inner == 1 ? axis < L : (inner >= L ? false : axis < 2 * L))) {
            sumScalar(x, xOff, outer, axis, inner, scale, out, outOff, accumulate);
        } else {
            sumVector(x, xOff, outer, axis, inner, scale, out, outOff, accumulate);
        }
    }

    /** Row sums of a {@code [rows, cols]} matrix: {@code out[r] = sum_j x[r][j]}. */
    public static void sumRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        sum(x, xOff, rows, cols, 1, 1f, out, outOff, false);
    }

    /** Column sums of a {@code [rows, cols]} matrix: {@code out[j] = sum_r x[r][j]}. */
    public static void sumCols(float[] x, int xOff, int rows, int cols, float[] out, int outOff, boolean accumulate) {
        sum(x, xOff, 1, rows, cols, 1f, out, outOff, accumulate);
    }

    /** Sum of {@code n} contiguous values. */
    public static float sumAll(float[] x, int xOff, int n) {
        float s = 0f;
        int i = 0;
        if (!Simd.scalar(n)) {
            FloatVector acc = FloatVector.zero(S);
            for (int b = S.loopBound(n); i < b; i += L) acc = acc.add(FloatVector.fromArray(S, x, xOff + i));
            s = LaneSum.of(acc);
        }
        for (; i < n; i++) s += x[xOff + i];
        return s;
    }

    public static void sumScalar(float[] x, int xOff, int outer, int axis, int inner, float scale,
                                 float[] out, int outOff, boolean accumulate) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float s = 0f;
                for (int a = 0; a < axis; a++) s += x[xOff + (o * axis + a) * inner + i];
                int k = outOff + o * inner + i;
                out[k] = accumulate ? out[k] + scale * s : scale * s;
            }
        }
    }

    public static void sumVector(float[] x, int xOff, int outer, int axis, int inner, float scale,
                                 float[] out, int outOff, boolean accumulate) {
        if (inner == 1) {
            sumLast(x, xOff, outer, axis, scale, out, outOff, accumulate);
            return;
        }
        if (inner < L) {
            sumNarrow(x, xOff, outer, axis, inner, scale, out, outOff, accumulate);
            return;
        }
        sumWide(x, xOff, outer, axis, inner, scale, out, outOff, accumulate);
    }

    // Separate small methods per layout: one large method with all three loops is not fully
    // inlined by C2, and its vectors get boxed.
    private static void sumLast(float[] x, int xOff, int outer, int axis, float scale,
                                float[] out, int outOff, boolean accumulate) {
        {
            // Lanes along the reduced axis, then one horizontal add per output.
            int b = S.loopBound(axis);
            for (int o = 0; o < outer; o++) {
                int base = xOff + o * axis;
                FloatVector acc = FloatVector.zero(S);
                int a = 0;
                for (; a < b; a += L) acc = acc.add(FloatVector.fromArray(S, x, base + a));
                float s = LaneSum.of(acc);
                for (; a < axis; a++) s += x[base + a];
                int k = outOff + o;
                out[k] = accumulate ? out[k] + scale * s : scale * s;
            }
        }
    }

    private static void sumWide(float[] x, int xOff, int outer, int axis, int inner, float scale,
                                float[] out, int outOff, boolean accumulate) {
        int b = S.loopBound(inner);
        for (int o = 0; o < outer; o++) {
            int i = 0;
            for (; i < b; i += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int a = 0; a < axis; a++) acc = acc.add(FloatVector.fromArray(S, x, xOff + (o * axis + a) * inner + i));
                int k = outOff + o * inner + i;
                acc = acc.mul(scale);
                if (accumulate) acc = acc.add(FloatVector.fromArray(S, out, k));
                acc.intoArray(out, k);
            }
            if (i < inner) {
                // Tail columns: same order as the scalar twin.
                for (int j = i; j < inner; j++) {
                    float s = 0f;
                    for (int a = 0; a < axis; a++) s += x[xOff + (o * axis + a) * inner + j];
                    int k = outOff + o * inner + j;
                    out[k] = accumulate ? out[k] + scale * s : scale * s;
                }
            }
        }
    }

    private static final ThreadLocal<float[]> WIDE = ThreadLocal.withInitial(() -> new float[L * L]);

    /**
     * Column sums of a matrix narrower than a vector (e.g. the bias gradient of a convolution
     * with 6 filters): every {@code L} consecutive rows form one wide row of {@code inner}
     * whole vectors, whose lanes are summed down the matrix and then folded back by column.
     */
    private static void sumNarrow(float[] x, int xOff, int outer, int axis, int inner, float scale,
                                  float[] out, int outOff, boolean accumulate) {
        int p = L * inner, groups = axis / L;
        float[] acc = WIDE.get();
        for (int o = 0; o < outer; o++) {
            int base = xOff + o * axis * inner;
            for (int j = 0; j < inner; j++) {
                FloatVector a = FloatVector.zero(S);
                for (int g = 0; g < groups; g++) a = a.add(FloatVector.fromArray(S, x, base + g * p + j * L));
                a.intoArray(acc, j * L);
            }
            for (int c = 0; c < inner; c++) {
                float s = 0f;
                for (int k = c; k < p; k += inner) s += acc[k];
                for (int r = groups * L; r < axis; r++) s += x[base + r * inner + c];
                int k = outOff + o * inner + c;
                out[k] = accumulate ? out[k] + scale * s : scale * s;
            }
        }
    }

    /**
     * Maximum and its first index along the last axis of {@code [rows, cols]}:
     * {@code max[r] = max_j x[r][j]}, {@code arg[r] = } the smallest such {@code j}.
     * {@code max} or {@code arg} may be null when not wanted.
     */
    public static void maxLast(float[] x, int xOff, int rows, int cols, float[] max, int maxOff, int[] arg, int argOff) {
        if (Simd.scalar(cols)) maxLastScalar(x, xOff, rows, cols, max, maxOff, arg, argOff);
        else maxLastVector(x, xOff, rows, cols, max, maxOff, arg, argOff);
    }

    public static void maxLastScalar(float[] x, int xOff, int rows, int cols, float[] max, int maxOff, int[] arg, int argOff) {
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols, best = 0;
            float m = x[base];
            for (int j = 1; j < cols; j++) if (x[base + j] > m) { m = x[base + j]; best = j; }
            if (max != null) max[maxOff + r] = m;
            if (arg != null) arg[argOff + r] = best;
        }
    }

    public static void maxLastVector(float[] x, int xOff, int rows, int cols, float[] max, int maxOff, int[] arg, int argOff) {
        int b = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < b; j += L) acc = acc.max(FloatVector.fromArray(S, x, base + j));
            float m = acc.reduceLanes(VectorOperators.MAX);
            for (; j < cols; j++) m = Math.max(m, x[base + j]);
            if (max != null) max[maxOff + r] = m;
            if (arg != null) {
                // Second pass finds the first position of the maximum (cheap: the row is in cache).
                int best = 0;
                while (best < cols - 1 && x[base + best] != m) best++;
                arg[argOff + r] = best;
            }
        }
    }
}
