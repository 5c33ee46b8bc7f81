package nnc.runtime.kernels;

/**
 * Single-precision matrix multiply over row-major {@code float[]} with offsets and leading
 * dimensions: {@code C = act(alpha * op(A) op(B) + beta * C + bias[col])}.
 *
 * <p>Layout and conventions are those of {@link GemmScalar}: {@code op(A)} is {@code m x k},
 * {@code op(B)} is {@code k x n}, {@code C} is {@code m x n}; when {@code beta == 0}, C is not
 * read. Work is split across {@link KernelConfig#threads()} threads on the
 * {@link WorkerPool#shared() shared pool}; the result is bit-identical for a given thread count.
 * {@code -Dnnc.scalar=true} routes every call to {@link GemmScalar}.
 */
public final class Gemm {
    private Gemm() {}

    /** {@code C[m x n] = alpha * op(A) op(B) + beta * C}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                null, 0, Epilogue.IDENTITY, KernelConfig.threads());
    }

    /** {@code C = act(alpha * op(A) op(B) + beta * C + bias[col])}; {@code bias} may be null. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, KernelConfig.threads());
    }

    /**
     * As above with an explicit thread count (at least 1). The work is split by {@code threads}
     * alone, so the result is the same bits for the same {@code threads} whatever pool runs it.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act, int threads) {
        if (act == null) {
            act = Epilogue.IDENTITY;
        }
        if (KernelConfig.scalar()) {
            GemmScalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                    c, cOff, ldc, bias, biasOff, act);
            return;
        }
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || threads < 1) {
            // Nothing to multiply: C = act(beta * C + bias), which the plain loops do as fast.
            GemmScalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                    c, cOff, ldc, bias, biasOff, act);
            return;
        }
        GemmDriver.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                c, cOff, ldc, bias, biasOff, act, threads);
    }
}
