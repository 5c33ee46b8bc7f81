package nnc.runtime.kernels;

import static nnc.runtime.kernels.Activation.SIGMOID;
import static nnc.runtime.kernels.Activation.TANH;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Recurrent cells against double-precision references: forward outputs, and every gradient
 * (input, kernel, recurrent kernel, bias) against central differences of
 * {@code loss = sum(h * R)} through several steps of BPTT; vector paths against scalar twins.
 */
class RnnTest {
    private static final RnnShape[] SHAPES = {new RnnShape(2, 3, 3, 17), new RnnShape(1, 4, 2, 3)};

    @Test
    void lstm() {
        Random r = new Random(31);
        for (RnnShape s : SHAPES) {
            int u = s.units(), n = 4 * u;
            float[] x = Close.random(r, s.rows() * s.input()), w = Close.random(r, s.input() * n, -.5f, .5f);
            float[] uk = Close.random(r, u * n, -.5f, .5f), b = Close.random(r, n), rw = Close.random(r, s.rows() * u);
            float[][] res = new float[2][];
            for (int pass = 0; pass < 2; pass++) {
                boolean vec = pass == 1;
                float[] gates = new float[s.rows() * n], cells = new float[s.rows() * u], h = new float[s.rows() * u];
                Lstm.inputProjection(s, x, 0, w, 0, b, 0, gates, 0, vec);
                for (int t = 0; t < s.time(); t++) Lstm.forwardStep(s, t, TANH, SIGMOID, uk, 0, gates, 0, cells, 0, h, 0, vec);
                float[] dx = new float[x.length], dw = new float[w.length], du = new float[uk.length], db = new float[n];
                Lstm.backward(s, TANH, SIGMOID, x, 0, w, 0, uk, 0, gates, 0, cells, 0, h, 0, rw, 0, dx, 0, dw, 0, du, 0, db, 0,
                        false, new float[Lstm.backwardWorkspaceSize(s)], vec);
                res[pass] = concat(h, dx, dw, du, db);
                check("lstm " + s, s, x, w, uk, b, rw, h, dx, dw, du, db, RnnReference::lstm);
            }
            Close.assertClose("lstm vector vs scalar", res[0], res[1], 1e-5, 1e-5);
        }
    }

    @Test
    void gru() {
        Random r = new Random(32);
        for (RnnShape s : SHAPES) {
            int u = s.units(), n = 3 * u;
            float[] x = Close.random(r, s.rows() * s.input()), w = Close.random(r, s.input() * n, -.5f, .5f);
            float[] uk = Close.random(r, u * n, -.5f, .5f), b = Close.random(r, 2 * n), rw = Close.random(r, s.rows() * u);
            float[][] res = new float[2][];
            for (int pass = 0; pass < 2; pass++) {
                boolean vec = pass == 1;
                float[] gates = new float[s.rows() * n], recH = new float[s.rows() * u], h = new float[s.rows() * u];
                float[] fw = new float[Gru.forwardWorkspaceSize(s)];
                Lanes.gemm(vec, false, false, s.rows(), n, s.input(), x, 0, s.input(), w, 0, n, 0f, gates, 0, n, b, 0);
                for (int t = 0; t < s.time(); t++) Gru.forwardStep(s, t, TANH, SIGMOID, uk, 0, b, 0, gates, 0, recH, 0, h, 0, fw, vec);
                float[] dx = new float[x.length], dw = new float[w.length], du = new float[uk.length], db = new float[2 * n];
                Gru.backward(s, TANH, SIGMOID, x, 0, w, 0, uk, 0, gates, 0, recH, 0, h, 0, rw, 0, dx, 0, dw, 0, du, 0, db, 0,
                        false, new float[Gru.backwardWorkspaceSize(s)], vec);
                res[pass] = concat(h, dx, dw, du, db);
                check("gru " + s, s, x, w, uk, b, rw, h, dx, dw, du, db, RnnReference::gru);
            }
            Close.assertClose("gru vector vs scalar", res[0], res[1], 1e-5, 1e-5);
        }
    }

