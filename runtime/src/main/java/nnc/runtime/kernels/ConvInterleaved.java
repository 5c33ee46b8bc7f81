package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Direct convolution kernels for one input channel and few filters (LeNet's first layer:
 * 1 -> 6 channels), stride 1, whose lanes run along the NHWC output row itself: a row of
 * {@code outW * cout} floats, pixels and channels interleaved, so every vector is a whole
 * store and {@code dOut} is read in place, with no transposes and no scatters.
 *
 * <p>To make that work the input image is "expanded" once per image: every pixel repeated
 * {@code cout} times ({@code X[r][x * cout + c] = in[r][x]}), by a vector rearrange with a
 * fixed shuffle. Then for a kernel tap {@code (ky, kx)} the input under output vector
 * {@code v} of row {@code oy} is the expanded row {@code oy + ky} at offset
 * {@code kx * cout + v * L}, and the weights are the lane pattern
 * {@code K[ky][kx][(v * L + lane) % cout]}, which repeats every {@code phases = cout / gcd(cout, L)}
 * vectors, so {@code kh * kw * phases} kernel vectors are built once per call.
 * <ul>
 *   <li>Forward: four output rows per block share each kernel-vector load (5 loads per 4 FMAs).</li>
 *   <li>Kernel gradient: accumulators per tap and vector position {@code v}; five kernel
 *       columns per sweep share each {@code dOut} load; at the end the lanes of each
 *       {@code (ky, kx)} are folded to their channel {@code (v * L + lane) % cout}.</li>
 * </ul>
 * Work is split by images over {@link KernelConfig#threads()} tasks; the kernel gradient sums
 * per-task partials in task order, so results are bit-identical for a given thread count.
 */
final class ConvInterleaved {
    private ConvInterleaved() {}

    /** {@code -Dnnc.conv.interleaved=false} sends these shapes to {@link ConvDirect} (for comparisons). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("nnc.conv.interleaved", "true"));

    /** Rows of output per forward block. */
    private static final int ROWS = 4;

    /** Kernel columns per kernel-gradient sweep. */
    private static final int COLS = 5;

    static boolean suits(ConvGeometry g) {
        return ENABLED && g.cin() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.cout() <= L;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Vectors after which the channel pattern of a row repeats. */
    static int phases(ConvGeometry g) {
        return g.cout() / gcd(g.cout(), L);
    }

    /** Vectors per output row. */
    private static int vectors(ConvGeometry g) {
        return (g.outW() * g.cout() + L - 1) / L;
    }

    /** Floats per expanded row: the last vector of the last (rounded-up) kernel column stays inside. */
    static int rowStride(ConvGeometry g) {
        int cols = (g.kw() + COLS - 1) / COLS * COLS;
        int n = vectors(g) * L + (cols - 1) * g.cout();
        return (n + L - 1) / L * L;
    }

    /** Expanded rows: the padded image, rounded up so that a block of ROWS output rows stays inside. */
    static int rows(ConvGeometry g) {
        return (g.outH() + ROWS - 1) / ROWS * ROWS + g.kh() - 1;
    }

    /** The zero-padded source row the expansion reads whole vectors from. */
    private static int rowBuffer(ConvGeometry g) {
        return rowStride(g) / g.cout() + L + 1;
    }

    private static int tasks(ConvGeometry g) {
        return Math.max(1, Math.min(KernelConfig.threads(), g.batch()));
    }

    /** Per-task floats: expanded image, source row, kernel-gradient partials. */
    static int perTask(ConvGeometry g) {
        return rows(g) * rowStride(g) + rowBuffer(g) + g.kh() * g.kw() * vectors(g) * L;
    }

    /** Shared floats ahead of the task slices: expanded kernel and bias. */
    static int shared(ConvGeometry g) {
        return (g.kh() * g.kw() + 1) * phases(g) * L;
    }

    static int workspaceSize(ConvGeometry g) {
        return suits(g) ? shared(g) + tasks(g) * perTask(g) + tasks(g) * g.kernelSize() : 0;
    }

    // ---------------------------------------------------------------- expansion

    /** SHUFFLES[cout][p]: lane j of expanded vector p takes source pixel (p*L + j)/cout - (p*L)/cout. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[][] SHUFFLES = new VectorShuffle[L + 1][];

    private static VectorShuffle<Float>[] shuffles(int cout) {
        VectorShuffle<Float>[] s = SHUFFLES[cout];
        if (s == null) {   // benign race: every thread builds the same contents
            int ph = cout / gcd(cout, L);
            @SuppressWarnings("unchecked")
            VectorShuffle<Float>[] t = new VectorShuffle[ph];
            for (int p = 0; p < ph; p++) {
                int[] idx = new int[L];
                for (int j = 0; j < L; j++) idx[j] = (p * L + j) / cout - (p * L) / cout;
                t[p] = VectorShuffle.fromArray(S, idx, 0);
            }
            SHUFFLES[cout] = t;
            s = t;
        }
        return s;
    }

    /** Writes image {@code b}, zero-padded and expanded, at {@code x0} ({@link #rows} rows of {@link #rowStride}). */
    static void expand(ConvGeometry g, float[] in, int inOff, int b, float[] w, int x0, int buf) {
        int cout = g.cout(), e = rowStride(g), rb = rowBuffer(g), ph = phases(g), n = rows(g);
        VectorShuffle<Float>[] sh = shuffles(cout);
        for (int r = 0; r < n; r++) {
            int iy = r - g.padTop(), dst = x0 + r * e;
            if (iy < 0 || iy >= g.inH()) {
                Arrays.fill(w, dst, dst + e, 0f);
                continue;
            }
            Arrays.fill(w, buf, buf + rb, 0f);
            int len = Math.min(g.inW(), rb - L - 1 - g.padLeft());
            System.arraycopy(in, inOff + (b * g.inH() + iy) * g.inW(), w, buf + g.padLeft(), len);
            for (int v = 0, p = 0; v < e; v += L) {
                FloatVector.fromArray(S, w, buf + v / cout).rearrange(sh[p]).intoArray(w, dst + v);
                if (++p == ph) p = 0;
            }
        }
    }

    /** Kernel vectors {@code [kh][kw][phase]} and, after them, bias vectors {@code [phase]}. */
    static void expandKernel(ConvGeometry g, float[] k, int kOff, float[] bias, int bOff, float[] w) {
        int cout = g.cout(), ph = phases(g), taps = g.kh() * g.kw();
        for (int t = 0; t < taps; t++)
            for (int p = 0; p < ph; p++)
                for (int j = 0; j < L; j++) w[(t * ph + p) * L + j] = k[kOff + t * cout + (p * L + j) % cout];
        for (int p = 0; p < ph; p++)
            for (int j = 0; j < L; j++) w[(taps * ph + p) * L + j] = bias == null ? 0f : bias[bOff + (p * L + j) % cout];
    }

    // ---------------------------------------------------------------- forward

    static void forward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                        float[] bias, int bOff, boolean relu, float[] out, int outOff, float[] work) {
        expandKernel(g, kernel, kOff, bias, bOff, work);
        int tasks = tasks(g), per = perTask(g), base = shared(g);
        WorkerPool.shared().parallelFor(tasks, t -> {
            int x0 = base + t * per, buf = x0 + rows(g) * rowStride(g);
            int b0 = g.batch() * t / tasks, b1 = g.batch() * (t + 1) / tasks;
            for (int b = b0; b < b1; b++) {
                expand(g, in, inOff, b, work, x0, buf);
                forwardImage(g, work, x0, relu, out, outOff, b);
            }
        });
    }

    static void forwardImage(ConvGeometry g, float[] w, int x0, boolean relu, float[] out, int outOff, int b) {
        int cout = g.cout(), kh = g.kh(), kw = g.kw(), oh = g.outH(), e = rowStride(g), ph = phases(g);
        int nv = vectors(g), rowLen = g.outW() * cout, taps = kh * kw;
        VectorMask<Float> tail = S.indexInRange(0, rowLen - (nv - 1) * L);
        int img = outOff + b * oh * rowLen;
        for (int oy0 = 0; oy0 < oh; oy0 += ROWS) {
            for (int v = 0, p = 0; v < nv; v++) {
                FloatVector bv = FloatVector.fromArray(S, w, (taps * ph + p) * L);
                FloatVector a0 = bv, a1 = bv, a2 = bv, a3 = bv;
                for (int ky = 0; ky < kh; ky++) {
                    int r = x0 + (oy0 + ky) * e + v * L;
                    int kr = (ky * kw * ph + p) * L;
                    for (int kx = 0; kx < kw; kx++) {
                        FloatVector kv = FloatVector.fromArray(S, w, kr + kx * ph * L);
                        int s = r + kx * cout;
                        a0 = FloatVector.fromArray(S, w, s).fma(kv, a0);
                        a1 = FloatVector.fromArray(S, w, s + e).fma(kv, a1);
                        a2 = FloatVector.fromArray(S, w, s + 2 * e).fma(kv, a2);
                        a3 = FloatVector.fromArray(S, w, s + 3 * e).fma(kv, a3);
                    }
                }
                if (relu) { a0 = a0.max(0f); a1 = a1.max(0f); a2 = a2.max(0f); a3 = a3.max(0f); }
                int o = img + oy0 * rowLen + v * L, rowsLeft = oh - oy0;
                if (v < nv - 1) {
                    a0.intoArray(out, o);
                    if (rowsLeft > 1) a1.intoArray(out, o + rowLen);
                    if (rowsLeft > 2) a2.intoArray(out, o + 2 * rowLen);
                    if (rowsLeft > 3) a3.intoArray(out, o + 3 * rowLen);
                } else {
                    a0.intoArray(out, o, tail);
                    if (rowsLeft > 1) a1.intoArray(out, o + rowLen, tail);
                    if (rowsLeft > 2) a2.intoArray(out, o + 2 * rowLen, tail);
                    if (rowsLeft > 3) a3.intoArray(out, o + 3 * rowLen, tail);
                }
                if (++p == ph) p = 0;
            }
        }
    }

    // ---------------------------------------------------------------- kernel gradient

    static void backwardKernel(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                               float[] dKernel, int dkOff, boolean accumulate, float[] work) {
        int tasks = tasks(g), per = perTask(g), base = shared(g), ks = g.kernelSize();
        int nv = vectors(g), part = g.kh() * g.kw() * nv * L, sums = base + tasks * per;
        WorkerPool.shared().parallelFor(tasks, t -> {
            int x0 = base + t * per, buf = x0 + rows(g) * rowStride(g), acc = buf + rowBuffer(g);
            Arrays.fill(work, acc, acc + part, 0f);
            int b0 = g.batch() * t / tasks, b1 = g.batch() * (t + 1) / tasks;
            for (int b = b0; b < b1; b++) {
                expand(g, in, inOff, b, work, x0, buf);
                kernelGradientImage(g, work, x0, acc, dOut, dOutOff, b);
            }
            // Fold lanes to channels: lane j of vector v holds channel (v * L + j) % cout.
            int s = sums + t * ks, cout = g.cout();
            Arrays.fill(work, s, s + ks, 0f);
            for (int tap = 0; tap < g.kh() * g.kw(); tap++)
                for (int v = 0; v < nv; v++)
                    for (int j = 0; j < L; j++)
                        work[s + tap * cout + (v * L + j) % cout] += work[acc + (tap * nv + v) * L + j];
        });
        if (!accumulate) Arrays.fill(dKernel, dkOff, dkOff + ks, 0f);
        for (int t = 0; t < tasks; t++) Conv2d.addInto(work, sums + t * ks, dKernel, dkOff, ks);
    }

    /**
     * Adds image {@code b}'s lane-wise kernel gradient to {@code acc} ({@code [kh][kw][v]} vectors):
     * for each tap row, vector position and block of five kernel columns, one sweep down the
     * output rows with the five accumulators in registers (one {@code dOut} load feeds five FMAs).
     */
    static void kernelGradientImage(ConvGeometry g, float[] w, int x0, int acc, float[] dOut, int dOutOff, int b) {
        int cout = g.cout(), kh = g.kh(), kw = g.kw(), oh = g.outH(), e = rowStride(g);
        int nv = vectors(g), rowLen = g.outW() * cout;
        VectorMask<Float> tail = S.indexInRange(0, rowLen - (nv - 1) * L);
        int img = dOutOff + b * oh * rowLen;
        for (int ky = 0; ky < kh; ky++) {
            for (int v = 0; v < nv; v++) {
                boolean last = v == nv - 1;
                for (int kx0 = 0; kx0 < kw; kx0 += COLS) {
                    FloatVector z = FloatVector.zero(S), c0 = z, c1 = z, c2 = z, c3 = z, c4 = z;
                    int r = x0 + ky * e + kx0 * cout + v * L, d = img + v * L;
                    for (int oy = 0; oy < oh; oy++, r += e, d += rowLen) {
                        FloatVector dv = last ? FloatVector.fromArray(S, dOut, d, tail) : FloatVector.fromArray(S, dOut, d);
                        c0 = FloatVector.fromArray(S, w, r).fma(dv, c0);
                        c1 = FloatVector.fromArray(S, w, r + cout).fma(dv, c1);
                        c2 = FloatVector.fromArray(S, w, r + 2 * cout).fma(dv, c2);
                        c3 = FloatVector.fromArray(S, w, r + 3 * cout).fma(dv, c3);
                        c4 = FloatVector.fromArray(S, w, r + 4 * cout).fma(dv, c4);
                    }
                    // Written inline: a vector passed to a helper that C2 does not inline would box.
                    int a = acc + ((ky * kw + kx0) * nv + v) * L, step = nv * L;
                    c0.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
                    if (kx0 + 1 < kw) c1.add(FloatVector.fromArray(S, w, a + step)).intoArray(w, a + step);
                    if (kx0 + 2 < kw) c2.add(FloatVector.fromArray(S, w, a + 2 * step)).intoArray(w, a + 2 * step);
                    if (kx0 + 3 < kw) c3.add(FloatVector.fromArray(S, w, a + 3 * step)).intoArray(w, a + 3 * step);
                    if (kx0 + 4 < kw) c4.add(FloatVector.fromArray(S, w, a + 4 * step)).intoArray(w, a + 4 * step);
                }
            }
        }
    }
}
