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
        boolean rowsFit = alpha == 1f && beta == 0f && !KernelConfig.scalar() && m > 0 && n > 0;
        if (rowsFit && !transA && !transB && m <= MAX_ROWS) {
            rows(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
        } else if (rowsFit && ROWS_MID && (long) m * n * k <= ROWS_MAX_MACS) {
            float[] bt = b;
            int bo = bOff, bs = ldb;
            if (transB) {
                bt = scratch(k * n);
                transpose(b, bOff, ldb, n, k, bt);
                bo = 0;
                bs = n;
            }
            // op(A)[i, p] is a[aOff + i * lda + p], or a[aOff + p * lda + i] when transposed
            rows(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, bt, bo, bs, c, cOff, ldc, bias, biasOff, act);
        } else {
            Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act);
        }
    }

    /**
     * Mid-sized products (up to this many multiply-adds; 30 x 256 x 256 is about 2M) also take
     * the row loop below rather than the packed {@link Gemm}: a short training job (iris)
     * otherwise spends seconds before C2 has compiled the packed kernels, all of which it
     * runs, while this loop is one method. {@code -Dnnc.gemm.rows=false} turns it off.
     */
    public static final long ROWS_MAX_MACS = 1L << 22;

    private static final boolean ROWS_MID = !"false".equals(System.getProperty("nnc.gemm.rows"));

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][]);

    private static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0] == null || holder[0].length < size) holder[0] = new float[Math.max(size, 64)];
        return holder[0];
    }

    /**
     * dst[p * n + j] = b[bOff + j * ldb + p] in 16 x 16 tiles: a plain column walk strides
     * through memory by a power of two (ldb = 256 floats) and thrashes a few cache sets.
     */
    static void transpose(float[] b, int bOff, int ldb, int n, int k, float[] dst) {
        final int t = 16;
        for (int j0 = 0; j0 < n; j0 += t) {
            int j1 = Math.min(n, j0 + t);
            for (int p0 = 0; p0 < k; p0 += t) {
                int p1 = Math.min(k, p0 + t);
                for (int j = j0; j < j1; j++) {
                    int src = bOff + j * ldb;
                    for (int p = p0; p < p1; p++) dst[p * n + j] = b[src + p];
                }
            }
        }
    }

    /** C = act(op(A) B + bias) row by row; op(A)[i, p] = a[aOff + i * aRow + p * aCol]. */
    private static void rows(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int lanes = s.length();
        for (int i = 0; i < m; i++) {
            int arow = aOff + i * aRow, crow = cOff + i * ldc;
            int j = 0;
            // Eight vectors of columns at a time, accumulated over all of k in registers: a
            // one-row product is bound by the FMA latency (about 4 cycles) of each
            // accumulator chain, and eight independent chains keep both FMA ports busy
            // (four left half of them idle: 3.3 instead of 1.7 us for 256 x 256 here).
            for (; j + 8 * lanes <= n; j += 8 * lanes) {
                FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
                FloatVector c4 = FloatVector.zero(s), c5 = FloatVector.zero(s), c6 = FloatVector.zero(s), c7 = FloatVector.zero(s);
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.broadcast(s, a[arow + p * aCol]);
                    int br = bOff + p * ldb + j;
                    c0 = FloatVector.fromArray(s, b, br).fma(av, c0);
                    c1 = FloatVector.fromArray(s, b, br + lanes).fma(av, c1);
                    c2 = FloatVector.fromArray(s, b, br + 2 * lanes).fma(av, c2);
                    c3 = FloatVector.fromArray(s, b, br + 3 * lanes).fma(av, c3);
                    c4 = FloatVector.fromArray(s, b, br + 4 * lanes).fma(av, c4);
                    c5 = FloatVector.fromArray(s, b, br + 5 * lanes).fma(av, c5);
                    c6 = FloatVector.fromArray(s, b, br + 6 * lanes).fma(av, c6);
                    c7 = FloatVector.fromArray(s, b, br + 7 * lanes).fma(av, c7);
                }
                c0.intoArray(c, crow + j);
                c1.intoArray(c, crow + j + lanes);
                c2.intoArray(c, crow + j + 2 * lanes);
                c3.intoArray(c, crow + j + 3 * lanes);
                c4.intoArray(c, crow + j + 4 * lanes);
                c5.intoArray(c, crow + j + 5 * lanes);
                c6.intoArray(c, crow + j + 6 * lanes);
                c7.intoArray(c, crow + j + 7 * lanes);
            }
            for (; j + 4 * lanes <= n; j += 4 * lanes) {
                FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.broadcast(s, a[arow + p * aCol]);
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
                    c0 = FloatVector.fromArray(s, b, bOff + p * ldb + j).fma(FloatVector.broadcast(s, a[arow + p * aCol]), c0);
                }
                c0.intoArray(c, crow + j);
            }
            for (; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = Math.fma(a[arow + p * aCol], b[bOff + p * ldb + j], acc);
                c[crow + j] = acc;
            }
            int q = 0;
            if (act == null || act == Epilogue.IDENTITY || act == Epilogue.RELU) {
                // bias + relu in vector registers; the same values as Epilogue.apply (x > 0 ? x : 0)
                // for every non-NaN x
                boolean relu = act == Epilogue.RELU;
                for (; q + lanes <= n; q += lanes) {
                    FloatVector v = FloatVector.fromArray(s, c, crow + q);
                    if (bias != null) v = v.add(FloatVector.fromArray(s, bias, biasOff + q));
                    if (relu) v = v.max(0f);
                    v.intoArray(c, crow + q);
                }
            }
            for (; q < n; q++) {
                float v = c[crow + q] + (bias != null ? bias[biasOff + q] : 0f);
                c[crow + q] = act == null ? v : act.apply(v);
            }
        }
    }
}
