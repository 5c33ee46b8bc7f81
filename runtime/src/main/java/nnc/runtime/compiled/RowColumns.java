package nnc.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row of a {@link SmallGemm} product, {@code C[i, j] = sum over p of op(A)[i, p] B[p, j]}
 * for the columns from {@code jStart}, in blocks of 16, 8, 4 and 1 vectors of columns that
 * stay in registers while the rows of B stream by: the path of one-sample prediction and of
 * the rows and columns the multi-row blocks of {@link GemmBlocks} leave over.
 *
 * <p>Rows of B whose value of A is zero are not read. After a relu, about half of a hidden
 * layer's values are zero, and a one-row product with a 256 x 256 B is bound by reading B
 * from L2 (2.35 us here); skipping the rows of the zeros cut the iris model's one-sample
 * prediction (two such products) from 5.4 to 3.9 us. The result keeps its bits: an FMA with a zero factor adds a zero, which leaves every
 * accumulator as it was (an accumulator starting at +0 only becomes -0 through a product
 * that underflows, and then the skipped term would have made it +0, which a relu or any
 * later sum maps to the same value). One difference remains, by design: a weight that is
 * infinite or NaN in a row whose value of A is zero no longer turns its output into NaN.
 * The rows to read are listed once per row of C, without branches; for fewer than four
 * vectors of columns the list would cost more than it saves, and all rows are read.
 */
final class RowColumns {
    private RowColumns() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Per thread: {identity 0, 1, 2, ...; the rows of the current row of C to read}, grown on demand. */
    private static final ThreadLocal<int[][]> ROWS = ThreadLocal.withInitial(() -> new int[][] {new int[0], new int[0]});

    private static int[] identity(int[][] lists, int k) {
        int[] id = lists[0];
        if (id.length < k) {
            id = new int[Math.max(k, 2 * id.length)];
            for (int p = 0; p < id.length; p++) id[p] = p;
            lists[0] = id;
        }
        return id;
    }

