package nnc.runtime.kernels;

import java.util.Arrays;

/**
 * Keras SimpleRNN over a whole sequence: {@code h' = act(x W + b + h U)}, zero initial state,
 * {@code kernel: [input, u]}, {@code recurrent_kernel: [u, u]}, {@code bias: [u]}. The outputs
 * {@code h: [batch, time, u]} are also the cache of the backward pass.
 */
public final class SimpleRnn {
    private SimpleRnn() {}

    /** Floats of workspace for {@link #backward}: {@code dZ [batch, time, u]} plus one {@code [batch, u]} row. */
    public static int backwardWorkspaceSize(RnnShape s) {
        return s.rows() * s.units() + s.batch() * s.units();
    }

    public static void forward(RnnShape s, Activation act, float[] x, int xOff, float[] kernel, int kOff,
                               float[] rk, int rkOff, float[] bias, int bOff, float[] h, int hOff) {
        boolean vec = !KernelConfig.scalar();
        int u = s.units(), T = s.time();
        Lanes.gemm(vec, false, false, s.rows(), u, s.input(), x, xOff, s.input(), kernel, kOff, u, 0f, h, hOff, u, bias, bOff);
        for (int t = 0; t < T; t++) forwardStep(s, t, act, rk, rkOff, h, hOff, vec);
    }

    /** Step {@code t}: {@code h[:, t] = act(h[:, t] + h[:, t-1] U)}, where {@code h[:, t]} holds the input projection. */
    public static void forwardStep(RnnShape s, int t, Activation act, float[] rk, int rkOff, float[] h, int hOff, boolean vec) {
        int u = s.units(), T = s.time();
        if (t > 0) Lanes.gemm(vec, false, false, s.batch(), u, u, h, hOff + (t - 1) * u, T * u, rk, rkOff, u, 1f, h, hOff + t * u, T * u, null, 0);
        for (int b = 0; b < s.batch(); b++) Lanes.act(act, h, hOff + (b * T + t) * u, h, hOff + (b * T + t) * u, u, vec);
    }

    public static void backward(RnnShape s, Activation act, float[] x, int xOff, float[] kernel, int kOff,
                                float[] rk, int rkOff, float[] h, int hOff, float[] dH, int dHOff,
                                float[] dX, int dXOff, float[] dKernel, int dkOff, float[] dRk, int drkOff,
                                float[] dBias, int dbOff, boolean accumulate, float[] work) {
        backward(s, act, x, xOff, kernel, kOff, rk, rkOff, h, hOff, dH, dHOff, dX, dXOff, dKernel, dkOff, dRk, drkOff, dBias, dbOff, accumulate, work, !KernelConfig.scalar());
    }

    /** As above; {@code vec = false} runs the scalar twin. */
    static void backward(RnnShape s, Activation act, float[] x, int xOff, float[] kernel, int kOff,
                                float[] rk, int rkOff, float[] h, int hOff, float[] dH, int dHOff,
                                float[] dX, int dXOff, float[] dKernel, int dkOff, float[] dRk, int drkOff,
                                float[] dBias, int dbOff, boolean accumulate, float[] work, boolean vec) {
        Lanes.requireFromOutput(act);
        int u = s.units(), T = s.time(), dz = 0, carry = s.rows() * u;
        Arrays.fill(work, carry, carry + s.batch() * u, 0f);
        for (int t = T - 1; t >= 0; t--) backwardStep(s, t, act, rk, rkOff, h, hOff, dH, dHOff, work, dz, carry, vec);
        Lstm.parameterGradients(s, u, x, xOff, kernel, kOff, h, hOff, work, dz, dX, dXOff, dKernel, dkOff, dRk, drkOff,
                dBias, dbOff, accumulate, vec);
    }

    /** One BPTT step: {@code dZ[:, t] = (dH[:, t] + carry) act'(h)}; carry becomes {@code dZ[:, t] U^T}. */
    public static void backwardStep(RnnShape s, int t, Activation act, float[] rk, int rkOff, float[] h, int hOff,
                                    float[] dH, int dHOff, float[] w, int dz, int carry, boolean vec) {
        int u = s.units(), T = s.time();
        for (int b = 0; b < s.batch(); b++) {
            int row = b * T + t;
            Lanes.add(dH, dHOff + row * u, w, carry + b * u, w, dz + row * u, u, vec);
            Lanes.actBack(act, h, hOff + row * u, w, dz + row * u, w, dz + row * u, u, vec);
        }
        if (t > 0) Lanes.gemm(vec, false, true, s.batch(), u, u, w, dz + t * u, T * u, rk, rkOff, u, 0f, w, carry, u, null, 0);
    }
}
