package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    private static final float ALPHA = 0.3f;

    @Test
    void vectorMatchesScalarOnOddSizes() {
        Random r = new Random(1);
        for (Activation f : Activation.values()) {
            for (int n : Close.ODD_SIZES) {
                float[] x = Close.random(r, n, -6f, 6f);
                float[] dy = Close.random(r, n);
                float[] ys = new float[n], yv = new float[n];
                Activations.forwardScalar(f, ALPHA, x, 0, ys, 0, n);
                Activations.forwardVector(f, ALPHA, x, 0, yv, 0, n);
                Close.assertClose(f + " forward n=" + n, ys, yv);
                float[] ds = new float[n], dv = new float[n];
                Activations.backwardScalar(f, ALPHA, x, 0, dy, 0, ds, 0, n);
                Activations.backwardVector(f, ALPHA, x, 0, dy, 0, dv, 0, n);
                Close.assertClose(f + " backward n=" + n, ds, dv);
                if (f.derivativeFromOutput()) {
                    float[] os = new float[n], ov = new float[n];
                    Activations.backwardFromOutputScalar(f, ALPHA, ys, 0, dy, 0, os, 0, n);
                    Activations.backwardFromOutputVector(f, ALPHA, ys, 0, dy, 0, ov, 0, n);
                    Close.assertClose(f + " backwardFromOutput n=" + n, os, ov);
                    // From the output and from the input agree, away from kinks.
                    for (int i = 0; i < n; i++) {
                        if (Math.abs(x[i]) > 1e-3 && Math.abs(Math.abs(x[i]) - 3f) > 1e-3) {
                            Close.assertClose(f + " from-output vs from-input", ds[i], os[i], 2e-3, 1e-5);
                        }
                    }
                }
            }
        }
    }

    @Test
    void offsetsAndInPlace() {
        Random r = new Random(2);
        float[] x = Close.random(r, 70, -3, 3);
        float[] ref = new float[70];
        Activations.forwardScalar(Activation.TANH, 0, x, 0, ref, 0, 70);
        float[] buf = new float[80];
        System.arraycopy(x, 0, buf, 5, 70);
        Activations.forward(Activation.TANH, 0, buf, 5, buf, 5, 70);
        for (int i = 0; i < 70; i++) Close.assertClose("in place", ref[i], buf[5 + i], 1e-5, 1e-6);
        assertEquals(0f, buf[0]);
        assertEquals(0f, buf[79]);
    }

    @Test
    void knownValuesFollowKeras() {
        // Values from the Keras 3 definitions (computed in double precision).
        assertClose(Activation.GELU, 0, 1f, 0.8413447460685429);          // x * Phi(x)
        assertClose(Activation.GELU, 0, -2f, -0.04550026389635842);
        assertClose(Activation.GELU, 0, -8f, -8 * 6.22096057427178e-16);  // deep tail stays relative-accurate
        assertClose(Activation.HARD_SIGMOID, 0, 1f, 4.0 / 6.0);            // relu6(x + 3) / 6
        assertClose(Activation.HARD_SIGMOID, 0, 4f, 1.0);
        assertClose(Activation.SELU, 0, -1f, 1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1));
        assertClose(Activation.ELU, 0.5f, -2f, 0.5 * (Math.exp(-2) - 1));
        assertClose(Activation.LEAKY_RELU, 0.2f, -2f, -0.4);
        assertClose(Activation.SOFTPLUS, 0, 30f, 30.0);
        assertClose(Activation.SOFTPLUS, 0, -1f, Math.log1p(Math.exp(-1)));
        assertClose(Activation.SOFTSIGN, 0, 3f, 0.75);
        assertClose(Activation.STEP, 0, 0f, 1.0);
        assertClose(Activation.STEP, 0, -0.1f, 0.0);
        assertClose(Activation.SIGMOID, 0, -100f, 0.0);
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        double h = 1e-3;
        for (Activation f : Activation.values()) {
            for (float x : new float[] {-2.5f, -0.7f, 0.4f, 1.9f}) {
                double num = (apply(f, x + h) - apply(f, x - h)) / (2 * h);
                Close.assertClose(f + " f'(" + x + ")", num, Activations.derivative(f, ALPHA, x), 2e-3, 2e-3);
            }
        }
    }

    @Test
    void geluFromOutputIsRefused() {
        float[] a = new float[20];
        assertThrows(IllegalArgumentException.class,
                () -> Activations.backwardFromOutput(Activation.GELU, 0, a, 0, a, 0, a, 0, 20));
    }

    /** Double-precision reference of each activation. */
    static double apply(Activation f, double x) {
        return switch (f) {
            case LINEAR -> x;
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : ALPHA * x;
            case ELU -> x > 0 ? x : ALPHA * Math.expm1(x);
            case SELU -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x));
            case GELU -> 0.5 * x * (1 + Reference.erf(x / Math.sqrt(2)));
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID -> Math.min(Math.max(x + 3, 0), 6) / 6;
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.log1p(Math.exp(x));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case STEP -> x >= 0 ? 1 : 0;
        };
    }

    private static void assertClose(Activation f, float alpha, float x, double expected) {
        float[] in = {x}, out = new float[1];
        Activations.forwardScalar(f, alpha, in, 0, out, 0, 1);
        Close.assertClose(f + "(" + x + ")", expected, out[0], 1e-5, 1e-7);
        float[] in16 = new float[Simd.L], out16 = new float[Simd.L];
        java.util.Arrays.fill(in16, x);
        Activations.forwardVector(f, alpha, in16, 0, out16, 0, Simd.L);
        Close.assertClose(f + "(" + x + ") vector", expected, out16[0], 1e-5, 1e-7);
    }
}
