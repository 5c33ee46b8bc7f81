package nnc.runtime.kernels;

/**
 * Double-precision reference implementations used as oracles by the kernel tests: written
 * for clarity (direct loops over the mathematical definition), never for speed.
 */
final class Reference {
    private Reference() {}

    /** erf by its Taylor series (|x| < 4) or the erfc continued fraction. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 4) {
            double sum = 0, term = x;
            for (int n = 0; n < 200; n++) {
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-18) break;
                term *= -x * x / (n + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(z) = exp(-z^2)/sqrt(pi) * 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))), evaluated bottom-up.
        double f = ax;
        for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
