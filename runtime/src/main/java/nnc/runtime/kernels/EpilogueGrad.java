package nnc.runtime.kernels;

/**
 * Backward helpers matching the fused GEMM epilogue {@code Y = act(X W + b)}:
 * the activation derivative times the upstream gradient (in place), and the bias gradient as a
 * column sum. Matrices are row-major with offsets and leading dimensions.
 */
public final class EpilogueGrad {
    private EpilogueGrad() {}

    /**
     * {@code dy[i][j] *= act'(y[i][j])} for an {@code m x n} block, where the derivative is taken
     * from the forward <em>output</em> {@code y} (see {@link Epilogue#derivativeFromOutput}).
     * Afterwards {@code dy} holds the gradient with respect to the pre-activation value.
     */
    public static void activationBackward(Epilogue act, int m, int n,
                                          float[] y, int yOff, int ldy,
                                          float[] dy, int dyOff, int lddy) {
        if (act == Epilogue.IDENTITY) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int yr = yOff + i * ldy;
            int dr = dyOff + i * lddy;
            for (int j = 0; j < n; j++) {
                dy[dr + j] *= act.derivativeFromOutput(y[yr + j]);
            }
        }
    }

    /**
     * Bias gradient: {@code db[j] = sum_i dy[i][j]} over an {@code m x n} block, or
     * {@code db[j] += ...} when {@code accumulate}. Rows are summed in order, so the result does
     * not depend on threads.
     */
    public static void biasGradient(int m, int n, float[] dy, int dyOff, int lddy,
                                    float[] db, int dbOff, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(db, dbOff, dbOff + n, 0f);
        }
        for (int i = 0; i < m; i++) {
            int dr = dyOff + i * lddy;
            for (int j = 0; j < n; j++) {
                db[dbOff + j] += dy[dr + j];
            }
        }
    }
}
