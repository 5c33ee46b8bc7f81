package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;

/**
 * Small fused elementwise loops shared by the recurrent cells and normalisation kernels,
 * each with a vector body and the identical scalar loop as tail and twin
 * ({@code vec = false}). Outputs may alias inputs element for element.
 */
final class Lanes {
    private Lanes() {}

    /** {@code out = a * b}. */
    static void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n, boolean vec) {
        int i = 0;
        if (vec) for (int e = S.loopBound(n); i < e; i += L) v(a, ao + i).mul(v(b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
    }

    /** {@code out = a * b + c}. */
    static void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] out, int oo, int n, boolean vec) {
        int i = 0;
        if (vec) for (int e = S.loopBound(n); i < e; i += L) v(a, ao + i).fma(v(b, bo + i), v(c, co + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = Math.fma(a[ao + i], b[bo + i], c[co + i]);
    }

    /** {@code out = a + b}. */
    static void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n, boolean vec) {
        int i = 0;
        if (vec) for (int e = S.loopBound(n); i < e; i += L) v(a, ao + i).add(v(b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
    }

    /** {@code out = a - b}. */
    static void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n, boolean vec) {
        int i = 0;
        if (vec) for (int e = S.loopBound(n); i < e; i += L) v(a, ao + i).sub(v(b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
    }

    /** {@code out = z * p + (1 - z) * q}, the GRU interpolation, as {@code q + z * (p - q)}. */
    static void lerp(float[] z, int zo, float[] p, int po, float[] q, int qo, float[] out, int oo, int n, boolean vec) {
        int i = 0;
        if (vec) {
            for (int e = S.loopBound(n); i < e; i += L) {
                var vq = v(q, qo + i);
                v(z, zo + i).fma(v(p, po + i).sub(vq), vq).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) out[oo + i] = Math.fma(z[zo + i], p[po + i] - q[qo + i], q[qo + i]);
    }

    static FloatVector v(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    /** {@code y = f(x)} by the vector path or the scalar twin. */
    static void act(Activation f, float[] x, int xo, float[] y, int yo, int n, boolean vec) {
        if (vec) Activations.forwardVector(f, 0f, x, xo, y, yo, n);
        else Activations.forwardScalar(f, 0f, x, xo, y, yo, n);
    }

    /** {@code dx = dy * f'(x)} from the output {@code y = f(x)}. */
    static void actBack(Activation f, float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n, boolean vec) {
        if (vec) Activations.backwardFromOutputVector(f, 0f, y, yo, dy, dyo, dx, dxo, n);
        else Activations.backwardFromOutputScalar(f, 0f, y, yo, dy, dyo, dx, dxo, n);
    }

    static void requireFromOutput(Activation f) {
        if (!f.derivativeFromOutput()) {
            throw new IllegalArgumentException(f + " is not supported inside a recurrent cell (its derivative needs the input)");
        }
    }

    /** GEMM with an optional bias row: {@link Gemm} on the vector path, {@link GemmScalar} for the twin. */
    static void gemm(boolean vec, boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, int lda,
                     float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc, float[] bias, int biasOff) {
        if (vec) Gemm.sgemm(ta, tb, m, n, k, 1f, a, ao, lda, b, bo, ldb, beta, c, co, ldc, bias, biasOff, Epilogue.IDENTITY);
        else GemmScalar.sgemm(ta, tb, m, n, k, 1f, a, ao, lda, b, bo, ldb, beta, c, co, ldc, bias, biasOff, Epilogue.IDENTITY);
    }
}
