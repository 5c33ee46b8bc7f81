package nnc.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register blocks of {@link SmallGemm}'s row loop: {@code C[i.., j..] = op(A)[i.., :] B[:, j..]}
 * for a few rows of C by a few vectors of columns, accumulated over all of k in registers and
 * stored once (no epilogue; the row loop applies it). op(A)[i, p] is
 * {@code a[aOff + i * aRow + p * aCol]}, so the same block serves A and A^T.
 *
 * <p>Each element of C is one FMA chain over p in increasing order in every block, the same
 * chain as the one-row loop's, so the choice of block never changes a bit (SmallGemmTest
 * checks every block against the one-row loop). Each block is its own method: C2 compiles
 * only the ones a job calls, and a small method compiles in a fraction of the time.
 */
final class GemmBlocks {
    private GemmBlocks() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Rows i and i+1, columns j..j+4 lanes: eight accumulators, each loaded vector of B feeds two FMAs. */
    static void block2x4(int i, int j, int k, float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int a0 = aOff + i * aRow, a1 = a0 + aRow, c0r = cOff + i * ldc, c1r = c0r + ldc;
        FloatVector x0 = FloatVector.zero(s), x1 = FloatVector.zero(s), x2 = FloatVector.zero(s), x3 = FloatVector.zero(s);
        FloatVector y0 = FloatVector.zero(s), y1 = FloatVector.zero(s), y2 = FloatVector.zero(s), y3 = FloatVector.zero(s);
        for (int p = 0; p < k; p++) {
            FloatVector u = FloatVector.broadcast(s, a[a0 + p * aCol]);
            FloatVector w = FloatVector.broadcast(s, a[a1 + p * aCol]);
            int br = bOff + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(s, b, br);
            x0 = b0.fma(u, x0);
            y0 = b0.fma(w, y0);
            FloatVector b1 = FloatVector.fromArray(s, b, br + lanes);
            x1 = b1.fma(u, x1);
            y1 = b1.fma(w, y1);
            FloatVector b2 = FloatVector.fromArray(s, b, br + 2 * lanes);
            x2 = b2.fma(u, x2);
            y2 = b2.fma(w, y2);
            FloatVector b3 = FloatVector.fromArray(s, b, br + 3 * lanes);
            x3 = b3.fma(u, x3);
            y3 = b3.fma(w, y3);
        }
        x0.intoArray(c, c0r + j);
        x1.intoArray(c, c0r + j + lanes);
        x2.intoArray(c, c0r + j + 2 * lanes);
        x3.intoArray(c, c0r + j + 3 * lanes);
        y0.intoArray(c, c1r + j);
        y1.intoArray(c, c1r + j + lanes);
        y2.intoArray(c, c1r + j + 2 * lanes);
        y3.intoArray(c, c1r + j + 3 * lanes);
    }

