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

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act) {
        boolean rowsFit = alpha == 1f && beta == 0f && !KernelConfig.scalar() && m > 0 && n > 0;
        boolean few = m <= MAX_ROWS && !transA && !transB;
        boolean mid = ROWS_MID && (long) m * n * k <= ROWS_MAX_MACS;
        if (!rowsFit || !(few || mid)) {
            Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, act);
            return;
        }
        int lanes = S.length();
        if (!transA && n < lanes && k >= lanes) {
            // Fewer columns than lanes (an output layer): dot products along k over rows of A
            // and rows of B^T (B itself when transposed, else a small transposed copy; one row
            // against a B with contiguous rows reads B as it is).
            if (!transB && m == 1 && ldb == n) {
                NarrowGemm.rowContiguous(n, k, a, aOff, b, bOff, c, cOff, scratch(0, (n + 1) * lanes));
                epilogue(c, cOff, n, bias, biasOff, act);
                return;
            }
            float[] bt = b;
            int bo = bOff, bs = ldb;
            if (!transB) {
                bt = scratch(0, n * k);
                transpose(b, bOff, ldb, k, n, bt, 0, k);
                bo = 0;
                bs = k;
            }
            NarrowGemm.dots(m, n, k, a, aOff, lda, bt, bo, bs, c, cOff, ldc);
            for (int i = 0; i < m; i++) epilogue(c, cOff + i * ldc, n, bias, biasOff, act);
        } else if (transA && n < lanes && m >= lanes) {
            // A^T B with few columns (the kernel gradient of an output layer, 256 x 3 from 30
            // rows): C^T = op(B)^T A has m columns, and A's stored rows are C^T's B rows as they are.
            float[] ct = scratch(1, n * m);
            rows(n, m, k, b, bOff, transB ? ldb : 1, transB ? 1 : ldb, a, aOff, lda, ct, 0, m, null, 0, null);
            transpose(ct, 0, m, n, m, c, cOff, ldc);
            for (int i = 0; i < m; i++) epilogue(c, cOff + i * ldc, n, bias, biasOff, act);
        } else if (!transA && transB && n >= lanes && (long) m * (k + n) < (long) n * k) {
            // A B^T with few rows (dX = dY W^T in a dense layer's backward pass): C^T = B A^T.
            // Copying A^T (m x k) and C^T (n x m) moves far less than copying B^T (k x n), and
            // padding A^T's rows to whole vectors keeps the row loop free of scalar tails.
            int mp = (m + lanes - 1) / lanes * lanes;
            float[] at = scratch(0, k * mp);
            transpose(a, aOff, lda, m, k, at, 0, mp);
            for (int p = 0; p < k; p++) java.util.Arrays.fill(at, p * mp + m, p * mp + mp, 0f);
            float[] ct = scratch(1, n * mp);
            rows(n, mp, k, b, bOff, ldb, 1, at, 0, mp, ct, 0, mp, null, 0, null);
            transpose(ct, 0, mp, n, m, c, cOff, ldc);
            for (int i = 0; i < m; i++) epilogue(c, cOff + i * ldc, n, bias, biasOff, act);
        } else if (few && !transA && !transB) {
            rows(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
        } else {
            float[] bt = b;
            int bo = bOff, bs = ldb;
            if (transB) {
                bt = scratch(0, k * n);
                transpose(b, bOff, ldb, n, k, bt, 0, n);
                bo = 0;
                bs = n;
            }
            // op(A)[i, p] is a[aOff + i * lda + p], or a[aOff + p * lda + i] when transposed
            rows(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, bt, bo, bs, c, cOff, ldc, bias, biasOff, act);
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

    /** Two growable work arrays per thread (a transposed operand and a transposed result). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][]);

    private static float[] scratch(int which, int size) {
        float[][] holder = SCRATCH.get();
        if (holder[which] == null || holder[which].length < size) holder[which] = new float[Math.max(size, 64)];
        return holder[which];
    }

    /**
     * dst[dOff + q * ldd + r] = src[sOff + r * lds + q] for r < rows, q < cols, in 16 x 16
     * tiles: a plain column walk strides through memory by a power of two (256 floats) and
     * thrashes a few cache sets.
     */
    static void transpose(float[] src, int sOff, int lds, int rows, int cols, float[] dst, int dOff, int ldd) {
        final int t = 16;
        for (int r0 = 0; r0 < rows; r0 += t) {
            int r1 = Math.min(rows, r0 + t);
            for (int q0 = 0; q0 < cols; q0 += t) {
                int q1 = Math.min(cols, q0 + t);
                for (int q = q0; q < q1; q++) {
                    int d = dOff + q * ldd, from = sOff + q;
                    for (int r = r0; r < r1; r++) dst[d + r] = src[from + r * lds];
                }
            }
        }
    }

    /** C = act(op(A) B + bias) row by row; op(A)[i, p] = a[aOff + i * aRow + p * aCol]. */
    private static void rows(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int i = 0;
        // Six (or twelve) rows at a time where the columns allow: B comes from L2 at about 105
        // GB/s here (L1 holds 48 KB), so the number of passes over B, m / rows per block, sets
        // the time of a 30 x 256 x 256 product; 24 accumulators still leave registers for the
        // loaded vectors. Every element is one FMA chain over p in order whatever the blocking,
        // so the bits do not depend on it.
        if (n >= 4 * lanes) {
            for (; i + 6 <= m; i += 6) {
                int j = 0;
                for (; j + 4 * lanes <= n; j += 4 * lanes) GemmBlocks.block6x4(i, j, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
                for (int r = i; r < i + 6; r++) row(r, j, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
            }
        } else if (n >= 2 * lanes) {
            for (; i + 12 <= m; i += 12) {
                GemmBlocks.block12x2(i, 0, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
                for (int r = i; r < i + 12; r++) row(r, 2 * lanes, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
            }
        }
        // Four rows at a time: each vector of B loaded from memory feeds four FMAs, so B
        // (256 KB for a 256 x 256 layer, read from L2) is streamed m / 4 times instead of m / 2.
        for (; i + 4 <= m && n >= lanes; i += 4) {
            int j = 0;
            for (; j + 4 * lanes <= n; j += 4 * lanes) GemmBlocks.block4x4(i, j, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
            for (; j + 2 * lanes <= n; j += 2 * lanes) GemmBlocks.block4x2(i, j, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
            for (; j + lanes <= n; j += lanes) GemmBlocks.block4x1(i, j, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
            for (int r = i; r < i + 4; r++) row(r, j, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
        }
        // Two rows at a time share each loaded vector of B (half the loads per FMA); every
        // element is still one FMA chain over p in order, so the bits do not depend on the pairing.
        for (; i + 2 <= m && n >= 4 * lanes; i += 2) {
            int j = 0;
            for (; j + 4 * lanes <= n; j += 4 * lanes) GemmBlocks.block2x4(i, j, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
            row(i, j, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
            row(i + 1, j, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
        }
        for (; i < m; i++) row(i, 0, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, biasOff, act);
    }

    /** Columns from {@code jStart} of row i, then the epilogue over the whole row. */
    private static void row(int i, int jStart, int n, int k, float[] a, int aOff, int aRow, int aCol,
                            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                            float[] bias, int biasOff, Epilogue act) {
        RowColumns.columns(i, jStart, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        epilogue(c, cOff + i * ldc, n, bias, biasOff, act);
    }

    /** c[cr + q] = act(c[cr + q] + bias[biasOff + q]) for q < n; bias and act may be null. */
    static void epilogue(float[] c, int cr, int n, float[] bias, int biasOff, Epilogue act) {
        if (bias == null && (act == null || act == Epilogue.IDENTITY)) return;
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int q = 0;
        if (act == null || act == Epilogue.IDENTITY || act == Epilogue.RELU) {
            // bias + relu in vector registers; the same values as Epilogue.apply (x > 0 ? x : 0)
            // for every non-NaN x
            boolean relu = act == Epilogue.RELU;
            for (; q + lanes <= n; q += lanes) {
                FloatVector v = FloatVector.fromArray(s, c, cr + q);
                if (bias != null) v = v.add(FloatVector.fromArray(s, bias, biasOff + q));
                if (relu) v = v.max(0f);
                v.intoArray(c, cr + q);
            }
        }
        for (; q < n; q++) {
            float v = c[cr + q] + (bias != null ? bias[biasOff + q] : 0f);
            c[cr + q] = act == null ? v : act.apply(v);
        }
    }
}
