package nnc.runtime;

/**
 * A weight penalty added to the loss: {@code l1(a)}: {@code a * sum|w|}, {@code l2(a)}:
 * {@code a * sum w^2}, {@code l1_l2(a, b)}: both (CONVENTIONS.md, Keras 3).
 *
 * @param l1 factor of the L1 term (0 for none)
 * @param l2 factor of the L2 term (0 for none)
 */
public record Regularizer(float l1, float l2) {
    /** No penalty. */
    public static final Regularizer NONE = new Regularizer(0f, 0f);

    /** {@code l1(a)}. */
    public static Regularizer l1(float a) {
        return new Regularizer(a, 0f);
    }

    /** {@code l2(a)}. */
    public static Regularizer l2(float a) {
        return new Regularizer(0f, a);
    }

    /** {@code l1_l2(a, b)}: L1 factor a, L2 factor b. */
    public static Regularizer l1l2(float a, float b) {
        return new Regularizer(a, b);
    }

    public boolean isNone() {
        return l1 == 0f && l2 == 0f;
    }

    /** The penalty {@code l1 * sum|w| + l2 * sum w^2} over the first {@code n} elements (accumulated in double). */
    public float penalty(float[] w, int n) {
        if (isNone()) return 0f;
        double s1 = 0, s2 = 0;
        for (int k = 0; k < n; k++) {
            s1 += Math.abs(w[k]);
            s2 += (double) w[k] * w[k];
        }
        return (float) (l1 * s1 + l2 * s2);
    }

    /** {@link #penalty(float[], int)} over the whole array. */
    public float penalty(float[] w) {
        return penalty(w, w.length);
    }

    /**
     * Adds the penalty's gradient to {@code grad}: {@code l1 * sign(w) + 2 * l2 * w}
     * (sign(0) = 0, as Keras' {@code ops.sign}).
     */
    public void addGradient(float[] w, float[] grad) {
        if (isNone()) return;
        for (int k = 0; k < w.length; k++) {
            float x = w[k];
            grad[k] += l1 * Math.signum(x) + 2f * l2 * x;
        }
    }

    @Override
    public String toString() {
        if (isNone()) return "none";
        if (l2 == 0f) return "l1(" + l1 + ")";
        if (l1 == 0f) return "l2(" + l2 + ")";
        return "l1_l2(" + l1 + ", " + l2 + ")";
    }
}