    /** Rows i..i+5, columns j..j+4 lanes: 24 accumulators, so each vector of B loaded feeds six FMAs. */
    static void block6x4(int i, int j, int k, float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int a0 = aOff + i * aRow;
        FloatVector c0_0 = FloatVector.zero(s), c0_1 = FloatVector.zero(s), c0_2 = FloatVector.zero(s), c0_3 = FloatVector.zero(s);
        FloatVector c1_0 = FloatVector.zero(s), c1_1 = FloatVector.zero(s), c1_2 = FloatVector.zero(s), c1_3 = FloatVector.zero(s);
        FloatVector c2_0 = FloatVector.zero(s), c2_1 = FloatVector.zero(s), c2_2 = FloatVector.zero(s), c2_3 = FloatVector.zero(s);
        FloatVector c3_0 = FloatVector.zero(s), c3_1 = FloatVector.zero(s), c3_2 = FloatVector.zero(s), c3_3 = FloatVector.zero(s);
        FloatVector c4_0 = FloatVector.zero(s), c4_1 = FloatVector.zero(s), c4_2 = FloatVector.zero(s), c4_3 = FloatVector.zero(s);
        FloatVector c5_0 = FloatVector.zero(s), c5_1 = FloatVector.zero(s), c5_2 = FloatVector.zero(s), c5_3 = FloatVector.zero(s);
        for (int p = 0; p < k; p++) {
            int br = bOff + p * ldb + j, ap = a0 + p * aCol;
            FloatVector b0 = FloatVector.fromArray(s, b, br);
            FloatVector b1 = FloatVector.fromArray(s, b, br + lanes);
            FloatVector b2 = FloatVector.fromArray(s, b, br + 2 * lanes);
            FloatVector b3 = FloatVector.fromArray(s, b, br + 3 * lanes);
            FloatVector u = FloatVector.broadcast(s, a[ap]);
            c0_0 = b0.fma(u, c0_0);
            c0_1 = b1.fma(u, c0_1);
            c0_2 = b2.fma(u, c0_2);
            c0_3 = b3.fma(u, c0_3);
            u = FloatVector.broadcast(s, a[ap + aRow]);
            c1_0 = b0.fma(u, c1_0);
            c1_1 = b1.fma(u, c1_1);
            c1_2 = b2.fma(u, c1_2);
            c1_3 = b3.fma(u, c1_3);
            u = FloatVector.broadcast(s, a[ap + 2 * aRow]);
            c2_0 = b0.fma(u, c2_0);
            c2_1 = b1.fma(u, c2_1);
            c2_2 = b2.fma(u, c2_2);
            c2_3 = b3.fma(u, c2_3);
            u = FloatVector.broadcast(s, a[ap + 3 * aRow]);
            c3_0 = b0.fma(u, c3_0);
            c3_1 = b1.fma(u, c3_1);
            c3_2 = b2.fma(u, c3_2);
            c3_3 = b3.fma(u, c3_3);
            u = FloatVector.broadcast(s, a[ap + 4 * aRow]);
            c4_0 = b0.fma(u, c4_0);
            c4_1 = b1.fma(u, c4_1);
            c4_2 = b2.fma(u, c4_2);
            c4_3 = b3.fma(u, c4_3);
            u = FloatVector.broadcast(s, a[ap + 5 * aRow]);
            c5_0 = b0.fma(u, c5_0);
            c5_1 = b1.fma(u, c5_1);
            c5_2 = b2.fma(u, c5_2);
            c5_3 = b3.fma(u, c5_3);
        }
        int r = cOff + i * ldc + j;
        c0_0.intoArray(c, r);
        c0_1.intoArray(c, r + lanes);
        c0_2.intoArray(c, r + 2 * lanes);
        c0_3.intoArray(c, r + 3 * lanes);
        r += ldc;
        c1_0.intoArray(c, r);
        c1_1.intoArray(c, r + lanes);
        c1_2.intoArray(c, r + 2 * lanes);
        c1_3.intoArray(c, r + 3 * lanes);
        r += ldc;
        c2_0.intoArray(c, r);
        c2_1.intoArray(c, r + lanes);
        c2_2.intoArray(c, r + 2 * lanes);
        c2_3.intoArray(c, r + 3 * lanes);
        r += ldc;
        c3_0.intoArray(c, r);
        c3_1.intoArray(c, r + lanes);
        c3_2.intoArray(c, r + 2 * lanes);
        c3_3.intoArray(c, r + 3 * lanes);
        r += ldc;
        c4_0.intoArray(c, r);
        c4_1.intoArray(c, r + lanes);
        c4_2.intoArray(c, r + 2 * lanes);
        c4_3.intoArray(c, r + 3 * lanes);
        r += ldc;
        c5_0.intoArray(c, r);
        c5_1.intoArray(c, r + lanes);
        c5_2.intoArray(c, r + 2 * lanes);
        c5_3.intoArray(c, r + 3 * lanes);
    }

