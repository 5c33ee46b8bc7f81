package nnc.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import nnc.runtime.kernels.Epilogue;
import nnc.runtime.kernels.Gemm;
import nnc.runtime.kernels.KernelConfig;

/**
 * The GEMM entry point of generated code. Products with very few rows (one-sample
 * prediction: {@code m <= 4}, no transposes) skip the packing that pays off for large
 * matrices and run a row-times-matrix loop that keeps a block of output columns in vector
 * registers while it streams the rows of B; everything else goes to
 * {@link Gemm#sgemm}. Same arguments and semantics as {@code Gemm.sgemm} with
 * {@code alpha = 1, beta = 0}.
 */
public final class SmallGemm {
    private SmallGemm() {}

    /** Rows up to which the register-blocked row loop is used. */
    public static final int MAX_ROWS = 4;

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act) {
        if (transA || transB || m > MAX_ROWS || alpha != 1f || beta != 0f || KernelConfig.scalar()) {
            Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act);
            return;
        }
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int lanes = s.length();
        for (int i = 0; i < m; i++) {
            int arow = aOff + i * lda, crow = cOff + i * ldc;
            int j = 0;
            // four vectors of columns at a time, accumulated over all of k in registers
            for (; j + 4 * lanes <= n; j += 4 * lanes) {
                FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.broadcast(s, a[arow + p]);
                    int br = bOff + p * ldb + j;
                    c0 = FloatVector.fromArray(s, b, br).fma(av, c0);
                    c1 = FloatVector.fromArray(s, b, br + lanes).fma(av, c1);
                    c2 = FloatVector.fromArray(s, b, br + 2 * lanes).fma(av, c2);
                    c3 = FloatVector.fromArray(s, b, br + 3 * lanes).fma(av, c3);
                }
                c0.intoArray(c, crow + j);
                c1.intoArray(c, crow + j + lanes);
                c2.intoArray(c, crow + j + 2 * lanes);
                c3.intoArray(c, crow + j + 3 * lanes);
            }
            for (; j + lanes <= n; j += lanes) {
                FloatVector c0 = FloatVector.zero(s);
                for (int p = 0; p < k; p++) {
                    c0 = FloatVector.fromArray(s, b, bOff + p * ldb + j).fma(FloatVector.broadcast(s, a[arow + p]), c0);
                }
                c0.intoArray(c, crow + j);
            }
            for (; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = Math.fma(a[arow + p], b[bOff + p * ldb + j], acc);
                c[crow + j] = acc;
            }
            for (int q = 0; q < n; q++) {
                float v = c[crow + q] + (bias != null ? bias[biasOff + q] : 0f);
                c[crow + q] = act == null ? v : act.apply(v);
            }
        }
    }
}
