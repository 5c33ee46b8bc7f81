package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;

/**
 * Binary elementwise operations with broadcasting, plus {@code scale} and {@code axpy}.
 *
 * <p>The general form {@link #binary} writes a contiguous {@code [outer, inner]} result
 * {@code c[o][i] = a[o*aOs + i*aIs] OP b[o*bOs + i*bIs]} where each inner stride is 0 or 1.
 * That covers every broadcast of two operands after the caller merges adjacent axes:
 * same shape ({@code aOs = inner, aIs = 1}), a row vector broadcast over rows
 * ({@code bOs = 0, bIs = 1}), a column vector broadcast over columns ({@code bOs = 1,
 * bIs = 0}) and a scalar ({@code bOs = bIs = 0}). {@code c} may alias {@code a} or {@code b}
 * when their layout equals c's.
 */
public final class Elementwise {
    private Elementwise() {}

    /** The binary operators. */
    public enum Op { ADD, SUB, MUL, DIV, MAX, MIN }

    /** General broadcasting form; see the class comment. */
    public static void binary(Op op, int outer, int inner,
                              float[] a, int aOff, int aOs, int aIs,
                              float[] b, int bOff, int bOs, int bIs,
                              float[] c, int cOff) {
        checkStride(aIs);
        checkStride(bIs);
        if (Simd.scalar(inner)) binaryScalar(op, outer, inner, a, aOff, aOs, aIs, b, bOff, bOs, bIs, c, cOff);
        else binaryVector(op, outer, inner, a, aOff, aOs, aIs, b, bOff, bOs, bIs, c, cOff);
    }

    /** {@code c = a OP b} over {@code n} elements of equal shape. */
    public static void binary(Op op, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        binary(op, 1, n, a, aOff, 0, 1, b, bOff, 0, 1, c, cOff);
    }

    /** {@code c[r][j] = a[r][j] OP row[j]} for a {@code [rows, cols]} matrix and a row vector. */
    public static void binaryRow(Op op, int rows, int cols, float[] a, int aOff, float[] row, int rowOff,
                                 float[] c, int cOff) {
        binary(op, rows, cols, a, aOff, cols, 1, row, rowOff, 0, 1, c, cOff);
    }

    /** {@code c[r][j] = a[r][j] OP col[r]} for a {@code [rows, cols]} matrix and a column vector. */
    public static void binaryCol(Op op, int rows, int cols, float[] a, int aOff, float[] col, int colOff,
                                 float[] c, int cOff) {
        binary(op, rows, cols, a, aOff, cols, 1, col, colOff, 1, 0, c, cOff);
    }

    /** {@code c[i] = a[i] OP s}. */
    public static void binaryScalar(Op op, float[] a, int aOff, float s, float[] c, int cOff, int n) {
        float[] one = {s};
        binary(op, 1, n, a, aOff, 0, 1, one, 0, 0, 0, c, cOff);
    }

