package nnc.runtime.kernels;

import java.util.Arrays;

/**
 * Keras 3 GRU with {@code reset_after = true} (the default) over a whole sequence: gate order
 * z, r, h; {@code kernel: [input, 3u]}, {@code recurrent_kernel: [u, 3u]},
 * {@code bias: [2, 3u]} (input bias row, then recurrent bias row); zero initial state:
 * {@code z = recAct(x Wz + bz + h Uz + cz)}, {@code r = recAct(x Wr + br + h Ur + cr)},
 * {@code hh = act(x Wh + bh + r * (h Uh + ch))}, {@code h' = z h + (1 - z) hh}.
 *
 * <p>Caches: {@code gates: [batch, time, 3u]} (z, r, hh after activation),
 * {@code recH: [batch, time, u]} (the recurrent part {@code h Uh + ch}, needed for r's
 * gradient) and the outputs {@code h: [batch, time, u]}. Structure as {@link Lstm}: one input
 * GEMM for the sequence, one recurrent GEMM per step, fused elementwise updates, BPTT per step.
 */
public final class Gru {
    private Gru() {}

    /** Floats of workspace for {@link #forward}: one {@code [batch, 3u]} block. */
    public static int forwardWorkspaceSize(RnnShape s) {
        return s.batch() * 3 * s.units();
    }

    /** Floats of workspace for {@link #backward}: {@code dXG} and {@code dRec} ({@code [batch, time, 3u]} each) and two {@code [batch, u]} rows. */
    public static int backwardWorkspaceSize(RnnShape s) {
        return 2 * s.rows() * 3 * s.units() + 2 * s.batch() * s.units();
    }

    public static void forward(RnnShape s, Activation act, Activation recAct,
                               float[] x, int xOff, float[] kernel, int kOff, float[] rk, int rkOff, float[] bias, int bOff,
                               float[] gates, int gOff, float[] recH, int rOff, float[] h, int hOff, float[] work) {
        boolean vec = !KernelConfig.scalar();
        int n = 3 * s.units();
        Lanes.gemm(vec, false, false, s.rows(), n, s.input(), x, xOff, s.input(), kernel, kOff, n, 0f, gates, gOff, n, bias, bOff);
        for (int t = 0; t < s.time(); t++) forwardStep(s, t, act, recAct, rk, rkOff, bias, bOff, gates, gOff, recH, rOff, h, hOff, work, vec);
    }

    /** Step {@code t}; {@code work} holds {@code [batch, 3u]} of recurrent projections. */
    public static void forwardStep(RnnShape s, int t, Activation act, Activation recAct, float[] rk, int rkOff,
                                   float[] bias, int bOff, float[] gates, int gOff, float[] recH, int rOff,
                                   float[] h, int hOff, float[] work, boolean vec) {
        int u = s.units(), n = 3 * u, T = s.time();
        if (t > 0) {
            Lanes.gemm(vec, false, false, s.batch(), n, u, h, hOff + (t - 1) * u, T * u, rk, rkOff, n, 0f, work, 0, n, bias, bOff + n);
        } else {
            for (int b = 0; b < s.batch(); b++) System.arraycopy(bias, bOff + n, work, b * n, n);
        }
        for (int b = 0; b < s.batch(); b++) {
            int row = b * T + t, g = gOff + row * n, rec = b * n, hr = hOff + row * u, rh = rOff + row * u;
            Lanes.add(gates, g, work, rec, gates, g, 2 * u, vec);                    // z, r pre-activations
            Lanes.act(recAct, gates, g, gates, g, 2 * u, vec);
            System.arraycopy(work, rec + 2 * u, recH, rh, u);                        // h Uh + ch
            Lanes.fma(gates, g + u, recH, rh, gates, g + 2 * u, gates, g + 2 * u, u, vec);  // x_h + r * rec_h
            Lanes.act(act, gates, g + 2 * u, gates, g + 2 * u, u, vec);              // hh
            if (t > 0) {
                Lanes.lerp(gates, g, h, hr - u, gates, g + 2 * u, h, hr, u, vec);     // z h_prev + (1 - z) hh
            } else {
                Lanes.mul(gates, g, gates, g + 2 * u, h, hr, u, vec);
                Lanes.sub(gates, g + 2 * u, h, hr, h, hr, u, vec);                   // (1 - z) hh
            }
        }
    }

    /** Backward pass from {@code dH: [batch, time, u]}; gradients may be null; {@code dBias} is {@code [2, 3u]}. */
    public static void backward(RnnShape s, Activation act, Activation recAct,
                                float[] x, int xOff, float[] kernel, int kOff, float[] rk, int rkOff,
                                float[] gates, int gOff, float[] recH, int rOff, float[] h, int hOff,
                                float[] dH, int dHOff, float[] dX, int dXOff, float[] dKernel, int dkOff,
                                float[] dRk, int drkOff, float[] dBias, int dbOff, boolean accumulate, float[] work) {
        backward(s, act, recAct, x, xOff, kernel, kOff, rk, rkOff, gates, gOff, recH, rOff, h, hOff, dH, dHOff, dX, dXOff, dKernel, dkOff, dRk, drkOff, dBias, dbOff, accumulate, work, !KernelConfig.scalar());
    }

