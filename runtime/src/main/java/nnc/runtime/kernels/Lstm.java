package nnc.runtime.kernels;

import java.util.Arrays;

/**
 * Keras LSTM over a whole sequence: gate order i, f, c, o; {@code kernel: [input, 4u]},
 * {@code recurrent_kernel: [u, 4u]}, {@code bias: [4u]}; zero initial state;
 * {@code i, f, o = recAct(z)}, {@code g = act(z_c)}, {@code c' = f c + i g},
 * {@code h' = o act(c')} (defaults act = tanh, recAct = sigmoid).
 *
 * <p>Forward: one GEMM projects the inputs of every step at once
 * ({@link #inputProjection}); each {@link #forwardStep} adds one GEMM for the recurrence and
 * does the elementwise update. The caches the backward pass needs are the activated gates
 * {@code gates: [batch, time, 4u]}, the cell states {@code cells: [batch, time, u]} and the
 * outputs {@code h: [batch, time, u]} (which are also the layer's return_sequences output;
 * the last step {@code h[:, time - 1]} is its return_sequences = false output).
 *
 * <p>Backward (BPTT): {@link #backwardStep} per step from the last to the first, then three
 * whole-sequence GEMMs for the input gradient and the kernel and bias gradients
 * ({@link #backward} does it all). Every method has a {@code vec} twin switch internally;
 * {@link KernelConfig#scalar()} selects the scalar loops and {@link GemmScalar}.
 */
public final class Lstm {
    private Lstm() {}

    /** Floats of workspace for {@link #backward}: {@code dZ [batch, time, 4u]} plus three {@code [batch, u]} rows. */
    public static int backwardWorkspaceSize(RnnShape s) {
        return s.rows() * 4 * s.units() + 3 * s.batch() * s.units();
    }

    /** Runs the whole forward pass, filling {@code gates}, {@code cells} and {@code h}. */
    public static void forward(RnnShape s, Activation act, Activation recAct,
                               float[] x, int xOff, float[] kernel, int kOff, float[] rk, int rkOff, float[] bias, int bOff,
                               float[] gates, int gOff, float[] cells, int cOff, float[] h, int hOff) {
        boolean vec = !KernelConfig.scalar();
        inputProjection(s, x, xOff, kernel, kOff, bias, bOff, gates, gOff, vec);
        for (int t = 0; t < s.time(); t++) forwardStep(s, t, act, recAct, rk, rkOff, gates, gOff, cells, cOff, h, hOff, vec);
    }

    /** {@code gates[b, t] = x[b, t] kernel + bias} for every step (one GEMM, m = batch * time). */
    public static void inputProjection(RnnShape s, float[] x, int xOff, float[] kernel, int kOff, float[] bias, int bOff,
                                       float[] gates, int gOff, boolean vec) {
        int n = 4 * s.units();
        Lanes.gemm(vec, false, false, s.rows(), n, s.input(), x, xOff, s.input(), kernel, kOff, n, 0f, gates, gOff, n, bias, bOff);
    }

    /** Step {@code t}: recurrence GEMM into the projected gates, activations, state update. */
    public static void forwardStep(RnnShape s, int t, Activation act, Activation recAct, float[] rk, int rkOff,
                                   float[] gates, int gOff, float[] cells, int cOff, float[] h, int hOff, boolean vec) {
        int u = s.units(), T = s.time();
        if (t > 0) {
            Lanes.gemm(vec, false, false, s.batch(), 4 * u, u, h, hOff + (t - 1) * u, T * u, rk, rkOff, 4 * u,
                    1f, gates, gOff + t * 4 * u, T * 4 * u, null, 0);
        }
        for (int b = 0; b < s.batch(); b++) {
            int row = b * T + t, g = gOff + row * 4 * u, c = cOff + row * u, hr = hOff + row * u;
            Lanes.act(recAct, gates, g, gates, g, 2 * u, vec);              // i, f
            Lanes.act(act, gates, g + 2 * u, gates, g + 2 * u, u, vec);     // g
            Lanes.act(recAct, gates, g + 3 * u, gates, g + 3 * u, u, vec);  // o
            Lanes.mul(gates, g, gates, g + 2 * u, cells, c, u, vec);        // c = i g
            if (t > 0) Lanes.fma(gates, g + u, cells, c - u, cells, c, cells, c, u, vec);   // c += f c_prev
            Lanes.act(act, cells, c, h, hr, u, vec);
            Lanes.mul(gates, g + 3 * u, h, hr, h, hr, u, vec);              // h = o act(c)
        }
    }

