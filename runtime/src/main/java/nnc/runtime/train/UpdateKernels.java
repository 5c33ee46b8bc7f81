package nnc.runtime.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import nnc.runtime.kernels.KernelConfig;

/**
 * Vector API loops for the most used optimizer updates (sgd, rmsprop, adam, adagrad). Each performs
 * exactly the scalar code's float operations in the same order (no fused multiply-add; lane-wise
 * division and square root are correctly rounded like their scalar forms), so the vector path gives
 * bit-identical weights to the scalar one: {@code -Dnnc.scalar=true} changes speed, never results.
 * The scalar forms live in {@link Optimizers}; these cover {@code [0, loopBound)} and return it.
 */
final class UpdateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private UpdateKernels() {}

    /** Where the vector loop stops (0 when the scalar path is forced); the caller finishes the tail. */
    static int bound(int n) {
        return KernelConfig.scalar() ? 0 : S.loopBound(n);
    }

    /** {@code w -= lr * g}. */
    static int sgd(float[] w, float[] g, float lr) {
        int end = bound(w.length);
        for (int k = 0; k < end; k += S.length()) {
            FloatVector wv = FloatVector.fromArray(S, w, k), gv = FloatVector.fromArray(S, g, k);
            wv.sub(gv.mul(lr)).intoArray(w, k);
        }
        return end;
    }

    /** {@code v = mom * v - lr * g; w += nesterov ? mom * v - lr * g : v}. */
    static int momentum(float[] w, float[] g, float[] v, float mom, float lr, boolean nesterov) {
        int end = bound(w.length);
        for (int k = 0; k < end; k += S.length()) {
            FloatVector gl = FloatVector.fromArray(S, g, k).mul(lr);
            FloatVector vv = FloatVector.fromArray(S, v, k).mul(mom).sub(gl);
            vv.intoArray(v, k);
            FloatVector wv = FloatVector.fromArray(S, w, k);
            wv.add(nesterov ? vv.mul(mom).sub(gl) : vv).intoArray(w, k);
        }
        return end;
    }

    /** {@code a = r * a + (1 - r) * g * g; w -= lr * g / (sqrt(a) + eps)}. */
    static int rmsprop(float[] w, float[] g, float[] a, float r, float lr, float eps) {
        int end = bound(w.length);
        float c = 1 - r;
        for (int k = 0; k < end; k += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, k);
            FloatVector av = FloatVector.fromArray(S, a, k).mul(r).add(gv.mul(c).mul(gv));
            av.intoArray(a, k);
            FloatVector wv = FloatVector.fromArray(S, w, k);
            wv.sub(gv.mul(lr).div(av.lanewise(VectorOperators.SQRT).add(eps))).intoArray(w, k);
        }
        return end;
    }

    /** {@code acc += g * g; w -= lr * g / sqrt(acc + eps)}. */
    static int adagrad(float[] w, float[] g, float[] acc, float lr, float eps) {
        int end = bound(w.length);
        for (int k = 0; k < end; k += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, k);
            FloatVector av = FloatVector.fromArray(S, acc, k).add(gv.mul(gv));
            av.intoArray(acc, k);
            FloatVector wv = FloatVector.fromArray(S, w, k);
            wv.sub(gv.mul(lr).div(av.add(eps).lanewise(VectorOperators.SQRT))).intoArray(w, k);
        }
        return end;
    }

    /**
     * {@code m += (g - m) * (1 - b1); v += (g * g - v) * (1 - b2); vmax = max(vmax, v) (amsgrad);
     * w -= alpha * m / (sqrt(v or vmax) + eps)}.
     */
    static int adam(float[] w, float[] g, float[] m, float[] v, float[] vmax, float b1, float b2, float alpha, float eps) {
        int end = bound(w.length);
        float c1 = 1 - b1, c2 = 1 - b2;
        for (int k = 0; k < end; k += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, k);
            FloatVector mv = FloatVector.fromArray(S, m, k);
            mv = mv.add(gv.sub(mv).mul(c1));
            mv.intoArray(m, k);
            FloatVector vv = FloatVector.fromArray(S, v, k);
            vv = vv.add(gv.mul(gv).sub(vv).mul(c2));
            vv.intoArray(v, k);
            if (vmax != null) {
                vv = FloatVector.fromArray(S, vmax, k).max(vv);
                vv.intoArray(vmax, k);
            }
            FloatVector wv = FloatVector.fromArray(S, w, k);
            wv.sub(mv.mul(alpha).div(vv.lanewise(VectorOperators.SQRT).add(eps))).intoArray(w, k);
        }
        return end;
    }
}
