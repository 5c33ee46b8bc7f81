package nnc.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import nnc.runtime.kernels.Epilogue;
import org.junit.jupiter.api.Test;

/** The few-rows GEMM path against a double-precision loop over the definition. */
class SmallGemmTest {
    @Test
    void matchesTheDefinitionForEveryShapeAndEpilogue() {
        Random rnd = new Random(5);
        for (int m = 1; m <= 5; m++) {
            for (int n : new int[] {1, 7, 8, 33, 67, 130, 259}) {
                for (int k : new int[] {1, 5, 64}) {
                    for (Epilogue act : Epilogue.values()) {
                        boolean withBias = rnd.nextBoolean();
                        int lda = k + 2, ldb = n + 3, ldc = n + 1, aOff = 3, bOff = 5, cOff = 2, biasOff = 1;
                        float[] a = new float[aOff + m * lda], b = new float[bOff + k * ldb], c = new float[cOff + m * ldc];
                        float[] bias = new float[biasOff + n];
                        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
                        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
                        for (int i = 0; i < bias.length; i++) bias[i] = (float) rnd.nextGaussian();
                        java.util.Arrays.fill(c, Float.NaN);   // beta = 0: C is never read
                        SmallGemm.sgemm(false, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc,
                                withBias ? bias : null, biasOff, act);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double s = withBias ? bias[biasOff + j] : 0;
                                for (int p = 0; p < k; p++) s += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                                double e = switch (act) {
                                    case IDENTITY -> s;
                                    case RELU -> Math.max(s, 0);
                                    case SIGMOID -> 1 / (1 + Math.exp(-s));
                                    case TANH -> Math.tanh(s);
                                };
                                assertEquals(e, c[cOff + i * ldc + j], 1e-4 * Math.max(1, Math.abs(e)),
                                        "m=" + m + " n=" + n + " k=" + k + " " + act + " [" + i + "," + j + "]");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Mid-sized products with every transpose combination: the row loop in blocks of four, two
     * and one rows, B^T via a tiled copy, the dot-product path for fewer columns than lanes,
     * and the transposed-result paths (C^T = op(B)^T A for A^T B with few columns, C^T = B A^T
     * for A B^T with few rows). The sizes straddle the vector lengths 8 and 16.
     */
    @Test
    void midSizedProductsWithTransposesMatchTheDefinition() {
        Random rnd = new Random(11);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int m : new int[] {1, 5, 30, 37}) {
                    for (int n : new int[] {3, 16, 17, 33, 259}) {
                        for (int k : new int[] {1, 30, 71, 257}) {
                            Epilogue act = Epilogue.values()[rnd.nextInt(Epilogue.values().length)];
                            boolean withBias = rnd.nextBoolean();
                            // stored A is m x k, or k x m when transposed; stored B is k x n, or n x k
                            int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 3, ldc = n + 1, aOff = 3, bOff = 5, cOff = 2;
                            float[] a = new float[aOff + (ta ? k : m) * lda], b = new float[bOff + (tb ? n : k) * ldb];
                            float[] c = new float[cOff + m * ldc], bias = new float[n];
                            for (int q = 0; q < a.length; q++) a[q] = (float) rnd.nextGaussian();
                            for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
                            for (int q = 0; q < n; q++) bias[q] = (float) rnd.nextGaussian();
                            java.util.Arrays.fill(c, Float.NaN);
                            SmallGemm.sgemm(ta, tb, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc,
                                    withBias ? bias : null, 0, act);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double sum = withBias ? bias[j] : 0;
                                    for (int p = 0; p < k; p++) {
                                        double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                                        double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                                        sum += av * bv;
                                    }
                                    double e = switch (act) {
                                        case IDENTITY -> sum;
                                        case RELU -> Math.max(sum, 0);
                                        case SIGMOID -> 1 / (1 + Math.exp(-sum));
                                        case TANH -> Math.tanh(sum);
                                    };
                                    assertEquals(e, c[cOff + i * ldc + j], 1e-4 * Math.max(1, Math.abs(e)),
                                            "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " " + act + " [" + i + "," + j + "]");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * An output layer's one-row product (fewer columns than lanes) gives the same bits as the
     * same row inside two- and five-row products (B transposed into a copy first): with B's
     * rows contiguous ({@code ldb == n}: B read as it is, in blocks of expanded vectors) and
     * padded ({@code ldb > n}: the copy), k with and without a tail.
     */
    @Test
    void narrowOneRowProductsMatchLargerProductsBitForBit() {
        Random rnd = new Random(23);
        for (int n : new int[] {1, 2, 3, 5, 7, 10, 15}) {
            for (int k : new int[] {16, 37, 256, 259})
            for (int ldb : new int[] {n, n + 2}) {
                int rows = 5;
                float[] a = new float[rows * k], b = new float[4 + k * ldb], bias = new float[n];
                for (int q = 0; q < a.length; q++) a[q] = (float) rnd.nextGaussian();
                for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
                for (int q = 0; q < n; q++) bias[q] = (float) rnd.nextGaussian();
                float[] one = new float[n], two = new float[2 * n], five = new float[rows * n];
                SmallGemm.sgemm(false, false, 1, n, k, 1f, a, 0, k, b, 4, ldb, 0f, one, 0, n, bias, 0, Epilogue.SIGMOID);
                SmallGemm.sgemm(false, false, 2, n, k, 1f, a, 0, k, b, 4, ldb, 0f, two, 0, n, bias, 0, Epilogue.SIGMOID);
                SmallGemm.sgemm(false, false, rows, n, k, 1f, a, 0, k, b, 4, ldb, 0f, five, 0, n, bias, 0, Epilogue.SIGMOID);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToIntBits(two[j]), Float.floatToIntBits(one[j]), "two rows, n=" + n + " k=" + k + " ldb=" + ldb + " [" + j + "]");
                    assertEquals(Float.floatToIntBits(five[j]), Float.floatToIntBits(one[j]), "five rows, n=" + n + " k=" + k + " ldb=" + ldb + " [" + j + "]");
                }
            }
        }
    }

    /**
     * A one-row product skips the rows of B whose value of A is zero (as after a relu) and
     * still gives the bits of the same row in a two-row product, which reads every row; zeros
     * of both signs, every column-block width, a scalar tail. Then the one designed
     * difference: a NaN weight in a skipped row does not reach the one-row result.
     */
    @Test
    void oneRowProductsSkipTheRowsOfZerosWithTheSameBits() {
        Random rnd = new Random(29);
        for (int n : new int[] {64, 67, 257, 300, 512}) {
            int k = 131, ldb = n + 5;
            float[] a = new float[2 * k], b = new float[3 + k * ldb];
            for (int q = 0; q < k; q++) {
                double v = rnd.nextGaussian();
                a[q] = a[k + q] = v > 0 ? (float) v : (rnd.nextBoolean() ? 0f : -0f);
            }
            for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
            float[] one = new float[n], two = new float[2 * n];
            SmallGemm.sgemm(false, false, 1, n, k, 1f, a, 0, k, b, 3, ldb, 0f, one, 0, n, null, 0, Epilogue.IDENTITY);
            SmallGemm.sgemm(false, false, 2, n, k, 1f, a, 0, k, b, 3, ldb, 0f, two, 0, n, null, 0, Epilogue.IDENTITY);
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToIntBits(two[j]), Float.floatToIntBits(one[j]), "n=" + n + " [" + j + "]");
                double e = 0;
                for (int p = 0; p < k; p++) e += (double) a[p] * b[3 + p * ldb + j];
                assertEquals(e, one[j], 1e-4 * Math.max(1, Math.abs(e)), "n=" + n + " [" + j + "]");
            }
            int zeroRow = 0;
            while (a[zeroRow] != 0f) zeroRow++;
            java.util.Arrays.fill(b, 3 + zeroRow * ldb, 3 + zeroRow * ldb + n, Float.NaN);
            SmallGemm.sgemm(false, false, 1, n, k, 1f, a, 0, k, b, 3, ldb, 0f, one, 0, n, null, 0, Epilogue.IDENTITY);
            for (int j = 0; j < n; j++) assertEquals(Float.floatToIntBits(two[j]), Float.floatToIntBits(one[j]), "NaN row skipped, n=" + n + " [" + j + "]");
        }
    }

    /**
     * A wide one-row product (the 16- and 8-vector column blocks) gives the same bits as the
     * same row inside a two-row product (the two-row blocks): the blocking never changes a bit.
     */
    @Test
    void oneRowProductsMatchTheTwoRowLoopBitForBit() {
        Random rnd = new Random(17);
        for (int n : new int[] {257, 300, 512}) {
            for (Epilogue act : Epilogue.values()) {
                int k = 131, ldb = n + 5;
                float[] a = new float[2 * k], b = new float[3 + k * ldb], bias = new float[n + 1];
                for (int q = 0; q < k; q++) a[q] = a[k + q] = (float) rnd.nextGaussian();
                for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
                for (int q = 0; q < bias.length; q++) bias[q] = (float) rnd.nextGaussian();
                float[] one = new float[n], two = new float[2 * n];
                SmallGemm.sgemm(false, false, 1, n, k, 1f, a, 0, k, b, 3, ldb, 0f, one, 0, n, bias, 1, act);
                SmallGemm.sgemm(false, false, 2, n, k, 1f, a, 0, k, b, 3, ldb, 0f, two, 0, n, bias, 1, act);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToIntBits(two[j]), Float.floatToIntBits(one[j]), "n=" + n + " " + act + " [" + j + "]");
                }
            }
        }
    }

    /**
     * Every row of a many-row product (six-row blocks of four vectors, twelve-row blocks of
     * two, four- and two-row blocks, with both transposes of A) has the bits of that row
     * computed alone by the one-row loop: C2 compiles the blocks separately, and the
     * determinism of training rests on none of them changing a bit.
     */
    @Test
    void everyRowBlockGivesTheBitsOfTheOneRowLoop() {
        Random rnd = new Random(23);
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        for (int m : new int[] {5, 6, 7, 12, 13, 17, 30}) {
            for (int n : new int[] {2 * lanes, 2 * lanes + 3, 3 * lanes, 4 * lanes, 4 * lanes + 5, 6 * lanes + 1, 16 * lanes}) {
                for (boolean transA : new boolean[] {false, true}) {
                    int k = 37;
                    float[] a = new float[m * k], b = new float[k * n], bias = new float[n];
                    for (int q = 0; q < a.length; q++) a[q] = (float) rnd.nextGaussian();
                    for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
                    for (int q = 0; q < n; q++) bias[q] = (float) rnd.nextGaussian();
                    Epilogue act = transA ? null : Epilogue.RELU;
                    float[] all = new float[m * n];
                    SmallGemm.sgemm(transA, false, m, n, k, 1f, a, 0, transA ? m : k, b, 0, n, 0f, all, 0, n,
                            transA ? null : bias, 0, act);
                    for (int i = 0; i < m; i++) {
                        float[] row = new float[k], one = new float[n];
                        for (int p = 0; p < k; p++) row[p] = transA ? a[p * m + i] : a[i * k + p];
                        SmallGemm.sgemm(false, false, 1, n, k, 1f, row, 0, k, b, 0, n, 0f, one, 0, n,
                                transA ? null : bias, 0, act);
                        for (int j = 0; j < n; j++) {
                            assertEquals(Float.floatToIntBits(one[j]), Float.floatToIntBits(all[i * n + j]),
                                    "m=" + m + " n=" + n + " transA=" + transA + " [" + i + "," + j + "]");
                        }
                    }
                }
            }
        }
    }
}
