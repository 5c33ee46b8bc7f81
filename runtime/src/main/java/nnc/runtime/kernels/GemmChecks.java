package nnc.runtime.kernels;

import java.util.Objects;

/** Argument validation shared by the GEMM paths, so a bad call fails before any write. */
final class GemmChecks {
    private GemmChecks() {}

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative GEMM size m=" + m + " n=" + n + " k=" + k);
        }
        Objects.requireNonNull(c, "c");
        if (m == 0 || n == 0) {
            return;
        }
        checkMatrix("C", c, cOff, m, n, ldc);
        if (k > 0) {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            if (transA) {
                checkMatrix("A", a, aOff, k, m, lda);
            } else {
                checkMatrix("A", a, aOff, m, k, lda);
            }
            if (transB) {
                checkMatrix("B", b, bOff, n, k, ldb);
            } else {
                checkMatrix("B", b, bOff, k, n, ldb);
            }
        }
        if (bias != null && (biasOff < 0 || (long) biasOff + n > bias.length)) {
            throw new IndexOutOfBoundsException("bias: offset " + biasOff + " + n " + n
                    + " exceeds length " + bias.length);
        }
    }

    /** A {@code rows x cols} row-major matrix at {@code off} with leading dimension {@code ld}. */
    private static void checkMatrix(String name, float[] x, int off, int rows, int cols, int ld) {
        if (ld < cols) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " < columns " + cols);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "x" + cols + " at offset " + off
                    + " with ld " + ld + " needs " + last + " elements, array has " + x.length);
        }
    }
}