    /** Rows i..i+11, columns j..j+2 lanes: 24 accumulators for products two vectors wide (the transposed input gradient). */
    static void block12x2(int i, int j, int k, float[] a, int aOff, int aRow, int aCol,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int a0 = aOff + i * aRow;
        FloatVector c0_0 = FloatVector.zero(s), c0_1 = FloatVector.zero(s);
        FloatVector c1_0 = FloatVector.zero(s), c1_1 = FloatVector.zero(s);
        FloatVector c2_0 = FloatVector.zero(s), c2_1 = FloatVector.zero(s);
        FloatVector c3_0 = FloatVector.zero(s), c3_1 = FloatVector.zero(s);
        FloatVector c4_0 = FloatVector.zero(s), c4_1 = FloatVector.zero(s);
        FloatVector c5_0 = FloatVector.zero(s), c5_1 = FloatVector.zero(s);
        FloatVector c6_0 = FloatVector.zero(s), c6_1 = FloatVector.zero(s);
        FloatVector c7_0 = FloatVector.zero(s), c7_1 = FloatVector.zero(s);
        FloatVector c8_0 = FloatVector.zero(s), c8_1 = FloatVector.zero(s);
        FloatVector c9_0 = FloatVector.zero(s), c9_1 = FloatVector.zero(s);
        FloatVector c10_0 = FloatVector.zero(s), c10_1 = FloatVector.zero(s);
        FloatVector c11_0 = FloatVector.zero(s), c11_1 = FloatVector.zero(s);
        for (int p = 0; p < k; p++) {
            int br = bOff + p * ldb + j, ap = a0 + p * aCol;
            FloatVector b0 = FloatVector.fromArray(s, b, br);
            FloatVector b1 = FloatVector.fromArray(s, b, br + lanes);
            FloatVector u = FloatVector.broadcast(s, a[ap]);
            c0_0 = b0.fma(u, c0_0);
            c0_1 = b1.fma(u, c0_1);
            u = FloatVector.broadcast(s, a[ap + aRow]);
            c1_0 = b0.fma(u, c1_0);
            c1_1 = b1.fma(u, c1_1);
            u = FloatVector.broadcast(s, a[ap + 2 * aRow]);
            c2_0 = b0.fma(u, c2_0);
            c2_1 = b1.fma(u, c2_1);
            u = FloatVector.broadcast(s, a[ap + 3 * aRow]);
            c3_0 = b0.fma(u, c3_0);
            c3_1 = b1.fma(u, c3_1);
            u = FloatVector.broadcast(s, a[ap + 4 * aRow]);
            c4_0 = b0.fma(u, c4_0);
            c4_1 = b1.fma(u, c4_1);
            u = FloatVector.broadcast(s, a[ap + 5 * aRow]);
            c5_0 = b0.fma(u, c5_0);
            c5_1 = b1.fma(u, c5_1);
            u = FloatVector.broadcast(s, a[ap + 6 * aRow]);
            c6_0 = b0.fma(u, c6_0);
            c6_1 = b1.fma(u, c6_1);
            u = FloatVector.broadcast(s, a[ap + 7 * aRow]);
            c7_0 = b0.fma(u, c7_0);
            c7_1 = b1.fma(u, c7_1);
            u = FloatVector.broadcast(s, a[ap + 8 * aRow]);
            c8_0 = b0.fma(u, c8_0);
            c8_1 = b1.fma(u, c8_1);
            u = FloatVector.broadcast(s, a[ap + 9 * aRow]);
            c9_0 = b0.fma(u, c9_0);
            c9_1 = b1.fma(u, c9_1);
            u = FloatVector.broadcast(s, a[ap + 10 * aRow]);
            c10_0 = b0.fma(u, c10_0);
            c10_1 = b1.fma(u, c10_1);
            u = FloatVector.broadcast(s, a[ap + 11 * aRow]);
            c11_0 = b0.fma(u, c11_0);
            c11_1 = b1.fma(u, c11_1);
        }
        int r = cOff + i * ldc + j;
        c0_0.intoArray(c, r);
        c0_1.intoArray(c, r + lanes);
        r += ldc;
        c1_0.intoArray(c, r);
        c1_1.intoArray(c, r + lanes);
        r += ldc;
        c2_0.intoArray(c, r);
        c2_1.intoArray(c, r + lanes);
        r += ldc;
        c3_0.intoArray(c, r);
        c3_1.intoArray(c, r + lanes);
        r += ldc;
        c4_0.intoArray(c, r);
        c4_1.intoArray(c, r + lanes);
        r += ldc;
        c5_0.intoArray(c, r);
        c5_1.intoArray(c, r + lanes);
        r += ldc;
        c6_0.intoArray(c, r);
        c6_1.intoArray(c, r + lanes);
        r += ldc;
        c7_0.intoArray(c, r);
        c7_1.intoArray(c, r + lanes);
        r += ldc;
        c8_0.intoArray(c, r);
        c8_1.intoArray(c, r + lanes);
        r += ldc;
        c9_0.intoArray(c, r);
        c9_1.intoArray(c, r + lanes);
        r += ldc;
        c10_0.intoArray(c, r);
        c10_1.intoArray(c, r + lanes);
        r += ldc;
        c11_0.intoArray(c, r);
        c11_1.intoArray(c, r + lanes);
    }