    /** {@code y[i] = alpha * x[i]} (y may alias x). */
    public static void scale(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.scalar(n)) { scaleScalar(alpha, x, xOff, y, yOff, n); return; }
        int b = S.loopBound(n), i = 0;
        for (; i < b; i += L) FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(y, yOff + i);
        scaleScalar(alpha, x, xOff + i, y, yOff + i, n - i);
    }

    public static void scaleScalar(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = alpha * x[xOff + i];
    }

    /** {@code y[i] += alpha * x[i]}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.scalar(n)) { axpyScalar(alpha, x, xOff, y, yOff, n); return; }
        int b = S.loopBound(n), i = 0;
        var va = FloatVector.broadcast(S, alpha);
        for (; i < b; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        axpyScalar(alpha, x, xOff + i, y, yOff + i, n - i);
    }

    public static void axpyScalar(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        // Written as one fused multiply-add so the scalar twin rounds like the vector path.
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
    }

    // ---------------------------------------------------------------- implementations

    static float apply(Op op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }

    public static void binaryScalar(Op op, int outer, int inner,
                                    float[] a, int aOff, int aOs, int aIs,
                                    float[] b, int bOff, int bOs, int bIs,
                                    float[] c, int cOff) {
        for (int o = 0; o < outer; o++) {
            int ar = aOff + o * aOs, br = bOff + o * bOs, cr = cOff + o * inner;
            for (int i = 0; i < inner; i++) c[cr + i] = apply(op, a[ar + i * aIs], b[br + i * bIs]);
        }
    }

    public static void binaryVector(Op op, int outer, int inner,
                                    float[] a, int aOff, int aOs, int aIs,
                                    float[] b, int bOff, int bOs, int bIs,
                                    float[] c, int cOff) {
        // One small method per operator: a switch inside one large loop body keeps C2 from
        // inlining the Vector API calls, and the vectors then get boxed.
        for (int o = 0; o < outer; o++) {
            int ar = aOff + o * aOs, br = bOff + o * bOs, cr = cOff + o * inner;
            int i = switch (op) {
                case ADD -> addRow(inner, a, ar, aIs, b, br, bIs, c, cr);
                case SUB -> subRow(inner, a, ar, aIs, b, br, bIs, c, cr);
                case MUL -> mulRow(inner, a, ar, aIs, b, br, bIs, c, cr);
                case DIV -> divRow(inner, a, ar, aIs, b, br, bIs, c, cr);
                case MAX -> maxRow(inner, a, ar, aIs, b, br, bIs, c, cr);
                case MIN -> minRow(inner, a, ar, aIs, b, br, bIs, c, cr);
            };
            for (; i < inner; i++) c[cr + i] = apply(op, a[ar + i * aIs], b[br + i * bIs]);
        }
    }

    private static int addRow(int inner, float[] a, int ar, int aIs, float[] b, int br, int bIs, float[] c, int cr) {
        int bound = S.loopBound(inner), i = 0;
        if (aIs == 0 && bIs == 0) return 0;   // both broadcast: the scalar tail does it
        if (aIs == 0) {
            FloatVector va = FloatVector.broadcast(S, a[ar]);
            for (; i < bound; i += L) va.add(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        } else if (bIs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[br]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).add(vb).intoArray(c, cr + i);
        } else {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).add(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        }
        return i;
    }

    private static int subRow(int inner, float[] a, int ar, int aIs, float[] b, int br, int bIs, float[] c, int cr) {
        int bound = S.loopBound(inner), i = 0;
        if (aIs == 0 && bIs == 0) return 0;   // both broadcast: the scalar tail does it
        if (aIs == 0) {
            FloatVector va = FloatVector.broadcast(S, a[ar]);
            for (; i < bound; i += L) va.sub(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        } else if (bIs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[br]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).sub(vb).intoArray(c, cr + i);
        } else {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).sub(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        }
        return i;
    }

    private static int mulRow(int inner, float[] a, int ar, int aIs, float[] b, int br, int bIs, float[] c, int cr) {
        int bound = S.loopBound(inner), i = 0;
        if (aIs == 0 && bIs == 0) return 0;   // both broadcast: the scalar tail does it
        if (aIs == 0) {
            FloatVector va = FloatVector.broadcast(S, a[ar]);
            for (; i < bound; i += L) va.mul(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        } else if (bIs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[br]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).mul(vb).intoArray(c, cr + i);
        } else {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).mul(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        }
        return i;
    }

    private static int divRow(int inner, float[] a, int ar, int aIs, float[] b, int br, int bIs, float[] c, int cr) {
        int bound = S.loopBound(inner), i = 0;
        if (aIs == 0 && bIs == 0) return 0;   // both broadcast: the scalar tail does it
        if (aIs == 0) {
            FloatVector va = FloatVector.broadcast(S, a[ar]);
            for (; i < bound; i += L) va.div(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        } else if (bIs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[br]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).div(vb).intoArray(c, cr + i);
        } else {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).div(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        }
        return i;
    }

    private static int maxRow(int inner, float[] a, int ar, int aIs, float[] b, int br, int bIs, float[] c, int cr) {
        int bound = S.loopBound(inner), i = 0;
        if (aIs == 0 && bIs == 0) return 0;   // both broadcast: the scalar tail does it
        if (aIs == 0) {
            FloatVector va = FloatVector.broadcast(S, a[ar]);
            for (; i < bound; i += L) va.max(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        } else if (bIs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[br]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).max(vb).intoArray(c, cr + i);
        } else {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).max(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        }
        return i;
    }

    private static int minRow(int inner, float[] a, int ar, int aIs, float[] b, int br, int bIs, float[] c, int cr) {
        int bound = S.loopBound(inner), i = 0;
        if (aIs == 0 && bIs == 0) return 0;   // both broadcast: the scalar tail does it
        if (aIs == 0) {
            FloatVector va = FloatVector.broadcast(S, a[ar]);
            for (; i < bound; i += L) va.min(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        } else if (bIs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[br]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).min(vb).intoArray(c, cr + i);
        } else {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ar + i).min(FloatVector.fromArray(S, b, br + i)).intoArray(c, cr + i);
        }
        return i;
    }

    private static void checkStride(int s) {
        if (s != 0 && s != 1) throw new IllegalArgumentException("inner stride must be 0 or 1: " + s);
    }
}
