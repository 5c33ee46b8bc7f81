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
            for (int n : new int[] {1, 7, 8, 33, 67}) {
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
}
