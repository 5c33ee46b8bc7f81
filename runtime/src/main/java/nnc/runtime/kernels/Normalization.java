package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Batch and layer normalisation over the last axis of {@code x: [rows, channels]} (for images,
 * rows = batch * h * w). Keras 3 semantics: batchnorm normalises with the batch mean and the
 * biased batch variance in training and updates
 * {@code moving = momentum * moving + (1 - momentum) * batch_stat}; inference uses the moving
 * statistics. Layernorm normalises each row. Both cache {@code mean} and
 * {@code invStd = 1 / sqrt(var + epsilon)} for the backward pass, which recomputes
 * {@code xhat} from {@code x}. Each method takes {@code vec}: false runs the scalar twin; the
 * overloads without it follow {@link KernelConfig#scalar()}.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Batchnorm training forward: per-channel batch statistics into {@code mean}/{@code invStd}
     * ({@code [channels]}), {@code y = gamma * xhat + beta}, moving statistics updated in place.
     */
    public static void batchNormTrain(int rows, int ch, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff,
                                      float[] movingMean, int mmOff, float[] movingVar, int mvOff, float momentum, float epsilon,
                                      float[] mean, int meanOff, float[] invStd, int isOff, float[] y, int yOff) {
        batchNormTrain(rows, ch, x, xOff, gamma, gOff, beta, bOff, movingMean, mmOff, movingVar, mvOff, momentum, epsilon,
                mean, meanOff, invStd, isOff, y, yOff, !Simd.scalar(ch));
    }

    public static void batchNormTrain(int rows, int ch, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff,
                                      float[] movingMean, int mmOff, float[] movingVar, int mvOff, float momentum, float epsilon,
                                      float[] mean, int meanOff, float[] invStd, int isOff, float[] y, int yOff, boolean vec) {
        // mean, then the biased variance as a second pass (no cancellation), both column-wise.
        columnSum(rows, ch, x, xOff, null, 0, mean, meanOff, vec);
        for (int c = 0; c < ch; c++) mean[meanOff + c] /= rows;
        columnSum(rows, ch, x, xOff, mean, meanOff, invStd, isOff, vec);   // sum (x - mean)^2
        for (int c = 0; c < ch; c++) {
            float var = invStd[isOff + c] / rows;
            movingMean[mmOff + c] = momentum * movingMean[mmOff + c] + (1 - momentum) * mean[meanOff + c];
            movingVar[mvOff + c] = momentum * movingVar[mvOff + c] + (1 - momentum) * var;
            invStd[isOff + c] = (float) (1 / Math.sqrt(var + epsilon));
        }
        affine(rows, ch, x, xOff, mean, meanOff, invStd, isOff, gamma, gOff, beta, bOff, y, yOff, vec);
    }

    /**
     * Batchnorm inference: {@code y = gamma * (x - movingMean) / sqrt(movingVar + eps) + beta}.
     * {@code scratch} holds {@code [channels]} floats.
     */
    public static void batchNormInference(int rows, int ch, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff,
                                          float[] movingMean, int mmOff, float[] movingVar, int mvOff, float epsilon,
                                          float[] scratch, float[] y, int yOff) {
        for (int c = 0; c < ch; c++) scratch[c] = (float) (1 / Math.sqrt(movingVar[mvOff + c] + epsilon));
        affine(rows, ch, x, xOff, movingMean, mmOff, scratch, 0, gamma, gOff, beta, bOff, y, yOff, !Simd.scalar(ch));
    }

    /**
     * Batchnorm backward from the cached statistics: {@code dGamma = sum dy xhat},
     * {@code dBeta = sum dy} (overwritten, or added with {@code accumulate}) and
     * {@code dx = gamma invStd / N (N dy - sum dy - xhat sum dy xhat)}. {@code scratch}
     * holds {@code 2 * channels} floats.
     */
    public static void batchNormBackward(int rows, int ch, float[] x, int xOff, float[] dy, int dyOff,
                                         float[] gamma, int gOff, float[] mean, int meanOff, float[] invStd, int isOff,
                                         float[] dx, int dxOff, float[] dGamma, int dgOff, float[] dBeta, int dbOff,
                                         boolean accumulate, float[] scratch) {
        batchNormBackward(rows, ch, x, xOff, dy, dyOff, gamma, gOff, mean, meanOff, invStd, isOff, dx, dxOff,
                dGamma, dgOff, dBeta, dbOff, accumulate, scratch, !Simd.scalar(ch));
    }

    public static void batchNormBackward(int rows, int ch, float[] x, int xOff, float[] dy, int dyOff,
                                         float[] gamma, int gOff, float[] mean, int meanOff, float[] invStd, int isOff,
                                         float[] dx, int dxOff, float[] dGamma, int dgOff, float[] dBeta, int dbOff,
                                         boolean accumulate, float[] scratch, boolean vec) {
        int sg = 0, sb = ch;   // scratch: sum(dy * xhat), sum(dy)
        Arrays.fill(scratch, 0, 2 * ch, 0f);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ch, dr = dyOff + r * ch, c = 0;
            if (vec) {
                for (int e = S.loopBound(ch); c < e; c += L) {
                    var xh = v(x, xr + c).sub(v(mean, meanOff + c)).mul(v(invStd, isOff + c));
                    var d = v(dy, dr + c);
                    d.fma(xh, v(scratch, sg + c)).intoArray(scratch, sg + c);
                    d.add(v(scratch, sb + c)).intoArray(scratch, sb + c);
                }
            }
            for (; c < ch; c++) {
                float xh = (x[xr + c] - mean[meanOff + c]) * invStd[isOff + c];
                scratch[sg + c] = Math.fma(dy[dr + c], xh, scratch[sg + c]);
                scratch[sb + c] += dy[dr + c];
            }
        }
        if (dx != null) {
            float invN = 1f / rows;
            for (int r = 0; r < rows; r++) {
                int xr = xOff + r * ch, dr = dyOff + r * ch, or = dxOff + r * ch, c = 0;
                if (vec) {
                    for (int e = S.loopBound(ch); c < e; c += L) {
                        var is = v(invStd, isOff + c);
                        var xh = v(x, xr + c).sub(v(mean, meanOff + c)).mul(is);
                        var inner = v(dy, dr + c).sub(v(scratch, sb + c).mul(invN)).sub(xh.mul(v(scratch, sg + c).mul(invN)));
                        inner.mul(v(gamma, gOff + c).mul(is)).intoArray(dx, or + c);
                    }
                }
                for (; c < ch; c++) {
                    float is = invStd[isOff + c];
                    float xh = (x[xr + c] - mean[meanOff + c]) * is;
                    float inner = dy[dr + c] - scratch[sb + c] * invN - xh * (scratch[sg + c] * invN);
                    dx[or + c] = inner * (gamma[gOff + c] * is);
                }
            }
        }
        for (int c = 0; c < ch; c++) {
            if (dGamma != null) dGamma[dgOff + c] = (accumulate ? dGamma[dgOff + c] : 0f) + scratch[sg + c];
            if (dBeta != null) dBeta[dbOff + c] = (accumulate ? dBeta[dbOff + c] : 0f) + scratch[sb + c];
        }
    }

    /** Layernorm forward over each row: statistics into {@code mean}/{@code invStd} ({@code [rows]}). */
    public static void layerNorm(int rows, int ch, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff,
                                 float epsilon, float[] mean, int meanOff, float[] invStd, int isOff, float[] y, int yOff) {
        layerNorm(rows, ch, x, xOff, gamma, gOff, beta, bOff, epsilon, mean, meanOff, invStd, isOff, y, yOff, !Simd.scalar(ch));
    }

    public static void layerNorm(int rows, int ch, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff,
                                 float epsilon, float[] mean, int meanOff, float[] invStd, int isOff, float[] y, int yOff, boolean vec) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ch, yr = yOff + r * ch;
            float m = rowSum(x, xr, ch, 0f, false, vec) / ch;
            float var = rowSum(x, xr, ch, m, true, vec) / ch;
            float is = (float) (1 / Math.sqrt(var + epsilon));
            mean[meanOff + r] = m;
            invStd[isOff + r] = is;
            int c = 0;
            if (vec) {
                for (int e = S.loopBound(ch); c < e; c += L) {
                    v(x, xr + c).sub(m).mul(is).fma(v(gamma, gOff + c), v(beta, bOff + c)).intoArray(y, yr + c);
                }
            }
            for (; c < ch; c++) y[yr + c] = Math.fma((x[xr + c] - m) * is, gamma[gOff + c], beta[bOff + c]);
        }
    }

    /**
     * Layernorm backward: {@code dx = invStd / C (C g - sum g - xhat sum g xhat)} with
     * {@code g = dy * gamma}; {@code dGamma}, {@code dBeta} as column sums.
     */
    public static void layerNormBackward(int rows, int ch, float[] x, int xOff, float[] dy, int dyOff,
                                         float[] gamma, int gOff, float[] mean, int meanOff, float[] invStd, int isOff,
                                         float[] dx, int dxOff, float[] dGamma, int dgOff, float[] dBeta, int dbOff,
                                         boolean accumulate) {
        layerNormBackward(rows, ch, x, xOff, dy, dyOff, gamma, gOff, mean, meanOff, invStd, isOff, dx, dxOff,
                dGamma, dgOff, dBeta, dbOff, accumulate, !Simd.scalar(ch));
    }

    public static void layerNormBackward(int rows, int ch, float[] x, int xOff, float[] dy, int dyOff,
                                         float[] gamma, int gOff, float[] mean, int meanOff, float[] invStd, int isOff,
                                         float[] dx, int dxOff, float[] dGamma, int dgOff, float[] dBeta, int dbOff,
                                         boolean accumulate, boolean vec) {
        if (!accumulate) {
            if (dGamma != null) Arrays.fill(dGamma, dgOff, dgOff + ch, 0f);
            if (dBeta != null) Arrays.fill(dBeta, dbOff, dbOff + ch, 0f);
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ch, dr = dyOff + r * ch, or = dxOff + r * ch;
            float m = mean[meanOff + r], is = invStd[isOff + r];
            float sumG = 0f, sumGX = 0f;
            int c = 0;
            if (vec) {
                FloatVector aG = FloatVector.zero(S), aGX = FloatVector.zero(S);
                for (int e = S.loopBound(ch); c < e; c += L) {
                    var d = v(dy, dr + c);
                    var xh = v(x, xr + c).sub(m).mul(is);
                    var g = d.mul(v(gamma, gOff + c));
                    aG = aG.add(g);
                    aGX = g.fma(xh, aGX);
                    if (dGamma != null) d.fma(xh, v(dGamma, dgOff + c)).intoArray(dGamma, dgOff + c);
                    if (dBeta != null) d.add(v(dBeta, dbOff + c)).intoArray(dBeta, dbOff + c);
                }
                sumG = LaneSum.of(aG);
                sumGX = LaneSum.of(aGX);
            }
            for (; c < ch; c++) {
                float d = dy[dr + c], xh = (x[xr + c] - m) * is, g = d * gamma[gOff + c];
                sumG += g;
                sumGX = Math.fma(g, xh, sumGX);
                if (dGamma != null) dGamma[dgOff + c] = Math.fma(d, xh, dGamma[dgOff + c]);
                if (dBeta != null) dBeta[dbOff + c] += d;
            }
            if (dx == null) continue;
            float mG = sumG / ch, mGX = sumGX / ch;
            c = 0;
            if (vec) {
                for (int e = S.loopBound(ch); c < e; c += L) {
                    var xh = v(x, xr + c).sub(m).mul(is);
                    var g = v(dy, dr + c).mul(v(gamma, gOff + c));
                    g.sub(mG).sub(xh.mul(mGX)).mul(is).intoArray(dx, or + c);
                }
            }
            for (; c < ch; c++) {
                float xh = (x[xr + c] - m) * is, g = dy[dr + c] * gamma[gOff + c];
                dx[or + c] = (g - mG - xh * mGX) * is;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** {@code out[c] = sum_r x[r][c]}, or {@code sum_r (x[r][c] - center[c])^2} when center is given. */
    private static void columnSum(int rows, int ch, float[] x, int xOff, float[] center, int cOff, float[] out, int oOff, boolean vec) {
        Arrays.fill(out, oOff, oOff + ch, 0f);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ch, c = 0;
            if (vec) {
                for (int e = S.loopBound(ch); c < e; c += L) {
                    var xv = v(x, xr + c);
                    if (center != null) { xv = xv.sub(v(center, cOff + c)); xv.fma(xv, v(out, oOff + c)).intoArray(out, oOff + c); }
                    else xv.add(v(out, oOff + c)).intoArray(out, oOff + c);
                }
            }
            for (; c < ch; c++) {
                float xv = x[xr + c];
                if (center != null) { xv -= center[cOff + c]; out[oOff + c] = Math.fma(xv, xv, out[oOff + c]); }
                else out[oOff + c] += xv;
            }
        }
    }

    private static float rowSum(float[] x, int off, int n, float center, boolean squares, boolean vec) {
        float s = 0f;
        int c = 0;
        if (vec) {
            FloatVector acc = FloatVector.zero(S);
            for (int e = S.loopBound(n); c < e; c += L) {
                var xv = v(x, off + c);
                acc = squares ? xv.sub(center).fma(xv.sub(center), acc) : acc.add(xv);
            }
            s = LaneSum.of(acc);
        }
        for (; c < n; c++) {
            float d = x[off + c] - center;
            s = squares ? Math.fma(d, d, s) : s + x[off + c];
        }
        return s;
    }

    private static void affine(int rows, int ch, float[] x, int xOff, float[] mean, int meanOff, float[] invStd, int isOff,
                               float[] gamma, int gOff, float[] beta, int bOff, float[] y, int yOff, boolean vec) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * ch, yr = yOff + r * ch, c = 0;
            if (vec) {
                for (int e = S.loopBound(ch); c < e; c += L) {
                    v(x, xr + c).sub(v(mean, meanOff + c)).mul(v(invStd, isOff + c)).fma(v(gamma, gOff + c), v(beta, bOff + c))
                            .intoArray(y, yr + c);
                }
            }
            for (; c < ch; c++) y[yr + c] = Math.fma((x[xr + c] - mean[meanOff + c]) * invStd[isOff + c], gamma[gOff + c], beta[bOff + c]);
        }
    }

    private static FloatVector v(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }
}
