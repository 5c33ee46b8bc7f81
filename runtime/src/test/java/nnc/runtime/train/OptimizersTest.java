package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import nnc.runtime.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Every optimizer against a double-precision transcription of its update rule (CONVENTIONS.md /
 * Keras 3), over several steps with changing gradients, so slot state and bias correction are exercised.
 */
class OptimizersTest {
    static final int N = 7, STEPS = 6;

    /** The gradient used at step t for element k (deterministic, sign-changing). */
    static double grad(int t, int k) {
        return Math.sin(1.3 * t + 0.7 * k) * (0.5 + k * 0.1) + (k == 3 ? 1e-9 : 0);
    }

    interface Ref {
        void step(double[] w, double[] g, int t);
    }

    static void check(Optimizer opt, Ref ref, double tol) {
        Parameter p = Parameter.trainable("dense.kernel", new int[] {N}, null, null);
        Parameter frozen = Parameter.frozen("bn.moving_mean", new int[] {2}, null);
        double[] w = new double[N];
        for (int k = 0; k < N; k++) {
            w[k] = 0.3 * k - 1;
            p.value[k] = (float) w[k];
        }
        for (int t = 1; t <= STEPS; t++) {
            double[] g = new double[N];
            for (int k = 0; k < N; k++) {
                g[k] = grad(t, k);
                p.grad[k] = (float) g[k];
            }
            opt.step(List.of(p, frozen));
            ref.step(w, g, t);
            assertEquals(t, opt.iterations());
            for (int k = 0; k < N; k++) {
                assertEquals(w[k], p.value[k], tol * Math.max(1, Math.abs(w[k])), opt.name() + " step " + t + " element " + k);
            }
        }
        assertArrayEquals(new float[2], frozen.value, "non-trainable parameters are never touched");
        // The update must actually move the weights (guards against a no-op implementation).
        assertNotEquals(-1f, p.value[0]);
    }

    @Test
    void plainSgd() {
        check(Optimizers.sgd(), (w, g, t) -> {
            for (int k = 0; k < N; k++) w[k] -= 0.01 * g[k];
        }, 1e-6);
    }