    @Test
    void simpleRnn() {
        Random r = new Random(33);
        for (RnnShape s : SHAPES) {
            int u = s.units();
            float[] x = Close.random(r, s.rows() * s.input()), w = Close.random(r, s.input() * u, -.5f, .5f);
            float[] uk = Close.random(r, u * u, -.5f, .5f), b = Close.random(r, u), rw = Close.random(r, s.rows() * u);
            float[][] res = new float[2][];
            for (int pass = 0; pass < 2; pass++) {
                boolean vec = pass == 1;
                float[] h = new float[s.rows() * u];
                Lanes.gemm(vec, false, false, s.rows(), u, s.input(), x, 0, s.input(), w, 0, u, 0f, h, 0, u, b, 0);
                for (int t = 0; t < s.time(); t++) SimpleRnn.forwardStep(s, t, TANH, uk, 0, h, 0, vec);
                float[] dx = new float[x.length], dw = new float[w.length], du = new float[uk.length], db = new float[u];
                SimpleRnn.backward(s, TANH, x, 0, w, 0, uk, 0, h, 0, rw, 0, dx, 0, dw, 0, du, 0, db, 0, false,
                        new float[SimpleRnn.backwardWorkspaceSize(s)], vec);
                res[pass] = concat(h, dx, dw, du, db);
                check("simple_rnn " + s, s, x, w, uk, b, rw, h, dx, dw, du, db, RnnReference::simple);
            }
            Close.assertClose("simple_rnn vector vs scalar", res[0], res[1], 1e-5, 1e-5);
        }
    }

    @Test
    void publicEntryPointsAgreeWithSteps() {
        RnnShape s = SHAPES[0];
        Random r = new Random(34);
        int u = s.units(), n = 4 * u;
        float[] x = Close.random(r, s.rows() * s.input()), w = Close.random(r, s.input() * n), uk = Close.random(r, u * n), b = Close.random(r, n);
        float[] gates = new float[s.rows() * n], cells = new float[s.rows() * u], h = new float[s.rows() * u];
        Lstm.forward(s, TANH, SIGMOID, x, 0, w, 0, uk, 0, b, 0, gates, 0, cells, 0, h, 0);
        double[] ref = RnnReference.lstm(s, Reference.toDouble(x), Reference.toDouble(w), Reference.toDouble(uk), Reference.toDouble(b));
        Reference.assertClose("lstm forward", ref, h, 1e-4, 1e-6);
    }

    interface Fwd {
        double[] run(RnnShape s, double[] x, double[] w, double[] uk, double[] b);
    }

    private static void check(String what, RnnShape s, float[] x, float[] w, float[] uk, float[] b, float[] rw,
                              float[] h, float[] dx, float[] dw, float[] du, float[] db, Fwd f) {
        double[] xd = Reference.toDouble(x), wd = Reference.toDouble(w), ud = Reference.toDouble(uk), bd = Reference.toDouble(b);
        double[] r = Reference.toDouble(rw);
        Reference.assertClose(what + " forward", f.run(s, xd, wd, ud, bd), h, 1e-4, 1e-6);
        ToDoubleFunction<double[]> lx = v -> Reference.dot(f.run(s, v, wd, ud, bd), r);
        ToDoubleFunction<double[]> lw = v -> Reference.dot(f.run(s, xd, v, ud, bd), r);
        ToDoubleFunction<double[]> lu = v -> Reference.dot(f.run(s, xd, wd, v, bd), r);
        ToDoubleFunction<double[]> lb = v -> Reference.dot(f.run(s, xd, wd, ud, v), r);
        Reference.assertClose(what + " dX", Reference.numericGradient(lx, xd, 1e-5), dx, 1e-3, 1e-5);
        Reference.assertClose(what + " dKernel", Reference.numericGradient(lw, wd, 1e-5), dw, 1e-3, 1e-5);
        Reference.assertClose(what + " dRecurrent", Reference.numericGradient(lu, ud, 1e-5), du, 1e-3, 1e-5);
        Reference.assertClose(what + " dBias", Reference.numericGradient(lb, bd, 1e-5), db, 1e-3, 1e-5);
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] all = new float[n];
        int o = 0;
        for (float[] p : parts) { System.arraycopy(p, 0, all, o, p.length); o += p.length; }
        return all;
    }
}
