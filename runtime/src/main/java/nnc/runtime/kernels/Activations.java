package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Elementwise activations and their derivatives over {@code float[]} ranges.
 *
 * <p>Every method comes in three forms: the dispatching one (vector path unless
 * {@link KernelConfig#scalar()} is set), {@code ...Scalar} (plain loops, the reference) and
 * {@code ...Vector}. Input and output ranges may be the same array and offset (in place).
 * {@code alpha} is the parameter of {@link Activation#LEAKY_RELU} and {@link Activation#ELU}.
 */
public final class Activations {
    private Activations() {}

    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    /** {@code y[i] = f(x[i])} for {@code i < n}. */
    public static void forward(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.scalar(n)) forwardScalar(f, alpha, x, xOff, y, yOff, n);
        else forwardVector(f, alpha, x, xOff, y, yOff, n);
    }

    /**
     * {@code dx[i] = dy[i] * f'(x[i])}, the derivative taken at the activation's input.
     * {@code dx} may alias {@code dy}.
     */
    public static void backward(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff,
                                float[] dx, int dxOff, int n) {
        if (Simd.scalar(n)) backwardScalar(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
        else backwardVector(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /**
     * {@code dx[i] = dy[i] * f'(x[i])} computed from the activation's output {@code y = f(x)},
     * so the input need not be kept. Not available for GELU
     * (see {@link Activation#derivativeFromOutput()}); {@code alpha} must be positive for
     * LEAKY_RELU and ELU.
     */
    public static void backwardFromOutput(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff,
                                          float[] dx, int dxOff, int n) {
        if (Simd.scalar(n)) backwardFromOutputScalar(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
        else backwardFromOutputVector(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
    }

    // ---------------------------------------------------------------- scalar reference

    /** f(x) for one value, the reference formula of each activation. */
    public static float apply(Activation f, float alpha, float x) {
        return switch (f) {
            case LINEAR -> x;
            case RELU -> x > 0 ? x : 0f;
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ELU -> x > 0 ? x : alpha * (float) Math.expm1(x);
            case SELU -> Activation.SELU_SCALE * (x > 0 ? x : Activation.SELU_ALPHA * (float) Math.expm1(x));
            case GELU -> 0.5f * x * Simd.erfc(-x * INV_SQRT2);
            case SIGMOID -> 1f / (1f + (float) Math.exp(-x));
            case HARD_SIGMOID -> Math.min(Math.max(x * (1f / 6f) + 0.5f, 0f), 1f);
            case TANH -> (float) Math.tanh(x);
            case SOFTPLUS -> Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
            case SOFTSIGN -> x / (1f + Math.abs(x));
            case STEP -> x >= 0 ? 1f : 0f;
        };
    }

    /** f'(x) for one value. */
    public static float derivative(Activation f, float alpha, float x) {
        return switch (f) {
            case LINEAR -> 1f;
            case RELU -> x > 0 ? 1f : 0f;
            case LEAKY_RELU -> x > 0 ? 1f : alpha;
            case ELU -> x > 0 ? 1f : alpha * (float) Math.exp(x);
            case SELU -> Activation.SELU_SCALE * (x > 0 ? 1f : Activation.SELU_ALPHA * (float) Math.exp(x));
            case GELU -> 0.5f * Simd.erfc(-x * INV_SQRT2) + x * INV_SQRT_2PI * (float) Math.exp(-0.5f * x * x);
            case SIGMOID -> { float s = 1f / (1f + (float) Math.exp(-x)); yield s * (1f - s); }
            case HARD_SIGMOID -> x > -3f && x < 3f ? 1f / 6f : 0f;
            case TANH -> { float t = (float) Math.tanh(x); yield 1f - t * t; }
            case SOFTPLUS -> 1f / (1f + (float) Math.exp(-x));
            case SOFTSIGN -> { float d = 1f + Math.abs(x); yield 1f / (d * d); }
            case STEP -> 0f;
        };
    }

    /** f'(x) for one value, given y = f(x). */
    public static float derivativeFromOutput(Activation f, float alpha, float y) {
        return switch (f) {
            case LINEAR -> 1f;
            case RELU -> y > 0 ? 1f : 0f;
            case LEAKY_RELU -> y > 0 ? 1f : alpha;
            case ELU -> y > 0 ? 1f : y + alpha;
            case SELU -> y > 0 ? Activation.SELU_SCALE : y + Activation.SELU_SCALE * Activation.SELU_ALPHA;
            case GELU -> throw new IllegalArgumentException("gelu's derivative needs the input");
            case SIGMOID -> y * (1f - y);
            case HARD_SIGMOID -> y > 0f && y < 1f ? 1f / 6f : 0f;
            case TANH -> 1f - y * y;
            case SOFTPLUS -> -(float) Math.expm1(-y);
            case SOFTSIGN -> { float d = 1f - Math.abs(y); yield d * d; }
            case STEP -> 0f;
        };
    }

    public static void forwardScalar(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = apply(f, alpha, x[xOff + i]);
    }

    public static void backwardScalar(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff,
                                      float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = dy[dyOff + i] * derivative(f, alpha, x[xOff + i]);
    }

    public static void backwardFromOutputScalar(Activation f, float alpha, float[] y, int yOff, float[] dy,
                                                int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = dy[dyOff + i] * derivativeFromOutput(f, alpha, y[yOff + i]);
    }

    // ---------------------------------------------------------------- vector paths
    // One loop per activation: a switch inside the loop would keep the JIT from keeping the
    // vectors in registers.

    public static void forwardVector(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        switch (f) {
            case LINEAR -> { System.arraycopy(x, xOff, y, yOff, n); return; }
            case RELU -> i = fwdRelu(f, alpha, x, xOff, y, yOff, n);
            case LEAKY_RELU -> i = fwdLeakyRelu(f, alpha, x, xOff, y, yOff, n);
            case ELU -> i = fwdElu(f, alpha, x, xOff, y, yOff, n);
            case SELU -> i = fwdSelu(f, alpha, x, xOff, y, yOff, n);
            case GELU -> i = fwdGelu(f, alpha, x, xOff, y, yOff, n);
            case SIGMOID -> i = fwdSigmoid(f, alpha, x, xOff, y, yOff, n);
            case HARD_SIGMOID -> i = fwdHardSigmoid(f, alpha, x, xOff, y, yOff, n);
            case TANH -> i = fwdTanh(f, alpha, x, xOff, y, yOff, n);
            case SOFTPLUS -> i = fwdSoftplus(f, alpha, x, xOff, y, yOff, n);
            case SOFTSIGN -> i = fwdSoftsign(f, alpha, x, xOff, y, yOff, n);
            case STEP -> i = fwdStep(f, alpha, x, xOff, y, yOff, n);
        }
        forwardScalar(f, alpha, x, xOff + i, y, yOff + i, n - i);
    }

    public static void backwardVector(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff,
                                      float[] dx, int dxOff, int n) {
        int i = 0;
        switch (f) {
            case LINEAR -> { if (dx != dy || dxOff != dyOff) System.arraycopy(dy, dyOff, dx, dxOff, n); return; }
            case RELU -> i = bwdRelu(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case LEAKY_RELU -> i = bwdLeakyRelu(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case ELU, SELU -> i = bwdElu(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case GELU -> i = bwdGelu(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case SIGMOID -> i = bwdSigmoid(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case HARD_SIGMOID -> i = bwdHardSigmoid(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case TANH -> i = bwdTanh(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case SOFTPLUS -> i = bwdSoftplus(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case SOFTSIGN -> i = bwdSoftsign(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
            case STEP -> i = bwdStep(f, alpha, x, xOff, dy, dyOff, dx, dxOff, n);
        }
        backwardScalar(f, alpha, x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }

    public static void backwardFromOutputVector(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff,
                                                float[] dx, int dxOff, int n) {
        int i = 0;
        switch (f) {
            case LINEAR, RELU, LEAKY_RELU, STEP -> {
                // y > 0 exactly where x > 0 for these, so the input-based loop applies to y.
                backwardVector(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
                return;
            }
            case ELU, SELU -> i = outElu(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
            case GELU -> {throw new IllegalArgumentException("gelu's derivative needs the input");}
            case SIGMOID -> i = outSigmoid(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
            case HARD_SIGMOID -> i = outHardSigmoid(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
            case TANH -> i = outTanh(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
            case SOFTPLUS -> i = outSoftplus(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
            case SOFTSIGN -> i = outSoftsign(f, alpha, y, yOff, dy, dyOff, dx, dxOff, n);
        }
        backwardFromOutputScalar(f, alpha, y, yOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }

    private static int fwdRelu(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) load(x, xOff + i).max(0f).intoArray(y, yOff + i); 
        return i;
    }

    private static int fwdLeakyRelu(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var v = load(x, xOff + i); v.blend(v.mul(alpha), v.compare(VectorOperators.LE, 0f)).intoArray(y, yOff + i); }
            
        return i;
    }

    private static int fwdElu(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var v = load(x, xOff + i); v.blend(v.lanewise(VectorOperators.EXPM1).mul(alpha), v.compare(VectorOperators.LE, 0f)).intoArray(y, yOff + i); }
            
        return i;
    }

    private static int fwdSelu(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) {
                    var v = load(x, xOff + i);
                    v.blend(v.lanewise(VectorOperators.EXPM1).mul(Activation.SELU_ALPHA), v.compare(VectorOperators.LE, 0f))
                            .mul(Activation.SELU_SCALE).intoArray(y, yOff + i);
                }
            
        return i;
    }

    private static int fwdGelu(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var v = load(x, xOff + i); v.mul(0.5f).mul(Simd.erfc(v.mul(-INV_SQRT2))).intoArray(y, yOff + i); }
            
        return i;
    }

    private static int fwdSigmoid(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) sigmoid(load(x, xOff + i)).intoArray(y, yOff + i); 
        return i;
    }

    private static int fwdHardSigmoid(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) load(x, xOff + i).fma(1f / 6f, 0.5f).max(0f).min(1f).intoArray(y, yOff + i); 
        return i;
    }

    private static int fwdTanh(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) load(x, xOff + i).lanewise(VectorOperators.TANH).intoArray(y, yOff + i); 
        return i;
    }

    private static int fwdSoftplus(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) {
                    var v = load(x, xOff + i);
                    v.max(0f).add(v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P)).intoArray(y, yOff + i);
                }
            
        return i;
    }

    private static int fwdSoftsign(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) { var v = load(x, xOff + i); v.div(v.abs().add(1f)).intoArray(y, yOff + i); } 
        return i;
    }

    private static int fwdStep(Activation f, float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int b = S.loopBound(n), i = 0;

                var one = FloatVector.broadcast(S, 1f);
                var zero = FloatVector.zero(S);
                for (; i < b; i += L) zero.blend(one, load(x, xOff + i).compare(VectorOperators.GE, 0f)).intoArray(y, yOff + i);
            
        return i;
    }

    private static int bwdRelu(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                var zero = FloatVector.zero(S);
                for (; i < b; i += L) load(dy, dyOff + i).blend(zero, load(x, xOff + i).compare(VectorOperators.LE, 0f)).intoArray(dx, dxOff + i);
            
        return i;
    }

    private static int bwdLeakyRelu(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var g = load(dy, dyOff + i); g.blend(g.mul(alpha), load(x, xOff + i).compare(VectorOperators.LE, 0f)).intoArray(dx, dxOff + i); }
            
        return i;
    }

    private static int bwdElu(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                float a = f == Activation.ELU ? alpha : Activation.SELU_ALPHA;
                float sc = f == Activation.ELU ? 1f : Activation.SELU_SCALE;
                for (; i < b; i += L) {
                    var v = load(x, xOff + i);
                    var d = FloatVector.broadcast(S, sc).blend(v.lanewise(VectorOperators.EXP).mul(a).mul(sc), v.compare(VectorOperators.LE, 0f));
                    load(dy, dyOff + i).mul(d).intoArray(dx, dxOff + i);
                }
            
        return i;
    }

    private static int bwdGelu(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) {
                    var v = load(x, xOff + i);
                    var d = Simd.erfc(v.mul(-INV_SQRT2)).mul(0.5f)
                            .add(v.mul(INV_SQRT_2PI).mul(v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP)));
                    load(dy, dyOff + i).mul(d).intoArray(dx, dxOff + i);
                }
            
        return i;
    }

    private static int bwdSigmoid(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var s = sigmoid(load(x, xOff + i)); load(dy, dyOff + i).mul(s.mul(s.neg().add(1f))).intoArray(dx, dxOff + i); }
            
        return i;
    }

    private static int bwdHardSigmoid(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                var zero = FloatVector.zero(S);
                for (; i < b; i += L) {
                    var v = load(x, xOff + i);
                    VectorMask<Float> in = v.compare(VectorOperators.GT, -3f).and(v.compare(VectorOperators.LT, 3f));
                    zero.blend(load(dy, dyOff + i).mul(1f / 6f), in).intoArray(dx, dxOff + i);
                }
            
        return i;
    }

    private static int bwdTanh(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var t = load(x, xOff + i).lanewise(VectorOperators.TANH); load(dy, dyOff + i).mul(t.mul(t).neg().add(1f)).intoArray(dx, dxOff + i); }
            
        return i;
    }

    private static int bwdSoftplus(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) load(dy, dyOff + i).mul(sigmoid(load(x, xOff + i))).intoArray(dx, dxOff + i); 
        return i;
    }

    private static int bwdSoftsign(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var d = load(x, xOff + i).abs().add(1f); load(dy, dyOff + i).div(d.mul(d)).intoArray(dx, dxOff + i); }
            
        return i;
    }

    private static int bwdStep(Activation f, float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) FloatVector.zero(S).intoArray(dx, dxOff + i); 
        return i;
    }

    private static int outElu(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                float sc = f == Activation.ELU ? 1f : Activation.SELU_SCALE;
                float add = f == Activation.ELU ? alpha : Activation.SELU_SCALE * Activation.SELU_ALPHA;
                for (; i < b; i += L) {
                    var v = load(y, yOff + i);
                    var d = FloatVector.broadcast(S, sc).blend(v.add(add), v.compare(VectorOperators.LE, 0f));
                    load(dy, dyOff + i).mul(d).intoArray(dx, dxOff + i);
                }
            
        return i;
    }

    private static int outSigmoid(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) { var s = load(y, yOff + i); load(dy, dyOff + i).mul(s.mul(s.neg().add(1f))).intoArray(dx, dxOff + i); } 
        return i;
    }

    private static int outHardSigmoid(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                var zero = FloatVector.zero(S);
                for (; i < b; i += L) {
                    var v = load(y, yOff + i);
                    VectorMask<Float> in = v.compare(VectorOperators.GT, 0f).and(v.compare(VectorOperators.LT, 1f));
                    zero.blend(load(dy, dyOff + i).mul(1f / 6f), in).intoArray(dx, dxOff + i);
                }
            
        return i;
    }

    private static int outTanh(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;
 for (; i < b; i += L) { var t = load(y, yOff + i); load(dy, dyOff + i).mul(t.mul(t).neg().add(1f)).intoArray(dx, dxOff + i); } 
        return i;
    }

    private static int outSoftplus(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) load(dy, dyOff + i).mul(load(y, yOff + i).neg().lanewise(VectorOperators.EXPM1).neg()).intoArray(dx, dxOff + i);
            
        return i;
    }

    private static int outSoftsign(Activation f, float alpha, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int b = S.loopBound(n), i = 0;

                for (; i < b; i += L) { var d = load(y, yOff + i).abs().neg().add(1f); load(dy, dyOff + i).mul(d.mul(d)).intoArray(dx, dxOff + i); }
            
        return i;
    }

    static FloatVector load(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    /** Lane-wise logistic sigmoid. */
    static FloatVector sigmoid(FloatVector v) {
        return FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
    }
}
