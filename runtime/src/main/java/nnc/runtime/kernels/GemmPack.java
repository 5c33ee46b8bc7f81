package nnc.runtime.kernels;

import static nnc.runtime.kernels.GemmKernels.L;
import static nnc.runtime.kernels.GemmKernels.S;

import jdk.incubator.vector.FloatVector;

/**
 * Packing of GEMM operands into the panel layouts the micro-kernels stream through. Both
 * transposes of each operand are handled here, so the kernels see one layout only. Rows and
 * columns past the matrix edge are left as they are (stale values from an earlier call): edge
 * tiles run the full kernel, and since every lane and row of a tile is computed on its own and
 * only the valid ones are stored, what the padding holds never reaches C.
 */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs rows [ic, ic+mc) and depth [pc, pc+kc) of op(A) into panels of {@code mr} rows:
     * panel q holds, for each p, the {@code mr} values of column p, at {@code q*kc*mr + p*mr}.
     */
    static void packA(boolean ta, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                      int mr, float[] ap) {
        for (int q = 0, i = ic; q * mr < mc; q++, i += mr) {
            int rows = Math.min(mr, ic + mc - i);
            int base = q * kc * mr;
            if (ta) {
                // op(A)(i, p) = a[p*lda + i]: the mr values of a panel column are contiguous.
                int src = aOff + pc * lda + i;
                for (int p = 0; p < kc; p++, src += lda) {
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        ap[dst + r] = a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int dst = base + r;
                    int src = aOff + (i + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * mr] = a[src + p];
                    }
                }
            }
        }
    }

    /**
     * Packs depth [pc, pc+kc) and columns [jc, jc+nc) of op(B) into panels of {@code nr}
     * columns at {@code bp[at..]}: panel q holds, for each p, {@code nr} values of row p, at
     * {@code at + q*kc*nr + p*nr}.
     */
    static void packB(boolean tb, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                      int nr, float[] bp, int at) {
        for (int q = 0, j = jc; q * nr < nc; q++, j += nr) {
            int cols = Math.min(nr, jc + nc - j);
            int base = at + q * kc * nr;
            if (tb) {
                // op(B)(p, j) = b[j*ldb + p]: walk four source rows at once, so each p writes
                // four adjacent panel floats (a quarter of the cache lines a row-at-a-time walk
                // touches; measured twice as fast).
                int jj = 0;
                for (; jj + 4 <= cols; jj += 4) {
                    int s0 = bOff + (j + jj) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    for (int p = 0, d = base + jj; p < kc; p++, d += nr) {
                        bp[d] = b[s0 + p];
                        bp[d + 1] = b[s1 + p];
                        bp[d + 2] = b[s2 + p];
                        bp[d + 3] = b[s3 + p];
                    }
                }
                for (; jj < cols; jj++) {
                    int dst = base + jj;
                    int src = bOff + (j + jj) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * nr] = b[src + p];
                    }
                }
            } else {
                int src = bOff + pc * ldb + j;
                if (cols == nr && nr % L == 0) {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * nr;
                        for (int v = 0; v < nr; v += L) {
                            FloatVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * nr;
                        for (int jj = 0; jj < cols; jj++) {
                            bp[dst + jj] = b[src + jj];
                        }
                    }
                }
            }
        }
    }
}
