package nnc.runtime.kernels;

import static nnc.runtime.kernels.GemmKernels.L;
import static nnc.runtime.kernels.GemmKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Backward helpers matching the fused GEMM epilogue {@code Y = act(X W + b)}: the activation
 * derivative times the upstream gradient (in place), and the bias gradient as a column sum.
 * Matrices are row-major with offsets and leading dimensions. Vector loops with a scalar tail;
 * {@code -Dnnc.scalar=true} takes the scalar twins ({@code *Scalar}), which compute the same
 * expressions in the same order, so both paths give the same bits.
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
        if (KernelConfig.scalar()) {
            activationBackwardScalar(act, m, n, y, yOff, ldy, dy, dyOff, lddy);
            return;
        }
        if (act == Epilogue.IDENTITY) {
            return;
        }
        int bound = S.loopBound(n);
        for (int i = 0; i < m; i++) {
            int yr = yOff + i * ldy;
            int dr = dyOff + i * lddy;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector yv = FloatVector.fromArray(S, y, yr + j);
                FloatVector dv = FloatVector.fromArray(S, dy, dr + j);
                FloatVector d = switch (act) {
                    case RELU -> dv.blend(0f, yv.compare(VectorOperators.GT, 0f).not());
                    case SIGMOID -> dv.mul(yv.mul(yv.neg().add(1f)));
                    case TANH -> dv.mul(yv.mul(yv).neg().add(1f));
                    default -> dv;
                };
                d.intoArray(dy, dr + j);
            }
            for (; j < n; j++) {
                dy[dr + j] = scalarStep(act, y[yr + j], dy[dr + j]);
            }
        }
    }

    /** The scalar twin of {@link #activationBackward}. */
    public static void activationBackwardScalar(Epilogue act, int m, int n,
                                                float[] y, int yOff, int ldy,
                                                float[] dy, int dyOff, int lddy) {
        if (act == Epilogue.IDENTITY) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int yr = yOff + i * ldy;
            int dr = dyOff + i * lddy;
            for (int j = 0; j < n; j++) {
                dy[dr + j] = scalarStep(act, y[yr + j], dy[dr + j]);
            }
        }
    }

    /** {@code d * act'(y)}, written as the vector loop writes it. */
    private static float scalarStep(Epilogue act, float y, float d) {
        return switch (act) {
            case RELU -> y > 0f ? d : 0f;
            case SIGMOID -> d * (y * (-y + 1f));
            case TANH -> d * (-(y * y) + 1f);
            default -> d;
        };
    }

    /**
     * Bias gradient: {@code db[j] = sum_i dy[i][j]} over an {@code m x n} block, or
     * {@code db[j] += ...} when {@code accumulate}. Rows are added in order, so the result does
     * not depend on threads.
     */
    public static void biasGradient(int m, int n, float[] dy, int dyOff, int lddy,
                                    float[] db, int dbOff, boolean accumulate) {
        if (KernelConfig.scalar()) {
            biasGradientScalar(m, n, dy, dyOff, lddy, db, dbOff, accumulate);
            return;
        }
        if (!accumulate) {
            Arrays.fill(db, dbOff, dbOff + n, 0f);
        }
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, n);
            FloatVector s = FloatVector.fromArray(S, db, dbOff + j, mask);
            for (int i = 0, at = dyOff + j; i < m; i++, at += lddy) {
                s = s.add(FloatVector.fromArray(S, dy, at, mask));
            }
            s.intoArray(db, dbOff + j, mask);
        }
    }

    /** The scalar twin of {@link #biasGradient}. */
    public static void biasGradientScalar(int m, int n, float[] dy, int dyOff, int lddy,
                                          float[] db, int dbOff, boolean accumulate) {
        if (!accumulate) {
            Arrays.fill(db, dbOff, dbOff + n, 0f);
        }
        for (int i = 0; i < m; i++) {
            int dr = dyOff + i * lddy;
            for (int j = 0; j < n; j++) {
                db[dbOff + j] += dy[dr + j];
            }
        }
    }
}
