package nnc.runtime.compiled;

/**
 * Data movement, reductions and small fused kernels over the arena, called by generated
 * code. Shapes arrive as int arrays in which -1 stands for the batch dimension and is
 * replaced by the run-time batch size {@code n}. All loops run in a fixed order, so
 * results are reproducible bit for bit.
 */
public final class Prims {
    private Prims() {}

    private static int[] concrete(int[] dims, int n) {
        int[] d = dims.clone();
        for (int i = 0; i < d.length; i++) if (d[i] < 0) d[i] = n;
        return d;
    }

    private static int count(int[] d) {
        int c = 1;
        for (int x : d) c *= x;
        return c;
    }

    private static int[] strides(int[] d) {
        int[] s = new int[d.length];
        int k = 1;
        for (int i = d.length - 1; i >= 0; i--) {
            s[i] = k;
            k *= d[i];
        }
        return s;
    }

    /**
     * Sum (kind 0), mean (1) or max (2) of x (dims {@code xDims}) over the axes with
     * {@code mask} bit set; writes the kept-dims result densely at {@code out}.
     */
    public static void reduce(int kind, float[] x, int xo, int[] xDims, int mask, float[] out, int oo, int n) {
        int[] d = concrete(xDims, n);
        int r = d.length;
        // contiguous reduced block [lo, hi): view as [outer, mid, inner]
        int lo = -1, hi = -1;
        boolean contiguous = true;
        for (int i = 0; i < r; i++) {
            if ((mask >> i & 1) != 0) {
                if (lo < 0) lo = i;
                else if (hi != i) contiguous = false;
                hi = i + 1;
            }
        }
        if (lo < 0) {   // nothing reduced
            System.arraycopy(x, xo, out, oo, count(d));
            return;
        }
        if (contiguous) {
            int outer = 1, mid = 1, inner = 1;
            for (int i = 0; i < lo; i++) outer *= d[i];
            for (int i = lo; i < hi; i++) mid *= d[i];
            for (int i = hi; i < r; i++) inner *= d[i];
            for (int a = 0; a < outer; a++) {
                int ob = oo + a * inner, xb = xo + a * mid * inner;
                for (int c = 0; c < inner; c++) out[ob + c] = kind == 2 ? Float.NEGATIVE_INFINITY : 0f;
                for (int m = 0; m < mid; m++) {
                    int row = xb + m * inner;
                    if (kind == 2) for (int c = 0; c < inner; c++) out[ob + c] = Math.max(out[ob + c], x[row + c]);
                    else for (int c = 0; c < inner; c++) out[ob + c] += x[row + c];
                }
                if (kind == 1) for (int c = 0; c < inner; c++) out[ob + c] /= mid;
            }
            return;
        }
        int[] kd = d.clone();
        int cnt = 1;
        for (int i = 0; i < r; i++) if ((mask >> i & 1) != 0) {
            kd[i] = 1;
            cnt *= d[i];
        }
        int[] xs = strides(d), ks = strides(kd);
        int total = count(kd);
        for (int i = 0; i < total; i++) out[oo + i] = kind == 2 ? Float.NEGATIVE_INFINITY : 0f;
        int size = count(d);
        for (int i = 0; i < size; i++) {
            int o = oo;
            for (int k = 0; k < r; k++) if ((mask >> k & 1) == 0) o += ((i / xs[k]) % d[k]) * ks[k];
            out[o] = kind == 2 ? Math.max(out[o], x[xo + i]) : out[o] + x[xo + i];
        }
        if (kind == 1) for (int i = 0; i < total; i++) out[oo + i] /= cnt;
    }

    /** NumPy broadcast of x (dims right-aligned to {@code outDims}) into out. */
    public static void broadcast(float[] x, int xo, int[] xDims, float[] out, int oo, int[] outDims, int n) {
        int[] xd = concrete(xDims, n), od = concrete(outDims, n);
        int r = od.length, lead = r - xd.length;
        int[] xs = strides(xd), os = strides(od);
        int total = count(od);
        for (int i = 0; i < total; i++) {
            int src = xo;
            for (int k = lead; k < r; k++) if (xd[k - lead] != 1) src += ((i / os[k]) % od[k]) * xs[k - lead];
            out[oo + i] = x[src];
        }
    }