    @Test
    void sgdMomentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double[] v = new double[N];
            double lr = 0.1, m = 0.9;
            check(Optimizers.sgd(LearningRateSchedule.constant(lr), m, nesterov), (w, g, t) -> {
                for (int k = 0; k < N; k++) {
                    v[k] = m * v[k] - lr * g[k];
                    w[k] += nesterov ? m * v[k] - lr * g[k] : v[k];
                }
            }, 1e-5);
        }
    }

    @Test
    void rmspropEpsilonOutsideTheRoot() {
        double[] a = new double[N];
        check(Optimizers.rmsprop(), (w, g, t) -> {
            for (int k = 0; k < N; k++) {
                a[k] = 0.9 * a[k] + 0.1 * g[k] * g[k];
                w[k] -= 0.001 * g[k] / (Math.sqrt(a[k]) + 1e-7);
            }
        }, 1e-5);
    }

    @Test
    void rmspropMomentumAndCentered() {
        for (boolean centered : new boolean[] {false, true}) {
            double[] a = new double[N], avg = new double[N], mom = new double[N];
            check(Optimizers.rmsprop(LearningRateSchedule.constant(0.01), 0.9, 0.5, 1e-7, centered), (w, g, t) -> {
                for (int k = 0; k < N; k++) {
                    a[k] = 0.9 * a[k] + 0.1 * g[k] * g[k];
                    avg[k] = 0.9 * avg[k] + 0.1 * g[k];
                    double d = centered ? a[k] - avg[k] * avg[k] : a[k];
                    mom[k] = 0.5 * mom[k] + 0.01 * g[k] / (Math.sqrt(d) + 1e-7);
                    w[k] -= mom[k];
                }
            }, 1e-4);
        }
    }

    @Test
    void adamAndAmsgrad() {
        for (boolean ams : new boolean[] {false, true}) {
            double[] m = new double[N], v = new double[N], vmax = new double[N];
            double lr = 0.01;
            check(Optimizers.adam(LearningRateSchedule.constant(lr), 0.9, 0.999, 1e-7, ams), (w, g, t) -> {
                double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                for (int k = 0; k < N; k++) {
                    m[k] = 0.9 * m[k] + 0.1 * g[k];
                    v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
                    vmax[k] = Math.max(vmax[k], v[k]);
                    w[k] -= alpha * m[k] / (Math.sqrt(ams ? vmax[k] : v[k]) + 1e-7);
                }
            }, 1e-5);
        }
    }

    @Test
    void adamDefaultsAreKeras() {
        Optimizer o = Optimizers.adam();
        assertEquals(0.001f, o.learningRate());
        assertEquals("adam", o.name());
        assertEquals(0.01f, Optimizers.sgd().learningRate());
    }

    @Test
    void adagrad() {
        double[] acc = new double[N];
        java.util.Arrays.fill(acc, 0.1);
        check(Optimizers.adagrad(LearningRateSchedule.constant(0.05), 0.1, 1e-7), (w, g, t) -> {
            for (int k = 0; k < N; k++) {
                acc[k] += g[k] * g[k];
                w[k] -= 0.05 * g[k] / Math.sqrt(acc[k] + 1e-7);
            }
        }, 1e-5);
    }

    @Test
    void adadelta() {
        double[] eg = new double[N], ed = new double[N];
        check(Optimizers.adadelta(LearningRateSchedule.constant(1.0), 0.95, 1e-7), (w, g, t) -> {
            for (int k = 0; k < N; k++) {
                eg[k] = 0.95 * eg[k] + 0.05 * g[k] * g[k];
                double d = -Math.sqrt(ed[k] + 1e-7) * g[k] / Math.sqrt(eg[k] + 1e-7);
                ed[k] = 0.95 * ed[k] + 0.05 * d * d;
                w[k] += d;
            }
        }, 1e-4);
    }

    @Test
    void adamax() {
        double[] m = new double[N], u = new double[N];
        check(Optimizers.adamax(LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-7), (w, g, t) -> {
            for (int k = 0; k < N; k++) {
                m[k] = 0.9 * m[k] + 0.1 * g[k];
                u[k] = Math.max(0.999 * u[k], Math.abs(g[k]));
                w[k] -= 0.01 * m[k] / ((1 - Math.pow(0.9, t)) * (u[k] + 1e-7));
            }
        }, 1e-5);
    }

    @Test
    void nadam() {
        double[] m = new double[N], v = new double[N];
        double[] prod = {1};
        check(Optimizers.nadam(LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-7), (w, g, t) -> {
            double ut = 0.9 * (1 - 0.5 * Math.pow(0.96, t));
            double ut1 = 0.9 * (1 - 0.5 * Math.pow(0.96, t + 1));
            prod[0] *= ut;
            double pt = prod[0], pt1 = pt * ut1;
            for (int k = 0; k < N; k++) {
                m[k] = 0.9 * m[k] + 0.1 * g[k];
                v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
                double mh = ut1 * m[k] / (1 - pt1) + (1 - ut) * g[k] / (1 - pt);
                double vh = v[k] / (1 - Math.pow(0.999, t));
                w[k] -= 0.01 * mh / (Math.sqrt(vh) + 1e-7);
            }
        }, 1e-5);
    }

    @Test
    void exponentialDecayScheduleDrivesTheRate() {
        LearningRateSchedule s = LearningRateSchedule.exponentialDecay(0.1, 10, 0.5, false);
        assertEquals(0.1, s.rate(0), 1e-12);
        assertEquals(0.05, s.rate(10), 1e-12);
        assertEquals(0.1 * Math.pow(0.5, 0.3), s.rate(3), 1e-12);
        LearningRateSchedule st = LearningRateSchedule.exponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, st.rate(9), 1e-12);
        assertEquals(0.025, st.rate(25), 1e-12);
        Optimizer o = Optimizers.sgd(LearningRateSchedule.exponentialDecay(0.1, 1, 0.5, false), 0, false);
        double[] lr = {0.1};
        check(o, (w, g, t) -> {
            for (int k = 0; k < N; k++) w[k] -= lr[0] * g[k];
            lr[0] *= 0.5;
        }, 1e-6);
    }

    @Test
    void resetForgetsState() {
        Optimizer o = Optimizers.adam();
        Parameter p = Parameter.trainable("w", new int[] {1}, null, null);
        p.grad[0] = 1;
        o.step(List.of(p));
        float first = p.value[0];
        o.reset();
        p.value[0] = 0;
        o.step(List.of(p));
        assertEquals(first, p.value[0]);
        assertEquals(1, o.iterations());
    }

    @Test
    void byNameKnowsAllOptimizers() {
        for (String n : List.of("sgd", "rmsprop", "adam", "adagrad", "adadelta", "adamax", "nadam")) {
            assertEquals(n, Optimizers.byName(n).name());
        }
        assertThrows(IllegalArgumentException.class, () -> Optimizers.byName("adamw"));
    }
}