    /** Rows i..i+3, columns j..j+4 lanes: sixteen accumulators, four loads of B per step of p. */
    static void block4x4(int i, int j, int k, float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int a0 = aOff + i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c02 = FloatVector.zero(s), c03 = FloatVector.zero(s);
        FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s), c12 = FloatVector.zero(s), c13 = FloatVector.zero(s);
        FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s), c22 = FloatVector.zero(s), c23 = FloatVector.zero(s);
        FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s), c32 = FloatVector.zero(s), c33 = FloatVector.zero(s);
        for (int p = 0; p < k; p++) {
            int br = bOff + p * ldb + j, ap = p * aCol;
            FloatVector b0 = FloatVector.fromArray(s, b, br);
            FloatVector b1 = FloatVector.fromArray(s, b, br + lanes);
            FloatVector b2 = FloatVector.fromArray(s, b, br + 2 * lanes);
            FloatVector b3 = FloatVector.fromArray(s, b, br + 3 * lanes);
            FloatVector u = FloatVector.broadcast(s, a[a0 + ap]);
            c00 = b0.fma(u, c00);
            c01 = b1.fma(u, c01);
            c02 = b2.fma(u, c02);
            c03 = b3.fma(u, c03);
            u = FloatVector.broadcast(s, a[a1 + ap]);
            c10 = b0.fma(u, c10);
            c11 = b1.fma(u, c11);
            c12 = b2.fma(u, c12);
            c13 = b3.fma(u, c13);
            u = FloatVector.broadcast(s, a[a2 + ap]);
            c20 = b0.fma(u, c20);
            c21 = b1.fma(u, c21);
            c22 = b2.fma(u, c22);
            c23 = b3.fma(u, c23);
            u = FloatVector.broadcast(s, a[a3 + ap]);
            c30 = b0.fma(u, c30);
            c31 = b1.fma(u, c31);
            c32 = b2.fma(u, c32);
            c33 = b3.fma(u, c33);
        }
        int r = cOff + i * ldc + j;
        c00.intoArray(c, r);
        c01.intoArray(c, r + lanes);
        c02.intoArray(c, r + 2 * lanes);
        c03.intoArray(c, r + 3 * lanes);
        r += ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + lanes);
        c12.intoArray(c, r + 2 * lanes);
        c13.intoArray(c, r + 3 * lanes);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + lanes);
        c22.intoArray(c, r + 2 * lanes);
        c23.intoArray(c, r + 3 * lanes);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + lanes);
        c32.intoArray(c, r + 2 * lanes);
        c33.intoArray(c, r + 3 * lanes);
    }

    /** Rows i..i+3, columns j..j+2 lanes: eight accumulators (enough chains to hide the FMA latency). */
    static void block4x2(int i, int j, int k, float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int lanes = s.length();
        int a0 = aOff + i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c10 = FloatVector.zero(s), c11 = FloatVector.zero(s);
        FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s), c30 = FloatVector.zero(s), c31 = FloatVector.zero(s);
        for (int p = 0; p < k; p++) {
            int br = bOff + p * ldb + j, ap = p * aCol;
            FloatVector b0 = FloatVector.fromArray(s, b, br);
            FloatVector b1 = FloatVector.fromArray(s, b, br + lanes);
            FloatVector u = FloatVector.broadcast(s, a[a0 + ap]);
            c00 = b0.fma(u, c00);
            c01 = b1.fma(u, c01);
            u = FloatVector.broadcast(s, a[a1 + ap]);
            c10 = b0.fma(u, c10);
            c11 = b1.fma(u, c11);
            u = FloatVector.broadcast(s, a[a2 + ap]);
            c20 = b0.fma(u, c20);
            c21 = b1.fma(u, c21);
            u = FloatVector.broadcast(s, a[a3 + ap]);
            c30 = b0.fma(u, c30);
            c31 = b1.fma(u, c31);
        }
        int r = cOff + i * ldc + j;
        c00.intoArray(c, r);
        c01.intoArray(c, r + lanes);
        r += ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + lanes);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + lanes);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + lanes);
    }

    /** Rows i..i+3, one vector of columns at j. */
    static void block4x1(int i, int j, int k, float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = S;
        int a0 = aOff + i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
        for (int p = 0; p < k; p++) {
            int ap = p * aCol;
            FloatVector b0 = FloatVector.fromArray(s, b, bOff + p * ldb + j);
            c0 = b0.fma(FloatVector.broadcast(s, a[a0 + ap]), c0);
            c1 = b0.fma(FloatVector.broadcast(s, a[a1 + ap]), c1);
            c2 = b0.fma(FloatVector.broadcast(s, a[a2 + ap]), c2);
            c3 = b0.fma(FloatVector.broadcast(s, a[a3 + ap]), c3);
        }
        int r = cOff + i * ldc + j;
        c0.intoArray(c, r);
        c1.intoArray(c, r + ldc);
        c2.intoArray(c, r + 2 * ldc);
        c3.intoArray(c, r + 3 * ldc);
    }
}
