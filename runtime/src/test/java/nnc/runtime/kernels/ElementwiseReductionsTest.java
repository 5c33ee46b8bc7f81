package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseReductionsTest {
    @Test
    void binaryBroadcastsMatchScalarAndDefinition() {
        Random r = new Random(3);
        for (Elementwise.Op op : Elementwise.Op.values()) {
            for (int rows : new int[] {1, 3, 7}) {
                for (int cols : Close.ODD_SIZES) {
                    float[] a = Close.random(r, rows * cols);
                    float[] row = Close.random(r, cols, 0.5f, 2f);
                    float[] col = Close.random(r, rows, 0.5f, 2f);
                    float[] full = Close.random(r, rows * cols, 0.5f, 2f);
                    // [rows, cols] OP row, OP column, OP same shape, OP scalar; against the definition.
                    float[] cv = new float[rows * cols], cs = new float[rows * cols], ref = new float[rows * cols];
                    Elementwise.binaryVector(op, rows, cols, a, 0, cols, 1, row, 0, 0, 1, cv, 0);
                    Elementwise.binaryScalar(op, rows, cols, a, 0, cols, 1, row, 0, 0, 1, cs, 0);
                    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) ref[i * cols + j] = Elementwise.apply(op, a[i * cols + j], row[j]);
                    assertArrayEquals(ref, cv, op + " row");
                    assertArrayEquals(ref, cs, op + " row scalar");
                    Elementwise.binaryVector(op, rows, cols, a, 0, cols, 1, col, 0, 1, 0, cv, 0);
                    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) ref[i * cols + j] = Elementwise.apply(op, a[i * cols + j], col[i]);
                    assertArrayEquals(ref, cv, op + " col");
                    // Broadcast on the left: row OP matrix.
                    Elementwise.binaryVector(op, rows, cols, row, 0, 0, 1, full, 0, cols, 1, cv, 0);
                    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) ref[i * cols + j] = Elementwise.apply(op, row[j], full[i * cols + j]);
                    assertArrayEquals(ref, cv, op + " left row");
                    Elementwise.binaryScalar(op, a, 0, 1.5f, cv, 0, rows * cols);
                    for (int i = 0; i < rows * cols; i++) ref[i] = Elementwise.apply(op, a[i], 1.5f);
                    assertArrayEquals(ref, cv, op + " scalar");
                }
            }
        }
    }

    @Test
    void scaleAndAxpy() {
        Random r = new Random(4);
        for (int n : Close.ODD_SIZES) {
            float[] x = Close.random(r, n), y = Close.random(r, n), y2 = y.clone(), ref = new float[n];
            for (int i = 0; i < n; i++) ref[i] = Math.fma(x[i], 0.7f, y[i]);
            Elementwise.axpy(0.7f, x, 0, y, 0, n);
            Elementwise.axpyScalar(0.7f, x, 0, y2, 0, n);
            assertArrayEquals(ref, y);
            assertArrayEquals(ref, y2);
            Elementwise.scale(-2f, x, 0, y, 0, n);
            for (int i = 0; i < n; i++) assertEquals(-2f * x[i], y[i]);
        }
    }

    @Test
    void sumsOverEveryAxisLayout() {
        Random r = new Random(5);
        for (int outer : new int[] {1, 3}) {
            for (int axis : Close.ODD_SIZES) {
                for (int inner : new int[] {1, 7, 17, 33}) {
                    float[] x = Close.random(r, outer * axis * inner);
                    float[] out = new float[outer * inner], vec = new float[outer * inner];
                    double[] ref = new double[outer * inner], mag = new double[outer * inner];
                    for (int o = 0; o < outer; o++) for (int a = 0; a < axis; a++) for (int i = 0; i < inner; i++) {
                        float v = x[(o * axis + a) * inner + i];
                        ref[o * inner + i] += v;
                        mag[o * inner + i] += Math.abs(v);
                    }
                    Reductions.sumScalar(x, 0, outer, axis, inner, 1f, out, 0, false);
                    Reductions.sumVector(x, 0, outer, axis, inner, 1f, vec, 0, false);
                    for (int k = 0; k < ref.length; k++) {
                        Close.assertClose("scalar sum", ref[k], out[k], 0, 1e-6 * mag[k] + 1e-7);
                        Close.assertClose("vector sum", ref[k], vec[k], 0, 1e-6 * mag[k] + 1e-7);
                    }
                    // Accumulating mean.
                    float[] acc = new float[outer * inner];
                    java.util.Arrays.fill(acc, 1f);
                    Reductions.sum(x, 0, outer, axis, inner, 1f / axis, acc, 0, true);
                    for (int k = 0; k < ref.length; k++) Close.assertClose("mean", 1 + ref[k] / axis, acc[k], 0, 1e-6 * mag[k] / axis + 1e-6);
                }
            }
        }
        float[] x = Close.random(r, 257);
        double s = 0;
        for (float v : x) s += v;
        Close.assertClose("sumAll", s, Reductions.sumAll(x, 0, 257), 0, 1e-4);
    }

    @Test
    void maxAndArgmaxTakeTheFirstMaximum() {
        Random r = new Random(6);
        for (int cols : Close.ODD_SIZES) {
            int rows = 5;
            float[] x = new float[rows * cols];
            for (int i = 0; i < x.length; i++) x[i] = r.nextInt(5);   // many ties
            float[] ms = new float[rows], mv = new float[rows];
            int[] as = new int[rows], av = new int[rows];
            Reductions.maxLastScalar(x, 0, rows, cols, ms, 0, as, 0);
            Reductions.maxLastVector(x, 0, rows, cols, mv, 0, av, 0);
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < cols; j++) if (x[i * cols + j] > x[i * cols + best]) best = j;
                assertEquals(best, as[i]);
                assertEquals(best, av[i]);
                assertEquals(x[i * cols + best], mv[i]);
            }
        }
    }
}