    /** As above; {@code vec = false} runs the scalar twin. */
    static void backward(RnnShape s, Activation act, Activation recAct,
                                float[] x, int xOff, float[] kernel, int kOff, float[] rk, int rkOff,
                                float[] gates, int gOff, float[] recH, int rOff, float[] h, int hOff,
                                float[] dH, int dHOff, float[] dX, int dXOff, float[] dKernel, int dkOff,
                                float[] dRk, int drkOff, float[] dBias, int dbOff, boolean accumulate, float[] work, boolean vec) {
        Lanes.requireFromOutput(act);
        Lanes.requireFromOutput(recAct);
        int u = s.units(), n = 3 * u, T = s.time();
        int dxg = 0, drec = s.rows() * n, carry = 2 * s.rows() * n, tmp = carry + s.batch() * u;
        Arrays.fill(work, carry, tmp, 0f);
        for (int t = T - 1; t >= 0; t--) {
            backwardStep(s, t, act, recAct, rk, rkOff, gates, gOff, recH, rOff, h, hOff, dH, dHOff, work, dxg, drec, carry, tmp, vec);
        }
        // Input side: dX, dW and the input bias from dXG; recurrent side: dU and the recurrent bias from dRec.
        Lstm.parameterGradients(s, n, x, xOff, kernel, kOff, h, hOff, work, dxg, dX, dXOff, dKernel, dkOff, null, 0,
                dBias, dbOff, accumulate, vec);
        Lstm.parameterGradients(s, n, x, xOff, kernel, kOff, h, hOff, work, drec, null, 0, null, 0, dRk, drkOff,
                dBias, dBias == null ? 0 : dbOff + n, accumulate, vec);
    }

    /**
     * One BPTT step: consumes the carried {@code [batch, u]} gradient for h_t, writes
     * {@code dXG[:, t]} (pre-activation gradients on the input side) and {@code dRec[:, t]}
     * (on the recurrent side) and leaves the carry for h_{t-1}.
     */
    public static void backwardStep(RnnShape s, int t, Activation act, Activation recAct, float[] rk, int rkOff,
                                    float[] gates, int gOff, float[] recH, int rOff, float[] h, int hOff,
                                    float[] dH, int dHOff, float[] w, int dxg, int drec, int carry, int tmp, boolean vec) {
        int u = s.units(), n = 3 * u, T = s.time();
        for (int b = 0; b < s.batch(); b++) {
            int row = b * T + t, g = gOff + row * n, xg = dxg + row * n, rc = drec + row * n;
            int dh = carry + b * u, tm = tmp + b * u, rh = rOff + row * u;
            Lanes.add(dH, dHOff + row * u, w, dh, w, dh, u, vec);                 // dh = dH[t] + carry
            // dz = dh (h_prev - hh) recAct'(z)
            if (t > 0) Lanes.sub(h, hOff + (row - 1) * u, gates, g + 2 * u, w, tm, u, vec);
            else Elementwise.scaleScalar(-1f, gates, g + 2 * u, w, tm, u);
            Lanes.mul(w, dh, w, tm, w, xg, u, vec);
            Lanes.actBack(recAct, gates, g, w, xg, w, xg, u, vec);
            // dhh = dh (1 - z) = dh - dh z, then through act.
            Lanes.mul(w, dh, gates, g, w, tm, u, vec);
            Lanes.sub(w, dh, w, tm, w, xg + 2 * u, u, vec);
            Lanes.actBack(act, gates, g + 2 * u, w, xg + 2 * u, w, xg + 2 * u, u, vec);
            // dr = dzh * rec_h, then through recAct.
            Lanes.mul(w, xg + 2 * u, recH, rh, w, xg + u, u, vec);
            Lanes.actBack(recAct, gates, g + u, w, xg + u, w, xg + u, u, vec);
            // Recurrent side: z and r as on the input side, h part scaled by r.
            System.arraycopy(w, xg, w, rc, 2 * u);
            Lanes.mul(w, xg + 2 * u, gates, g + u, w, rc + 2 * u, u, vec);
            // Direct path of the carry: dh z.
            System.arraycopy(w, tm, w, dh, u);
        }
        if (t > 0) {
            Lanes.gemm(vec, false, true, s.batch(), u, n, w, drec + t * n, T * n, rk, rkOff, n, 1f, w, carry, u, null, 0);
        }
    }
}