    /**
     * The full backward pass from {@code dH: [batch, time, u]} (gradient of the loss with
     * respect to every output h; zeros except the last step for return_sequences = false).
     * {@code dX}, {@code dKernel}, {@code dRk}, {@code dBias} may each be null; with
     * {@code accumulate} the parameter gradients are added to the arrays' contents.
     */
    public static void backward(RnnShape s, Activation act, Activation recAct,
                                float[] x, int xOff, float[] kernel, int kOff, float[] rk, int rkOff,
                                float[] gates, int gOff, float[] cells, int cOff, float[] h, int hOff,
                                float[] dH, int dHOff, float[] dX, int dXOff, float[] dKernel, int dkOff,
                                float[] dRk, int drkOff, float[] dBias, int dbOff, boolean accumulate, float[] work) {
        backward(s, act, recAct, x, xOff, kernel, kOff, rk, rkOff, gates, gOff, cells, cOff, h, hOff, dH, dHOff, dX, dXOff, dKernel, dkOff, dRk, drkOff, dBias, dbOff, accumulate, work, !KernelConfig.scalar());
    }

    /** As above; {@code vec = false} runs the scalar twin. */
    static void backward(RnnShape s, Activation act, Activation recAct,
                                float[] x, int xOff, float[] kernel, int kOff, float[] rk, int rkOff,
                                float[] gates, int gOff, float[] cells, int cOff, float[] h, int hOff,
                                float[] dH, int dHOff, float[] dX, int dXOff, float[] dKernel, int dkOff,
                                float[] dRk, int drkOff, float[] dBias, int dbOff, boolean accumulate, float[] work, boolean vec) {
        Lanes.requireFromOutput(act);
        Lanes.requireFromOutput(recAct);
        int u = s.units(), n = 4 * u, T = s.time();
        int dz = 0, dhNext = s.rows() * n, dcNext = dhNext + s.batch() * u, tmp = dcNext + s.batch() * u;
        Arrays.fill(work, dhNext, tmp, 0f);
        for (int t = T - 1; t >= 0; t--) {
            backwardStep(s, t, act, recAct, rk, rkOff, gates, gOff, cells, cOff, dH, dHOff, work, dz, dhNext, dcNext, tmp, vec);
        }
        parameterGradients(s, n, x, xOff, kernel, kOff, h, hOff, work, dz, dX, dXOff, dKernel, dkOff, dRk, drkOff,
                dBias, dbOff, accumulate, vec);
    }

