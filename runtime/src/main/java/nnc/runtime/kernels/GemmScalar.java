package nnc.runtime.kernels;

/**
 * The scalar twin of {@link Gemm}: plain loops, the reference every fast path is tested
 * against, and the path {@code -Dnnc.scalar=true} forces.
 *
 * <p>Layout: row-major. {@code op(A)} is {@code m x k}: element {@code (i, p)} is
 * {@code a[aOff + i*lda + p]}, or {@code a[aOff + p*lda + i]} when {@code transA}.
 * {@code op(B)} is {@code k x n}: element {@code (p, j)} is {@code b[bOff + p*ldb + j]}, or
 * {@code b[bOff + j*ldb + p]} when {@code transB}. {@code C} is {@code m x n}: element
 * {@code (i, j)} is {@code c[cOff + i*ldc + j]}. When {@code beta == 0}, C is not read (so a
 * NaN in uninitialised output does not leak), as in BLAS.
 */
public final class GemmScalar {
    private GemmScalar() {}

    /** {@code C = alpha * op(A) op(B) + beta * C}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                null, 0, Epilogue.IDENTITY);
    }

    /** {@code C = act(alpha * op(A) op(B) + beta * C + bias[col])}; {@code bias} may be null. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s = Math.fma(av, bv, s);
                }
                int ci = cOff + i * ldc + j;
                float v = alpha * s;
                if (beta != 0f) {
                    v = Math.fma(beta, c[ci], v);
                }
                if (bias != null) {
                    v += bias[biasOff + j];
                }
                c[ci] = act.apply(v);
            }
        }
    }
}