    /** out.dims[i] = x.dims[perm[i]]. */
    public static void transpose(float[] x, int xo, int[] xDims, int[] perm, float[] out, int oo, int n) {
        int[] d = concrete(xDims, n);
        int r = d.length;
        int[] od = new int[r];
        for (int k = 0; k < r; k++) od[k] = d[perm[k]];
        int[] xs = strides(d), os = strides(od);
        int total = count(d);
        for (int i = 0; i < total; i++) {
            int src = xo;
            for (int k = 0; k < r; k++) src += ((i / os[k]) % od[k]) * xs[perm[k]];
            out[oo + i] = x[src];
        }
    }

    /** Copies {@code outer} blocks of {@code len * inner} floats from x (block stride {@code xLen * inner}) at {@code start * inner}. */
    public static void slice(float[] x, int xo, int outer, int xLen, int inner, int start, int len, float[] out, int oo) {
        for (int a = 0; a < outer; a++) {
            System.arraycopy(x, xo + (a * xLen + start) * inner, out, oo + a * len * inner, len * inner);
        }
    }

    /** out = x ([outer, len, inner]) with the middle axis reversed. */
    public static void reverse(float[] x, int xo, int outer, int len, int inner, float[] out, int oo) {
        for (int a = 0; a < outer; a++) {
            for (int i = 0; i < len; i++) {
                System.arraycopy(x, xo + (a * len + i) * inner, out, oo + (a * len + len - 1 - i) * inner, inner);
            }
        }
    }

    /** Places x ([outer, len, inner]) into out ([outer, outLen, inner]) at position {@code start} of the middle axis. */
    public static void place(float[] x, int xo, int outer, int len, int inner, float[] out, int oo, int outLen, int start) {
        for (int a = 0; a < outer; a++) {
            System.arraycopy(x, xo + a * len * inner, out, oo + (a * outLen + start) * inner, len * inner);
        }
    }

    /** out[i, :] = table[idx[i], :] for {@code count} indices; rows of width d. */
    public static void gather(float[] table, int to, int rows, int d, float[] idx, int io, int count, float[] out, int oo) {
        for (int i = 0; i < count; i++) {
            int r = (int) idx[io + i];
            if (r < 0 || r >= rows) throw new IndexOutOfBoundsException("index " + r + " outside the table of " + rows + " rows");
            System.arraycopy(table, to + r * d, out, oo + i * d, d);
        }
    }

    /** out = zeros [rows, d]; out[idx[i], :] += upd[i, :]. */
    public static void scatterAdd(float[] idx, int io, int count, float[] upd, int uo, int d, int rows, float[] out, int oo) {
        java.util.Arrays.fill(out, oo, oo + rows * d, 0f);
        for (int i = 0; i < count; i++) {
            int r = (int) idx[io + i];
            for (int j = 0; j < d; j++) out[oo + r * d + j] += upd[uo + i * d + j];
        }
    }

    /** One-hot of {@code count} integer-valued floats into {@code depth} classes (out of range: all zeros). */
    public static void oneHot(float[] x, int xo, int count, int depth, float[] out, int oo) {
        java.util.Arrays.fill(out, oo, oo + count * depth, 0f);
        for (int i = 0; i < count; i++) {
            int c = Math.round(x[xo + i]);
            if (c >= 0 && c < depth) out[oo + i * depth + c] = 1f;
        }
    }

    /** Row-wise softmax of [rows, cols], max-subtracted. */
    public static void softmax(float[] x, int xo, int rows, int cols, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int b = xo + r * cols, o = oo + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[b + j]);
            double s = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[b + j] - max);
                out[o + j] = e;
                s += e;
            }
            float inv = (float) (1 / s);
            for (int j = 0; j < cols; j++) out[o + j] *= inv;
        }
    }

    /** Per-row -sum(y * log(clip(softmax(x), 1e-7, 1 - 1e-7))) for [rows, cols]. */
    public static void softmaxXent(float[] x, int xo, float[] y, int yo, int rows, int cols, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int b = xo + r * cols, t = yo + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[b + j]);
            double s = 0;
            for (int j = 0; j < cols; j++) s += Math.exp(x[b + j] - max);
            double logS = Math.log(s), loss = 0;
            for (int j = 0; j < cols; j++) {
                if (y[t + j] == 0f) continue;
                double p = Math.exp(x[b + j] - max - logS);
                p = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
                loss -= y[t + j] * Math.log(p);
            }
            out[oo + r] = (float) loss;
        }
    }
}