    /**
     * One BPTT step: reads the carried {@code dhNext}/{@code dcNext} ({@code [batch, u]}
     * each, zero before the last step), writes the pre-activation gate gradients
     * {@code dZ[:, t]} and replaces the carries by those for step {@code t - 1}.
     * {@code tmp} is {@code [batch, u]} scratch.
     */
    public static void backwardStep(RnnShape s, int t, Activation act, Activation recAct, float[] rk, int rkOff,
                                    float[] gates, int gOff, float[] cells, int cOff, float[] dH, int dHOff,
                                    float[] w, int dz, int dhNext, int dcNext, int tmp, boolean vec) {
        int u = s.units(), n = 4 * u, T = s.time();
        for (int b = 0; b < s.batch(); b++) {
            int row = b * T + t, g = gOff + row * n, c = cOff + row * u, z = dz + row * n;
            int dh = dhNext + b * u, dc = dcNext + b * u, tc = tmp + b * u;
            Lanes.add(dH, dHOff + row * u, w, dh, w, dh, u, vec);                 // dh = dH[t] + carry
            Lanes.act(act, cells, c, w, tc, u, vec);                             // act(c)
            Lanes.mul(w, dh, w, tc, w, z + 3 * u, u, vec);                       // do = dh act(c)
            Lanes.actBack(recAct, gates, g + 3 * u, w, z + 3 * u, w, z + 3 * u, u, vec);
            Lanes.mul(w, dh, gates, g + 3 * u, w, z + 2 * u, u, vec);            // dh o (scratch)
            Lanes.actBack(act, w, tc, w, z + 2 * u, w, z + 2 * u, u, vec);       //   * act'(c)
            Lanes.add(w, dc, w, z + 2 * u, w, dc, u, vec);                       // dc = carry + ...
            Lanes.mul(w, dc, gates, g + 2 * u, w, z, u, vec);                    // di = dc g
            Lanes.actBack(recAct, gates, g, w, z, w, z, u, vec);
            if (t > 0) {
                Lanes.mul(w, dc, cells, c - u, w, z + u, u, vec);                // df = dc c_prev
                Lanes.actBack(recAct, gates, g + u, w, z + u, w, z + u, u, vec);
            } else {
                Arrays.fill(w, z + u, z + 2 * u, 0f);
            }
            Lanes.mul(w, dc, gates, g, w, z + 2 * u, u, vec);                    // dg = dc i
            Lanes.actBack(act, gates, g + 2 * u, w, z + 2 * u, w, z + 2 * u, u, vec);
            Lanes.mul(w, dc, gates, g + u, w, dc, u, vec);                       // carry dc f
        }
        // dh carry for step t - 1: dZ[:, t] recurrent_kernel^T.
        if (t > 0) {
            Lanes.gemm(vec, false, true, s.batch(), u, n, w, dz + t * n, T * n, rk, rkOff, n, 0f, w, dhNext, u, null, 0);
        }
    }

    /** dX = dZ W^T, dW = X^T dZ, dU = sum_b H[b, :-1]^T dZ[b, 1:], db = column sums of dZ. */
    static void parameterGradients(RnnShape s, int n, float[] x, int xOff, float[] kernel, int kOff,
                                   float[] h, int hOff, float[] w, int dz,
                                   float[] dX, int dXOff, float[] dKernel, int dkOff, float[] dRk, int drkOff,
                                   float[] dBias, int dbOff, boolean accumulate, boolean vec) {
        int u = s.units(), T = s.time(), in = s.input();
        float beta = accumulate ? 1f : 0f;
        if (dX != null) Lanes.gemm(vec, false, true, s.rows(), in, n, w, dz, n, kernel, kOff, n, 0f, dX, dXOff, in, null, 0);
        if (dKernel != null) Lanes.gemm(vec, true, false, in, n, s.rows(), x, xOff, in, w, dz, n, beta, dKernel, dkOff, n, null, 0);
        if (dRk != null) {
            if (!accumulate) Arrays.fill(dRk, drkOff, drkOff + u * n, 0f);
            for (int b = 0; b < s.batch() && T > 1; b++) {
                Lanes.gemm(vec, true, false, u, n, T - 1, h, hOff + b * T * u, u, w, dz + (b * T + 1) * n, n,
                        1f, dRk, drkOff, n, null, 0);
            }
        }
        if (dBias != null) {
            if (vec) Reductions.sumCols(w, dz, s.rows(), n, dBias, dbOff, accumulate);
            else Reductions.sumScalar(w, dz, 1, s.rows(), n, 1f, dBias, dbOff, accumulate);
        }
    }
}
