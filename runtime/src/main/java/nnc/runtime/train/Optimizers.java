package nnc.runtime.train;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Parameter;

/**
 * The optimizers of LANGUAGE.md with Keras 3 defaults and update rules (g = gradient, t = step
 * counted from 1). Where CONVENTIONS.md writes a formula it is followed literally (rmsprop:
 * {@code w -= lr g / (sqrt(a) + eps)}); the other rules are Keras 3's. Arithmetic is float32 per
 * element, like Keras on float32 variables; weight decay, clipping and EMA are not supported.
 *
 * <p>The update loops are plain scalar Java on purpose: C2 compiles them to tight (partly
 * auto-vectorised) code within the first steps, whereas Vector API loops measured here ran about
 * 10x slower than these until C2 had compiled them, a cost that dominates short trainings.
 */
public final class Optimizers {
    private Optimizers() {}

    /** {@code sgd(learning_rate = 0.01, momentum = 0, nesterov = false)}. */
    public static Optimizer sgd() {
        return sgd(LearningRateSchedule.constant(0.01), 0.0, false);
    }

    /** SGD: {@code v = momentum v - lr g; w += v} (nesterov: {@code w += momentum v - lr g}); plain {@code w -= lr g} without momentum. */
    public static Optimizer sgd(LearningRateSchedule lr, double momentum, boolean nesterov) {
        float mom = (float) momentum;
        return new Base("sgd", lr, momentum > 0 ? 1 : 0) {
            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                if (mom == 0f) {
                    for (int k = 0; k < w.length; k++) w[k] -= lrT * g[k];
                    return;
                }
                float[] v = s[0];
                for (int k = 0; k < w.length; k++) {
                    v[k] = mom * v[k] - lrT * g[k];
                    w[k] += nesterov ? mom * v[k] - lrT * g[k] : v[k];
                }
            }
        };
    }

    /** {@code rmsprop(learning_rate = 0.001, rho = 0.9, epsilon = 1e-7)}. */
    public static Optimizer rmsprop() {
        return rmsprop(LearningRateSchedule.constant(0.001), 0.9, 1e-7);
    }

    /** RMSprop as CONVENTIONS.md: {@code a = rho a + (1 - rho) g^2; w -= lr g / (sqrt(a) + eps)}. */
    public static Optimizer rmsprop(LearningRateSchedule lr, double rho, double epsilon) {
        return rmsprop(lr, rho, 0, epsilon, false);
    }

    /**
     * RMSprop with Keras' {@code momentum} and {@code centered}: centered subtracts the square of a running
     * mean of g from {@code a}; with momentum the step is {@code mom = momentum mom + lr g / (sqrt(…) + eps);
     * w -= mom}.
     */
    public static Optimizer rmsprop(LearningRateSchedule lr, double rho, double momentum, double epsilon, boolean centered) {
        float r = (float) rho, eps = (float) epsilon, mom = (float) momentum;
        boolean plain = momentum == 0 && !centered;
        return new Base("rmsprop", lr, 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0)) {
            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                float[] a = s[0];
                if (plain) {
                    for (int k = 0; k < w.length; k++) {
                        a[k] = r * a[k] + (1 - r) * g[k] * g[k];
                        w[k] -= lrT * g[k] / ((float) Math.sqrt(a[k]) + eps);
                    }
                    return;
                }
                float[] m = momentum > 0 ? s[1] : null, avg = centered ? s[s.length - 1] : null;
                for (int k = 0; k < w.length; k++) {
                    a[k] = r * a[k] + (1 - r) * g[k] * g[k];
                    float denom = a[k];
                    if (centered) {
                        avg[k] = r * avg[k] + (1 - r) * g[k];
                        denom = a[k] - avg[k] * avg[k];
                    }
                    float inc = lrT * g[k] / ((float) Math.sqrt(Math.max(denom, 0f)) + eps);
                    if (m != null) {
                        m[k] = mom * m[k] + inc;
                        w[k] -= m[k];
                    } else {
                        w[k] -= inc;
                    }
                }
            }
        };
    }

    /** {@code adam(0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7, amsgrad = false)}. */
    public static Optimizer adam() {
        return adam(LearningRateSchedule.constant(0.001), 0.9, 0.999, 1e-7, false);
    }

    /**
     * Adam: {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}; amsgrad uses the running maximum of v.
     */
    public static Optimizer adam(LearningRateSchedule lr, double beta1, double beta2, double epsilon, boolean amsgrad) {
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        return new Base("adam", lr, amsgrad ? 3 : 2) {
            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                float[] m = s[0], v = s[1];
                float alpha = (float) (lrT * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)));
                for (int k = 0; k < w.length; k++) {
                    m[k] += (g[k] - m[k]) * (1 - b1);
                    v[k] += (g[k] * g[k] - v[k]) * (1 - b2);
                    float vk = v[k];
                    if (amsgrad) {
                        s[2][k] = Math.max(s[2][k], vk);
                        vk = s[2][k];
                    }
                    w[k] -= alpha * m[k] / ((float) Math.sqrt(vk) + eps);
                }
            }
        };
    }

    /** {@code adagrad(0.001, initial_accumulator_value = 0.1, epsilon = 1e-7)}. */
    public static Optimizer adagrad() {
        return adagrad(LearningRateSchedule.constant(0.001), 0.1, 1e-7);
    }

    /** Adagrad (Keras 3): {@code acc += g^2; w -= lr g / sqrt(acc + eps)}, acc starting at the initial value. */
    public static Optimizer adagrad(LearningRateSchedule lr, double initialAccumulator, double epsilon) {
        float init = (float) initialAccumulator, eps = (float) epsilon;
        return new Base("adagrad", lr, 1) {
            @Override
            void initSlots(float[][] s) {
                java.util.Arrays.fill(s[0], init);
            }

            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                float[] acc = s[0];
                for (int k = 0; k < w.length; k++) {
                    acc[k] += g[k] * g[k];
                    w[k] -= lrT * g[k] / (float) Math.sqrt(acc[k] + eps);
                }
            }
        };
    }

    /** {@code adadelta(0.001, rho = 0.95, epsilon = 1e-7)}. */
    public static Optimizer adadelta() {
        return adadelta(LearningRateSchedule.constant(0.001), 0.95, 1e-7);
    }

    /**
     * Adadelta (Keras 3): {@code Eg = rho Eg + (1 - rho) g^2; d = -sqrt(Ed + eps) g / sqrt(Eg + eps);
     * Ed = rho Ed + (1 - rho) d^2; w += lr d}.
     */
    public static Optimizer adadelta(LearningRateSchedule lr, double rho, double epsilon) {
        float r = (float) rho, eps = (float) epsilon;
        return new Base("adadelta", lr, 2) {
            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                float[] eg = s[0], ed = s[1];
                for (int k = 0; k < w.length; k++) {
                    eg[k] = r * eg[k] + (1 - r) * g[k] * g[k];
                    float d = -(float) Math.sqrt(ed[k] + eps) * g[k] / (float) Math.sqrt(eg[k] + eps);
                    ed[k] = r * ed[k] + (1 - r) * d * d;
                    w[k] += lrT * d;
                }
            }
        };
    }

    /** {@code adamax(0.001, 0.9, 0.999, 1e-7)}. */
    public static Optimizer adamax() {
        return adamax(LearningRateSchedule.constant(0.001), 0.9, 0.999, 1e-7);
    }

    /** Adamax (Keras 3): {@code m = b1 m + (1 - b1) g; u = max(b2 u, |g|); w -= lr m / ((1 - b1^t)(u + eps))}. */
    public static Optimizer adamax(LearningRateSchedule lr, double beta1, double beta2, double epsilon) {
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        return new Base("adamax", lr, 2) {
            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                float[] m = s[0], u = s[1];
                float c = (float) (1 - Math.pow(b1, t));
                for (int k = 0; k < w.length; k++) {
                    m[k] += (g[k] - m[k]) * (1 - b1);
                    u[k] = Math.max(b2 * u[k], Math.abs(g[k]));
                    w[k] -= lrT * m[k] / (c * (u[k] + eps));
                }
            }
        };
    }

    /** {@code nadam(0.001, 0.9, 0.999, 1e-7)}. */
    public static Optimizer nadam() {
        return nadam(LearningRateSchedule.constant(0.001), 0.9, 0.999, 1e-7);
    }

    /**
     * Nadam (Keras 3): {@code u_t = b1 (1 - 0.5 * 0.96^t)}, {@code u_{t+1}} likewise, {@code P_t = prod u_1..u_t};
     * {@code m, v} as Adam; {@code m^ = u_{t+1} m / (1 - P_t u_{t+1}) + (1 - u_t) g / (1 - P_t)},
     * {@code v^ = v / (1 - b2^t)}; {@code w -= lr m^ / (sqrt(v^) + eps)}.
     */
    public static Optimizer nadam(LearningRateSchedule lr, double beta1, double beta2, double epsilon) {
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        return new Base("nadam", lr, 2) {
            float uProduct = 1f;

            @Override
            void beforeStep(long t) {
                uProduct = uProduct * b1 * (1f - 0.5f * (float) Math.pow(0.96, t));
            }

            @Override
            void resetExtra() {
                uProduct = 1f;
            }

            @Override
            void update(int index, float[] w, float[] g, float[][] s, float lrT, long t) {
                float[] m = s[0], v = s[1];
                float ut = b1 * (1f - 0.5f * (float) Math.pow(0.96, t));
                float ut1 = b1 * (1f - 0.5f * (float) Math.pow(0.96, t + 1));
                float pt = uProduct, pt1 = uProduct * ut1;
                float b2p = (float) Math.pow(b2, t);
                for (int k = 0; k < w.length; k++) {
                    m[k] += (g[k] - m[k]) * (1 - b1);
                    v[k] += (g[k] * g[k] - v[k]) * (1 - b2);
                    float mHat = ut1 * m[k] / (1 - pt1) + (1 - ut) * g[k] / (1 - pt);
                    float vHat = v[k] / (1 - b2p);
                    w[k] -= mHat * lrT / ((float) Math.sqrt(vHat) + eps);
                }
            }
        };
    }

    /** An optimizer by Keras name with its defaults ({@code "sgd"}, {@code "adam"}, …). */
    public static Optimizer byName(String name) {
        return switch (name) {
            case "sgd" -> sgd();
            case "rmsprop" -> rmsprop();
            case "adam" -> adam();
            case "adagrad" -> adagrad();
            case "adadelta" -> adadelta();
            case "adamax" -> adamax();
            case "nadam" -> nadam();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'");
        };
    }

    /** Shared bookkeeping: iteration count, schedule, per-parameter slot arrays allocated on the first step. */
    abstract static class Base implements Optimizer {
        private final String name;
        private final int slotsPerParameter;
        private LearningRateSchedule schedule;
        private long iterations;
        private List<float[][]> slots;

        Base(String name, LearningRateSchedule schedule, int slotsPerParameter) {
            this.name = name;
            this.schedule = schedule;
            this.slotsPerParameter = slotsPerParameter;
        }

        abstract void update(int index, float[] w, float[] g, float[][] slots, float lr, long t);

        void initSlots(float[][] s) {}

        void beforeStep(long t) {}

        void resetExtra() {}

        @Override
        public final void step(List<Parameter> parameters) {
            if (slots == null || slots.size() != parameters.size()) {
                slots = new ArrayList<>(parameters.size());
                for (Parameter p : parameters) {
                    float[][] s = new float[p.trainable() ? slotsPerParameter : 0][p.size()];
                    if (p.trainable()) initSlots(s);
                    slots.add(s);
                }
            }
            long t = iterations + 1;
            float lr = learningRate();
            beforeStep(t);
            for (int k = 0; k < parameters.size(); k++) {
                Parameter p = parameters.get(k);
                if (!p.trainable()) continue;
                float[][] s = slots.get(k);
                if (s.length > 0 && s[0].length != p.size()) {
                    throw new IllegalStateException("optimizer state does not match parameter " + p.name());
                }
                update(k, p.value, p.grad, s, lr, t);
            }
            iterations = t;
        }

        @Override
        public final long iterations() {
            return iterations;
        }

        @Override
        public final float learningRate() {
            return (float) schedule.rate(iterations);
        }

        @Override
        public final void setLearningRate(float lr) {
            schedule = LearningRateSchedule.constant(lr);
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final void reset() {
            iterations = 0;
            slots = null;
            resetExtra();
        }

        @Override
        public String toString() {
            return name + "(learning_rate=" + learningRate() + ")";
        }
    }
}