    /**
     * Columns jStart..n-1 of row i, without the epilogue. Each width of column block is its
     * own method: C2 compiles only the ones a job calls (the 16-vector one is for prediction),
     * and smaller methods compile sooner (all in one method took 234 ms of compiler time).
     */
    static void columns(int i, int jStart, int n, int k, float[] a, int aOff, int aRow, int aCol,
                        float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        int lanes = S.length();
        int j = jStart, arow = aOff + i * aRow;
        int[][] lists = ROWS.get();
        int[] ps;
        int cnt;
        if (n - jStart >= 4 * lanes) {
            // The rows of B to read: those whose value of A is not zero (see the class comment).
            ps = lists[1].length >= k ? lists[1] : (lists[1] = new int[k]);
            cnt = 0;
            for (int p = 0; p < k; p++) {
                // 1 unless the value is +0 or -0, in integer arithmetic: a branch here (which
                // C2 emitted for "!= 0f ? 1 : 0") is mispredicted on every other row when the
                // zeros move from one input to the next, which cost as much as the skipped rows saved.
                int bits = Float.floatToRawIntBits(a[arow + p * aCol]) & 0x7fffffff;
                ps[cnt] = p;
                cnt += (bits | -bits) >>> 31;
            }
        } else {
            ps = identity(lists, k);
            cnt = k;
        }
        // Eight vectors of columns at a time, accumulated over all of k in registers: a
        // one-row product is bound by the FMA latency (about 4 cycles) of each
        // accumulator chain, and eight independent chains keep both FMA ports busy
        // (four left half of them idle: 3.3 instead of 1.7 us for 256 x 256 here).
        // With 32 vector registers (16 lanes), a whole row of 256 columns in one pass: each
        // row of B is then read once, contiguously, which the prefetcher streams from L2.
        for (; lanes >= 16 && j + 16 * lanes <= n; j += 16 * lanes) cols16(i, j, ps, cnt, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        for (; j + 8 * lanes <= n; j += 8 * lanes) cols8(i, j, ps, cnt, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        for (; j + 4 * lanes <= n; j += 4 * lanes) cols4(i, j, ps, cnt, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        for (; j + lanes <= n; j += lanes) cols1(i, j, ps, cnt, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        int crow = cOff + i * ldc;
        for (; j < n; j++) {
            float acc = 0f;
            for (int q = 0; q < cnt; q++) {
                int p = ps[q];
                acc = Math.fma(a[arow + p * aCol], b[bOff + p * ldb + j], acc);
            }
            c[crow + j] = acc;
        }
    }

    /** Sixteen vectors of columns of row i from j. */
    private static void cols16(int i, int j, int[] ps, int cnt, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int arow = aOff + i * aRow, crow = cOff + i * ldc;
        FloatVector c0 = FloatVector.zero(s);
        FloatVector c1 = FloatVector.zero(s);
        FloatVector c2 = FloatVector.zero(s);
        FloatVector c3 = FloatVector.zero(s);
        FloatVector c4 = FloatVector.zero(s);
        FloatVector c5 = FloatVector.zero(s);
        FloatVector c6 = FloatVector.zero(s);
        FloatVector c7 = FloatVector.zero(s);
        FloatVector c8 = FloatVector.zero(s);
        FloatVector c9 = FloatVector.zero(s);
        FloatVector c10 = FloatVector.zero(s);
        FloatVector c11 = FloatVector.zero(s);
        FloatVector c12 = FloatVector.zero(s);
        FloatVector c13 = FloatVector.zero(s);
        FloatVector c14 = FloatVector.zero(s);
        FloatVector c15 = FloatVector.zero(s);
        for (int q = 0; q < cnt; q++) {
            int p = ps[q];
            FloatVector av = FloatVector.broadcast(s, a[arow + p * aCol]);
            int br = bOff + p * ldb + j;
            c0 = FloatVector.fromArray(s, b, br + 0 * lanes).fma(av, c0);
            c1 = FloatVector.fromArray(s, b, br + 1 * lanes).fma(av, c1);
            c2 = FloatVector.fromArray(s, b, br + 2 * lanes).fma(av, c2);
            c3 = FloatVector.fromArray(s, b, br + 3 * lanes).fma(av, c3);
            c4 = FloatVector.fromArray(s, b, br + 4 * lanes).fma(av, c4);
            c5 = FloatVector.fromArray(s, b, br + 5 * lanes).fma(av, c5);
            c6 = FloatVector.fromArray(s, b, br + 6 * lanes).fma(av, c6);
            c7 = FloatVector.fromArray(s, b, br + 7 * lanes).fma(av, c7);
            c8 = FloatVector.fromArray(s, b, br + 8 * lanes).fma(av, c8);
            c9 = FloatVector.fromArray(s, b, br + 9 * lanes).fma(av, c9);
            c10 = FloatVector.fromArray(s, b, br + 10 * lanes).fma(av, c10);
            c11 = FloatVector.fromArray(s, b, br + 11 * lanes).fma(av, c11);
            c12 = FloatVector.fromArray(s, b, br + 12 * lanes).fma(av, c12);
            c13 = FloatVector.fromArray(s, b, br + 13 * lanes).fma(av, c13);
            c14 = FloatVector.fromArray(s, b, br + 14 * lanes).fma(av, c14);
            c15 = FloatVector.fromArray(s, b, br + 15 * lanes).fma(av, c15);
        }
        c0.intoArray(c, crow + j + 0 * lanes);
        c1.intoArray(c, crow + j + 1 * lanes);
        c2.intoArray(c, crow + j + 2 * lanes);
        c3.intoArray(c, crow + j + 3 * lanes);
        c4.intoArray(c, crow + j + 4 * lanes);
        c5.intoArray(c, crow + j + 5 * lanes);
        c6.intoArray(c, crow + j + 6 * lanes);
        c7.intoArray(c, crow + j + 7 * lanes);
        c8.intoArray(c, crow + j + 8 * lanes);
        c9.intoArray(c, crow + j + 9 * lanes);
        c10.intoArray(c, crow + j + 10 * lanes);
        c11.intoArray(c, crow + j + 11 * lanes);
        c12.intoArray(c, crow + j + 12 * lanes);
        c13.intoArray(c, crow + j + 13 * lanes);
        c14.intoArray(c, crow + j + 14 * lanes);
        c15.intoArray(c, crow + j + 15 * lanes);
    }

    /** Eight vectors of columns of row i from j. */
    private static void cols8(int i, int j, int[] ps, int cnt, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int arow = aOff + i * aRow, crow = cOff + i * ldc;
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
        FloatVector c4 = FloatVector.zero(s), c5 = FloatVector.zero(s), c6 = FloatVector.zero(s), c7 = FloatVector.zero(s);
        for (int q = 0; q < cnt; q++) {
            int p = ps[q];
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

    /** Four vectors of columns of row i from j. */
    private static void cols4(int i, int j, int[] ps, int cnt, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int arow = aOff + i * aRow, crow = cOff + i * ldc;
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
        for (int q = 0; q < cnt; q++) {
            int p = ps[q];
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

    /** One vector of columns of row i at j. */
    private static void cols1(int i, int j, int[] ps, int cnt, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int arow = aOff + i * aRow, crow = cOff + i * ldc;
        FloatVector c0 = FloatVector.zero(s);
        for (int q = 0; q < cnt; q++) {
            int p = ps[q];
            c0 = FloatVector.fromArray(s, b, bOff + p * ldb + j).fma(FloatVector.broadcast(s, a[arow + p * aCol]), c0);
        }
        c0.intoArray(c, crow + j);
    }
}
