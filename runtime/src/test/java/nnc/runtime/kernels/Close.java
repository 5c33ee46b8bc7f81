package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Test helpers: random data and tolerant comparisons of float arrays. */
final class Close {
    private Close() {}

    static final int[] ODD_SIZES = {1, 3, 7, 17, 33, 65, 257};

    static float[] random(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
        return a;
    }

    static float[] random(Random r, int n) {
        return random(r, n, -1f, 1f);
    }

    /**
     * Asserts {@code |e - a| <= rel * max(|e|, |a|) + abs} element by element; the absolute
     * floor covers values that cancel to (near) zero.
     */
    static void assertClose(String what, float[] expected, float[] actual, double rel, double abs) {
        if (expected.length != actual.length) fail(what + ": length " + expected.length + " vs " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) fail(what + ": NaN at " + i);
            double tol = rel * Math.max(Math.abs(e), Math.abs(a)) + abs;
            if (Math.abs(e - a) > tol) fail(what + ": at " + i + " expected " + e + " got " + a);
        }
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertClose(what, expected, actual, 1e-5, 1e-6);
    }

    static void assertClose(String what, double expected, double actual, double rel, double abs) {
        double tol = rel * Math.max(Math.abs(expected), Math.abs(actual)) + abs;
        if (!(Math.abs(expected - actual) <= tol)) fail(what + ": expected " + expected + " got " + actual);
    }
}
