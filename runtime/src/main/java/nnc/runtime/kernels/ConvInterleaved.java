package nnc.runtime.kernels;

import static nnc.runtime.kernels.Simd.L;
import static nnc.runtime.kernels.Simd.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * Direct convolution kernels for one input channel and few filters (LeNet's first layer:
 * 1 -> 6 channels), stride 1, kernels of up to five rows, whose lanes run along the NHWC
 * output row itself: a row of {@code outW * cout} floats, pixels and channels interleaved, so
 * every vector is a whole store and {@code dOut} is read in place, with no transposes, no
 * scatters and no masks.
 *
 * <p>To make that work the input image is "expanded" once per image: every pixel repeated
 * {@code cout} times ({@code X[r][x * cout + c] = in[r][x]}), by a vector rearrange with a
 * fixed shuffle. Then for a kernel tap {@code (ky, kx)} the input under the output vector
 * that starts at {@code s} in row {@code oy} is the expanded row {@code oy + ky} at offset
 * {@code kx * cout + s}, and the weights are the lane pattern {@code K[ky][kx][(s + lane) % cout]},
 * which repeats every {@code phases = cout / gcd(cout, L)} vectors, so
 * {@code 5 * kw * phases} kernel vectors are built once per call. Vector {@code v} of a row
 * starts at {@code v * L}, except the last, which starts at {@code rowLen - L} (overlapping
 * its neighbour, so it never reads or writes past the row); its pattern is always phase
 * {@code phases - 1}, since {@code rowLen} is a multiple of {@code cout}.
 *
 * <p>Every vector load here is a cache-line split (the arrays are not 64-byte aligned), so
 * the kernels are built to save loads: see {@link #forwardImage} and
 * {@link #kernelGradientImage}. Work is split by images over {@link KernelConfig#threads()}
 * tasks; the kernel gradient sums per-task partials in task order, so results are
 * bit-identical for a given thread count.
 */
final class ConvInterleaved {
    private ConvInterleaved() {}

    /** {@code -Dnnc.conv.interleaved=false} sends these shapes to {@link ConvDirect} (for comparisons). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("nnc.conv.interleaved", "true"));

    /** Kernel rows the kernels are written for; shorter kernels run on zero rows. */
    private static final int KH = 5;

    /** Output rows per forward block (28 = 2 * 14 for LeNet). */
    private static final int TALL = 14;

    /** Kernel columns per kernel-gradient sweep. */
    private static final int COLS = 3;

    /** Kernel columns per sweep of {@link #kernelGradientWide} (kernels of four or five columns). */
    private static final int WIDE = 5;

    /** {@code -Dnnc.conv.wide=false} keeps five-column kernels on the three-column sweep (for comparisons). */
    private static final boolean WIDE_ON = Boolean.parseBoolean(System.getProperty("nnc.conv.wide", "true"));

    static boolean suits(ConvGeometry g) {
        return ENABLED && g.cin() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.cout() <= L
                && g.kh() <= KH && g.outW() * g.cout() >= L;
    }

    /** Whether the kernel gradient takes {@link #kernelGradientWide} (four or five kernel columns). */
    static boolean wideSweep(ConvGeometry g) {
        return WIDE_ON && (g.kw() == 4 || g.kw() == 5);
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
        int cols = Math.max((g.kw() + COLS - 1) / COLS * COLS, (g.kw() + WIDE - 1) / WIDE * WIDE);
        int n = vectors(g) * L + (cols - 1) * g.cout();
        return (n + L - 1) / L * L;
    }

    /** Expanded rows: the padded image, rounded up to whole forward blocks. */
    static int rows(ConvGeometry g) {
        return (g.outH() + TALL - 1) / TALL * TALL + KH - 1;
    }

    /** The zero-padded source row the expansion reads whole vectors from. */
    private static int rowBuffer(ConvGeometry g) {
        return rowStride(g) / g.cout() + L + 1;
    }

    /**
     * Per-task floats: expanded image, source row, kernel-gradient partials
     * ({@code [KH * kw + 1][v]} vectors, the last row for the bias gradient).
     */
    static int perTask(ConvGeometry g) {
        return rows(g) * rowStride(g) + rowBuffer(g) + (KH * g.kw() + 1) * vectors(g) * L;
    }

    /** Shared floats ahead of the task slices: expanded kernel and bias. */
    static int shared(ConvGeometry g) {
        return (KH * g.kw() + 1) * phases(g) * L;
    }

    static int workspaceSize(ConvGeometry g) {
        return suits(g) ? shared(g) + g.tasks() * perTask(g) + g.tasks() * (g.kernelSize() + g.cout()) : 0;
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

    /** {@code -Dnnc.conv.group=false}: the phase-by-phase expansion only (for comparisons). */
    private static final boolean GROUP = Boolean.parseBoolean(System.getProperty("nnc.conv.group", "true"));

    /** G6[p]: lane j of expanded vector p of a group of six (cout = 6) takes source pixel (p * L + j) / 6. */
    private static final VectorShuffle<Float>[] G6 = groupShuffles();

    /** Whether {@link #expand} takes groups of six vectors per source load (six filters, rows of at least six vectors). */
    static boolean groupExpansion(ConvGeometry g) {
        return GROUP && g.cout() == 6 && rowStride(g) >= 6 * L;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] groupShuffles() {
        VectorShuffle<Float>[] t = new VectorShuffle[6];
        for (int p = 0; p < 6; p++) {
            int[] idx = new int[L];
            for (int j = 0; j < L; j++) idx[j] = Math.min((p * L + j) / 6, L - 1);
            t[p] = VectorShuffle.fromArray(S, idx, 0);
        }
        return t;
    }

    /**
     * Zeroes a task's expanded image and source row once per call: {@link #expand} writes the
     * same positions for every image (the rows and columns of the image itself), so the padding
     * stays zero from one image to the next (zeroing it per image and per row cost a
     * measurable part of the expansion).
     */
    static void clear(ConvGeometry g, float[] w, int x0, int buf) {
        Arrays.fill(w, x0, x0 + rows(g) * rowStride(g), 0f);
        Arrays.fill(w, buf, buf + rowBuffer(g), 0f);
    }

    /**
     * Writes image {@code b}, expanded, at {@code x0} ({@link #rows} rows of {@link #rowStride});
     * the padding rows and the source row's margins are those zeroed by {@link #clear}.
     */
    static void expand(ConvGeometry g, float[] in, int inOff, int b, float[] w, int x0, int buf) {
        int cout = g.cout(), e = rowStride(g), rb = rowBuffer(g), ph = phases(g);
        VectorShuffle<Float>[] sh = shuffles(cout);
        int r0 = g.padTop(), r1 = Math.min(rows(g), g.padTop() + g.inH());
        for (int r = r0; r < r1; r++) {
            int iy = r - g.padTop(), dst = x0 + r * e;
            int len = Math.min(g.inW(), rb - L - 1 - g.padLeft());
            System.arraycopy(in, inOff + (b * g.inH() + iy) * g.inW(), w, buf + g.padLeft(), len);
            int v = 0;
            if (groupExpansion(g)) {
                // Six output vectors are sixteen source pixels: one source load and six shuffles
                // (the source row was just written by the copy above, and a load that straddles
                // those stores probably waits for them: one such load per six vectors instead of
                // six; measured 7-10 % faster for LeNet layer 1's forward + kernel gradient).
                VectorShuffle<Float> s0 = G6[0], s1 = G6[1], s2 = G6[2], s3 = G6[3], s4 = G6[4], s5 = G6[5];
                for (; v + 6 * L <= e; v += 6 * L) {
                    FloatVector x = FloatVector.fromArray(S, w, buf + v / 6);
                    x.rearrange(s0).intoArray(w, dst + v);
                    x.rearrange(s1).intoArray(w, dst + v + L);
                    x.rearrange(s2).intoArray(w, dst + v + 2 * L);
                    x.rearrange(s3).intoArray(w, dst + v + 3 * L);
                    x.rearrange(s4).intoArray(w, dst + v + 4 * L);
                    x.rearrange(s5).intoArray(w, dst + v + 5 * L);
                }
            }
            if (ph == 3) {
                // The shuffles as locals: picked from the array inside the loop they cost
                // about twice as much (measured on LeNet layer 1's expansion).
                VectorShuffle<Float> s0 = sh[0], s1 = sh[1], s2 = sh[2];
                int q1 = L / cout, q2 = 2 * L / cout;
                for (; v + 3 * L <= e; v += 3 * L) {
                    int src = buf + v / cout;
                    FloatVector.fromArray(S, w, src).rearrange(s0).intoArray(w, dst + v);
                    FloatVector.fromArray(S, w, src + q1).rearrange(s1).intoArray(w, dst + v + L);
                    FloatVector.fromArray(S, w, src + q2).rearrange(s2).intoArray(w, dst + v + 2 * L);
                }
            }
            for (int p = v / L % ph; v < e; v += L) {
                FloatVector.fromArray(S, w, buf + v / cout).rearrange(sh[p]).intoArray(w, dst + v);
                if (++p == ph) p = 0;
            }
        }
    }

    /**
     * Kernel vectors {@code [KH][kw][phase]} (rows past {@code kh} zero) and, after them,
     * bias vectors {@code [phase]}.
     */
    static void expandKernel(ConvGeometry g, float[] k, int kOff, float[] bias, int bOff, float[] w) {
        int cout = g.cout(), ph = phases(g), taps = KH * g.kw(), real = g.kh() * g.kw();
        for (int t = 0; t < taps; t++)
            for (int p = 0; p < ph; p++)
                for (int j = 0; j < L; j++) w[(t * ph + p) * L + j] = t < real ? k[kOff + t * cout + (p * L + j) % cout] : 0f;
        for (int p = 0; p < ph; p++)
            for (int j = 0; j < L; j++) w[(taps * ph + p) * L + j] = bias == null ? 0f : bias[bOff + (p * L + j) % cout];
    }

    // ---------------------------------------------------------------- forward

    static void forward(ConvGeometry g, float[] in, int inOff, float[] kernel, int kOff,
                        float[] bias, int bOff, boolean relu, float[] out, int outOff, float[] work) {
        expandKernel(g, kernel, kOff, bias, bOff, work);
        ConvTask.of(ConvInterleaved::forwardTask, g).in(in, inOff).relu(relu).out(out, outOff).work(work).run();
    }

    private static void forwardTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        float[] work = c.work;
        int x0 = shared(g) + t * perTask(g), buf = x0 + rows(g) * rowStride(g);
        clear(g, work, x0, buf);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) {
            expand(g, c.in, c.inOff, b, work, x0, buf);
            forwardImage(g, work, x0, c.relu, c.out, c.outOff, b);
        }
    }

    /**
     * For each kernel column the five kernel vectors stay in registers while the eleven
     * expanded input rows under a block of seven output rows are loaded once each and feed up
     * to five FMAs (16 vector loads per 35 FMAs; the first version, four output rows sharing
     * each kernel load, 5 loads per 4 FMAs, took 0.39 ms against 0.15 for LeNet layer 1 at
     * batch 64 on one thread, expansion not counted).
     */
    static void forwardImage(ConvGeometry g, float[] w, int x0, boolean relu, float[] out, int outOff, int b) {
        int cout = g.cout(), kw = g.kw(), oh = g.outH(), e = rowStride(g), ph = phases(g);
        int nv = vectors(g), rowLen = g.outW() * cout, taps = KH * kw, ks = kw * ph * L;
        int img = outOff + b * oh * rowLen;
        for (int oy0 = 0; oy0 < oh; oy0 += TALL) {
            for (int v = 0; v < nv; v++) {
                int p = v == nv - 1 ? ph - 1 : v % ph, start = Math.min(v * L, rowLen - L);
                FloatVector bv = FloatVector.fromArray(S, w, (taps * ph + p) * L);
                FloatVector a0 = bv, a1 = bv, a2 = bv, a3 = bv, a4 = bv, a5 = bv, a6 = bv;
                FloatVector a7 = bv, a8 = bv, a9 = bv, a10 = bv, a11 = bv, a12 = bv, a13 = bv;
                for (int kx = 0; kx < kw; kx++) {
                    int kb = (kx * ph + p) * L;
                    FloatVector k0 = FloatVector.fromArray(S, w, kb), k1 = FloatVector.fromArray(S, w, kb + ks);
                    FloatVector k2 = FloatVector.fromArray(S, w, kb + 2 * ks), k3 = FloatVector.fromArray(S, w, kb + 3 * ks);
                    FloatVector k4 = FloatVector.fromArray(S, w, kb + 4 * ks);
                    int s = x0 + oy0 * e + kx * cout + start;
                    // Input row r of the block feeds output row i through kernel row r - i.
                    FloatVector x;
                    x = FloatVector.fromArray(S, w, s);
                    a0 = x.fma(k0, a0);
                    x = FloatVector.fromArray(S, w, s + e);
                    a0 = x.fma(k1, a0); a1 = x.fma(k0, a1);
                    x = FloatVector.fromArray(S, w, s + 2 * e);
                    a0 = x.fma(k2, a0); a1 = x.fma(k1, a1); a2 = x.fma(k0, a2);
                    x = FloatVector.fromArray(S, w, s + 3 * e);
                    a0 = x.fma(k3, a0); a1 = x.fma(k2, a1); a2 = x.fma(k1, a2); a3 = x.fma(k0, a3);
                    x = FloatVector.fromArray(S, w, s + 4 * e);
                    a0 = x.fma(k4, a0); a1 = x.fma(k3, a1); a2 = x.fma(k2, a2); a3 = x.fma(k1, a3);
                    a4 = x.fma(k0, a4);
                    x = FloatVector.fromArray(S, w, s + 5 * e);
                    a1 = x.fma(k4, a1); a2 = x.fma(k3, a2); a3 = x.fma(k2, a3); a4 = x.fma(k1, a4);
                    a5 = x.fma(k0, a5);
                    x = FloatVector.fromArray(S, w, s + 6 * e);
                    a2 = x.fma(k4, a2); a3 = x.fma(k3, a3); a4 = x.fma(k2, a4); a5 = x.fma(k1, a5);
                    a6 = x.fma(k0, a6);
                    x = FloatVector.fromArray(S, w, s + 7 * e);
                    a3 = x.fma(k4, a3); a4 = x.fma(k3, a4); a5 = x.fma(k2, a5); a6 = x.fma(k1, a6);
                    a7 = x.fma(k0, a7);
                    x = FloatVector.fromArray(S, w, s + 8 * e);
                    a4 = x.fma(k4, a4); a5 = x.fma(k3, a5); a6 = x.fma(k2, a6); a7 = x.fma(k1, a7);
                    a8 = x.fma(k0, a8);
                    x = FloatVector.fromArray(S, w, s + 9 * e);
                    a5 = x.fma(k4, a5); a6 = x.fma(k3, a6); a7 = x.fma(k2, a7); a8 = x.fma(k1, a8);
                    a9 = x.fma(k0, a9);
                    x = FloatVector.fromArray(S, w, s + 10 * e);
                    a6 = x.fma(k4, a6); a7 = x.fma(k3, a7); a8 = x.fma(k2, a8); a9 = x.fma(k1, a9);
                    a10 = x.fma(k0, a10);
                    x = FloatVector.fromArray(S, w, s + 11 * e);
                    a7 = x.fma(k4, a7); a8 = x.fma(k3, a8); a9 = x.fma(k2, a9); a10 = x.fma(k1, a10);
                    a11 = x.fma(k0, a11);
                    x = FloatVector.fromArray(S, w, s + 12 * e);
                    a8 = x.fma(k4, a8); a9 = x.fma(k3, a9); a10 = x.fma(k2, a10); a11 = x.fma(k1, a11);
                    a12 = x.fma(k0, a12);
                    x = FloatVector.fromArray(S, w, s + 13 * e);
                    a9 = x.fma(k4, a9); a10 = x.fma(k3, a10); a11 = x.fma(k2, a11); a12 = x.fma(k1, a12);
                    a13 = x.fma(k0, a13);
                    x = FloatVector.fromArray(S, w, s + 14 * e);
                    a10 = x.fma(k4, a10); a11 = x.fma(k3, a11); a12 = x.fma(k2, a12); a13 = x.fma(k1, a13);
                    x = FloatVector.fromArray(S, w, s + 15 * e);
                    a11 = x.fma(k4, a11); a12 = x.fma(k3, a12); a13 = x.fma(k2, a13);
                    x = FloatVector.fromArray(S, w, s + 16 * e);
                    a12 = x.fma(k4, a12); a13 = x.fma(k3, a13);
                    x = FloatVector.fromArray(S, w, s + 17 * e);
                    a13 = x.fma(k4, a13);
                }
                if (relu) {
                    a0 = a0.max(0f); a1 = a1.max(0f); a2 = a2.max(0f); a3 = a3.max(0f); a4 = a4.max(0f);
                    a5 = a5.max(0f); a6 = a6.max(0f); a7 = a7.max(0f); a8 = a8.max(0f); a9 = a9.max(0f);
                    a10 = a10.max(0f); a11 = a11.max(0f); a12 = a12.max(0f); a13 = a13.max(0f);
                }
                int o = img + oy0 * rowLen + start, n = Math.min(TALL, oh - oy0);
                a0.intoArray(out, o);
                if (n > 1) a1.intoArray(out, o + 1 * rowLen);
                if (n > 2) a2.intoArray(out, o + 2 * rowLen);
                if (n > 3) a3.intoArray(out, o + 3 * rowLen);
                if (n > 4) a4.intoArray(out, o + 4 * rowLen);
                if (n > 5) a5.intoArray(out, o + 5 * rowLen);
                if (n > 6) a6.intoArray(out, o + 6 * rowLen);
                if (n > 7) a7.intoArray(out, o + 7 * rowLen);
                if (n > 8) a8.intoArray(out, o + 8 * rowLen);
                if (n > 9) a9.intoArray(out, o + 9 * rowLen);
                if (n > 10) a10.intoArray(out, o + 10 * rowLen);
                if (n > 11) a11.intoArray(out, o + 11 * rowLen);
                if (n > 12) a12.intoArray(out, o + 12 * rowLen);
                if (n > 13) a13.intoArray(out, o + 13 * rowLen);
            }
        }
    }

    // ---------------------------------------------------------------- kernel gradient

    /**
     * Kernel gradient and, when {@code dBias} is not null, the bias gradient, which comes
     * almost free from the {@code dOut} loads of the kernel gradient (a separate column sum
     * over the {@code [batch * outH * outW, 6]} matrix took a third as long as the kernel
     * gradient itself).
     */
    static void backwardKernel(ConvGeometry g, float[] in, int inOff, float[] dOut, int dOutOff,
                               float[] dKernel, int dkOff, float[] dBias, int dbOff, boolean accumulate, float[] work) {
        int tasks = g.tasks(), ks = g.kernelSize() + g.cout(), sums = shared(g) + tasks * perTask(g);
        ConvTask.of(ConvInterleaved::backwardKernelTask, g).in(in, inOff).dOut(dOut, dOutOff).work(work).run();
        int kn = g.kernelSize(), cout = g.cout();
        if (!accumulate) {
            Arrays.fill(dKernel, dkOff, dkOff + kn, 0f);
            if (dBias != null) Arrays.fill(dBias, dbOff, dbOff + cout, 0f);
        }
        for (int t = 0; t < tasks; t++) {
            Conv2d.addInto(work, sums + t * ks, dKernel, dkOff, kn);
            if (dBias != null) Conv2d.addInto(work, sums + t * ks + kn, dBias, dbOff, cout);
        }
    }

    private static void backwardKernelTask(ConvTask c, int t) {
        ConvGeometry g = c.g;
        float[] work = c.work;
        int per = perTask(g), base = shared(g), ks = g.kernelSize() + g.cout();
        int nv = vectors(g), part = (KH * g.kw() + 1) * nv * L, sums = base + c.tasks * per;
        int x0 = base + t * per, buf = x0 + rows(g) * rowStride(g), acc = buf + rowBuffer(g);
        Arrays.fill(work, acc, acc + part, 0f);
        clear(g, work, x0, buf);
        for (int b = c.firstImage(t); b < c.endImage(t); b++) {
            expand(g, c.in, c.inOff, b, work, x0, buf);
            if (wideSweep(g)) kernelGradientWide(g, work, x0, acc, c.dOut, c.dOutOff, b);
            else kernelGradientImage(g, work, x0, acc, c.dOut, c.dOutOff, b);
        }
        // Fold lanes to channels: lane j of the vector starting at s holds channel
        // (s + j) % cout; the last vector's lanes that overlap its neighbour are skipped.
        int s = sums + t * ks, cout = g.cout(), rowLen = g.outW() * cout;
        Arrays.fill(work, s, s + ks, 0f);
        // Taps [kh][kw], then the bias row (partial row KH * kw).
        for (int tap = 0; tap <= g.kh() * g.kw(); tap++) {
            int src = tap < g.kh() * g.kw() ? tap : KH * g.kw();
            for (int v = 0; v < nv; v++) {
                int start = Math.min(v * L, rowLen - L);
                for (int j = v * L - start; j < L; j++)
                    work[s + tap * cout + (start + j) % cout] += work[acc + (src * nv + v) * L + j];
            }
        }
    }

    /**
     * Adds image {@code b}'s lane-wise kernel gradient to {@code acc} ({@code [KH][kw][v]}
     * vectors): for each vector position and block of three kernel columns, the 15
     * accumulators {@code [ky][kx]} stay in registers during one sweep down the expanded
     * input rows; each input row loads three shifted input vectors and the five {@code dOut}
     * rows it meets (8 vector loads per 15 FMAs, 12 per 30 for pairs of rows, which share four
     * dOut rows; one kernel row per sweep, 6 loads per 5 FMAs, was 2.5 times slower). Kernel columns past {@code kw} in the last block, and rows
     * past {@code kh}, are computed on zero padding and dropped.
     */
    static void kernelGradientImage(ConvGeometry g, float[] w, int x0, int acc, float[] dOut, int dOutOff, int b) {
        int cout = g.cout(), kw = g.kw(), oh = g.outH(), e = rowStride(g);
        int nv = vectors(g), rowLen = g.outW() * cout, step = nv * L;
        int img = dOutOff + b * oh * rowLen;
        FloatVector z = FloatVector.zero(S);
        for (int v = 0; v < nv; v++) {
            int start = Math.min(v * L, rowLen - L);
            for (int kx0 = 0; kx0 < kw; kx0 += COLS) {
                FloatVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z, c20 = z, c21 = z, c22 = z,
                        c30 = z, c31 = z, c32 = z, c40 = z, c41 = z, c42 = z, cb = z;
                // Pairs of input rows that meet all five dOut rows each: rows r and r + 1 share
                // four of their dOut rows, so a pair takes 6 dOut + 6 input loads for 30 FMAs.
                int r = KH - 1;
                for (; r + 1 < oh; r += 2) {
                    int xs = x0 + r * e + kx0 * cout + start, d = img + r * rowLen + start;
                    // e0 = dOut row r + 1, e1 = row r, ..., e5 = row r - 4.
                    FloatVector e0 = FloatVector.fromArray(S, dOut, d + rowLen), e1 = FloatVector.fromArray(S, dOut, d);
                    FloatVector e2 = FloatVector.fromArray(S, dOut, d - rowLen), e3 = FloatVector.fromArray(S, dOut, d - 2 * rowLen);
                    FloatVector e4 = FloatVector.fromArray(S, dOut, d - 3 * rowLen), e5 = FloatVector.fromArray(S, dOut, d - 4 * rowLen);
                    FloatVector xa = FloatVector.fromArray(S, w, xs), xb = FloatVector.fromArray(S, w, xs + cout);
                    FloatVector xc = FloatVector.fromArray(S, w, xs + 2 * cout);
                    cb = cb.add(e1).add(e0);   // every dOut row is the first of its input row once: the bias gradient
                    c00 = xa.fma(e1, c00); c01 = xb.fma(e1, c01); c02 = xc.fma(e1, c02);
                    c10 = xa.fma(e2, c10); c11 = xb.fma(e2, c11); c12 = xc.fma(e2, c12);
                    c20 = xa.fma(e3, c20); c21 = xb.fma(e3, c21); c22 = xc.fma(e3, c22);
                    c30 = xa.fma(e4, c30); c31 = xb.fma(e4, c31); c32 = xc.fma(e4, c32);
                    c40 = xa.fma(e5, c40); c41 = xb.fma(e5, c41); c42 = xc.fma(e5, c42);
                    xa = FloatVector.fromArray(S, w, xs + e); xb = FloatVector.fromArray(S, w, xs + e + cout);
                    xc = FloatVector.fromArray(S, w, xs + e + 2 * cout);
                    c00 = xa.fma(e0, c00); c01 = xb.fma(e0, c01); c02 = xc.fma(e0, c02);
                    c10 = xa.fma(e1, c10); c11 = xb.fma(e1, c11); c12 = xc.fma(e1, c12);
                    c20 = xa.fma(e2, c20); c21 = xb.fma(e2, c21); c22 = xc.fma(e2, c22);
                    c30 = xa.fma(e3, c30); c31 = xb.fma(e3, c31); c32 = xc.fma(e3, c32);
                    c40 = xa.fma(e4, c40); c41 = xb.fma(e4, c41); c42 = xc.fma(e4, c42);
                }
                // The first four input rows, an odd row left over, and the last four rows: each
                // dOut row that exists is loaded, the others are zero.
                for (int i = 0; i < KH - 1 + oh + KH - 1 - r; i++) {
                    int rr = i < KH - 1 ? i : r + i - (KH - 1);
                    if (i >= KH - 1 && rr < KH - 1) continue;   // already done as a first row (oh < 4)
                    int xs = x0 + rr * e + kx0 * cout + start, d = img + rr * rowLen + start;
                    FloatVector xa = FloatVector.fromArray(S, w, xs), xb = FloatVector.fromArray(S, w, xs + cout);
                    FloatVector xc = FloatVector.fromArray(S, w, xs + 2 * cout);
                    FloatVector d0 = rr < oh ? FloatVector.fromArray(S, dOut, d) : z;
                    FloatVector d1 = rr >= 1 && rr - 1 < oh ? FloatVector.fromArray(S, dOut, d - rowLen) : z;
                    FloatVector d2 = rr >= 2 && rr - 2 < oh ? FloatVector.fromArray(S, dOut, d - 2 * rowLen) : z;
                    FloatVector d3 = rr >= 3 && rr - 3 < oh ? FloatVector.fromArray(S, dOut, d - 3 * rowLen) : z;
                    FloatVector d4 = rr >= 4 && rr - 4 < oh ? FloatVector.fromArray(S, dOut, d - 4 * rowLen) : z;
                    cb = cb.add(d0);
                    c00 = xa.fma(d0, c00); c01 = xb.fma(d0, c01); c02 = xc.fma(d0, c02);
                    c10 = xa.fma(d1, c10); c11 = xb.fma(d1, c11); c12 = xc.fma(d1, c12);
                    c20 = xa.fma(d2, c20); c21 = xb.fma(d2, c21); c22 = xc.fma(d2, c22);
                    c30 = xa.fma(d3, c30); c31 = xb.fma(d3, c31); c32 = xc.fma(d3, c32);
                    c40 = xa.fma(d4, c40); c41 = xb.fma(d4, c41); c42 = xc.fma(d4, c42);
                }
                // Written inline: a vector passed to a helper that C2 does not inline would box.
                int a = acc + (kx0 * nv + v) * L, ky = kw * step;
                if (kx0 == 0) {
                    int ab = acc + (KH * kw * nv + v) * L;
                    cb.add(FloatVector.fromArray(S, w, ab)).intoArray(w, ab);
                }
                c00.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
                c10.add(FloatVector.fromArray(S, w, a + ky)).intoArray(w, a + ky);
                c20.add(FloatVector.fromArray(S, w, a + 2 * ky)).intoArray(w, a + 2 * ky);
                c30.add(FloatVector.fromArray(S, w, a + 3 * ky)).intoArray(w, a + 3 * ky);
                c40.add(FloatVector.fromArray(S, w, a + 4 * ky)).intoArray(w, a + 4 * ky);
                if (kx0 + 1 < kw) {
                    int a1 = a + step;
                    c01.add(FloatVector.fromArray(S, w, a1)).intoArray(w, a1);
                    c11.add(FloatVector.fromArray(S, w, a1 + ky)).intoArray(w, a1 + ky);
                    c21.add(FloatVector.fromArray(S, w, a1 + 2 * ky)).intoArray(w, a1 + 2 * ky);
                    c31.add(FloatVector.fromArray(S, w, a1 + 3 * ky)).intoArray(w, a1 + 3 * ky);
                    c41.add(FloatVector.fromArray(S, w, a1 + 4 * ky)).intoArray(w, a1 + 4 * ky);
                }
                if (kx0 + 2 < kw) {
                    int a2 = a + 2 * step;
                    c02.add(FloatVector.fromArray(S, w, a2)).intoArray(w, a2);
                    c12.add(FloatVector.fromArray(S, w, a2 + ky)).intoArray(w, a2 + ky);
                    c22.add(FloatVector.fromArray(S, w, a2 + 2 * ky)).intoArray(w, a2 + 2 * ky);
                    c32.add(FloatVector.fromArray(S, w, a2 + 3 * ky)).intoArray(w, a2 + 3 * ky);
                    c42.add(FloatVector.fromArray(S, w, a2 + 4 * ky)).intoArray(w, a2 + 4 * ky);
                }
            }
        }
    }

    /**
     * The kernel gradient for kernels of four or five columns, all columns in one sweep: 25
     * accumulators {@code [ky][kx]} in registers while the sweep goes down the expanded input
     * rows once per vector position; each input row loads its five shifted input vectors and
     * one new {@code dOut} row (the other four rotate down from the rows before), 6 loads per
     * 25 FMAs. The three-column sweep of {@link #kernelGradientImage} computes a sixth column
     * on padding for a five-column kernel and loads 12 vectors per 30 FMAs.
     */
    static void kernelGradientWide(ConvGeometry g, float[] w, int x0, int acc, float[] dOut, int dOutOff, int b) {
        int cout = g.cout(), kw = g.kw(), oh = g.outH(), e = rowStride(g);
        int nv = vectors(g), rowLen = g.outW() * cout, step = nv * L, ky = kw * step;
        int img = dOutOff + b * oh * rowLen;
        FloatVector z = FloatVector.zero(S);
        for (int v = 0; v < nv; v++) {
            int start = Math.min(v * L, rowLen - L);
            FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c04 = z, c10 = z, c11 = z, c12 = z, c13 = z, c14 = z,
                    c20 = z, c21 = z, c22 = z, c23 = z, c24 = z, c30 = z, c31 = z, c32 = z, c33 = z, c34 = z,
                    c40 = z, c41 = z, c42 = z, c43 = z, c44 = z, cb = z;
            // e0 = dOut row r, e1 = row r - 1, ..., e4 = row r - 4 (zero outside the image).
            FloatVector e0 = z, e1 = z, e2 = z, e3 = z, e4 = z;
            for (int r = 0; r < oh + KH - 1; r++) {
                e4 = e3; e3 = e2; e2 = e1; e1 = e0;
                e0 = r < oh ? FloatVector.fromArray(S, dOut, img + r * rowLen + start) : z;
                cb = cb.add(e0);
                int xs = x0 + r * e + start;
                FloatVector x;
                x = FloatVector.fromArray(S, w, xs + 0);
                c00 = x.fma(e0, c00); c10 = x.fma(e1, c10); c20 = x.fma(e2, c20); c30 = x.fma(e3, c30); c40 = x.fma(e4, c40);
                x = FloatVector.fromArray(S, w, xs + 1 * cout);
                c01 = x.fma(e0, c01); c11 = x.fma(e1, c11); c21 = x.fma(e2, c21); c31 = x.fma(e3, c31); c41 = x.fma(e4, c41);
                x = FloatVector.fromArray(S, w, xs + 2 * cout);
                c02 = x.fma(e0, c02); c12 = x.fma(e1, c12); c22 = x.fma(e2, c22); c32 = x.fma(e3, c32); c42 = x.fma(e4, c42);
                x = FloatVector.fromArray(S, w, xs + 3 * cout);
                c03 = x.fma(e0, c03); c13 = x.fma(e1, c13); c23 = x.fma(e2, c23); c33 = x.fma(e3, c33); c43 = x.fma(e4, c43);
                x = FloatVector.fromArray(S, w, xs + 4 * cout);
                c04 = x.fma(e0, c04); c14 = x.fma(e1, c14); c24 = x.fma(e2, c24); c34 = x.fma(e3, c34); c44 = x.fma(e4, c44);
            }
            // Written inline: a vector passed to a helper that C2 does not inline would box.
            int ab = acc + (KH * kw * nv + v) * L;
            cb.add(FloatVector.fromArray(S, w, ab)).intoArray(w, ab);
            int a = acc + v * L;
            c00.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
            c10.add(FloatVector.fromArray(S, w, a + 1 * ky)).intoArray(w, a + 1 * ky);
            c20.add(FloatVector.fromArray(S, w, a + 2 * ky)).intoArray(w, a + 2 * ky);
            c30.add(FloatVector.fromArray(S, w, a + 3 * ky)).intoArray(w, a + 3 * ky);
            c40.add(FloatVector.fromArray(S, w, a + 4 * ky)).intoArray(w, a + 4 * ky);
            a += step;
            c01.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
            c11.add(FloatVector.fromArray(S, w, a + 1 * ky)).intoArray(w, a + 1 * ky);
            c21.add(FloatVector.fromArray(S, w, a + 2 * ky)).intoArray(w, a + 2 * ky);
            c31.add(FloatVector.fromArray(S, w, a + 3 * ky)).intoArray(w, a + 3 * ky);
            c41.add(FloatVector.fromArray(S, w, a + 4 * ky)).intoArray(w, a + 4 * ky);
            a += step;
            c02.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
            c12.add(FloatVector.fromArray(S, w, a + 1 * ky)).intoArray(w, a + 1 * ky);
            c22.add(FloatVector.fromArray(S, w, a + 2 * ky)).intoArray(w, a + 2 * ky);
            c32.add(FloatVector.fromArray(S, w, a + 3 * ky)).intoArray(w, a + 3 * ky);
            c42.add(FloatVector.fromArray(S, w, a + 4 * ky)).intoArray(w, a + 4 * ky);
            a += step;
            c03.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
            c13.add(FloatVector.fromArray(S, w, a + 1 * ky)).intoArray(w, a + 1 * ky);
            c23.add(FloatVector.fromArray(S, w, a + 2 * ky)).intoArray(w, a + 2 * ky);
            c33.add(FloatVector.fromArray(S, w, a + 3 * ky)).intoArray(w, a + 3 * ky);
            c43.add(FloatVector.fromArray(S, w, a + 4 * ky)).intoArray(w, a + 4 * ky);
            a += step;
            if (kw > 4) {
                c04.add(FloatVector.fromArray(S, w, a)).intoArray(w, a);
                c14.add(FloatVector.fromArray(S, w, a + 1 * ky)).intoArray(w, a + 1 * ky);
                c24.add(FloatVector.fromArray(S, w, a + 2 * ky)).intoArray(w, a + 2 * ky);
                c34.add(FloatVector.fromArray(S, w, a + 3 * ky)).intoArray(w, a + 3 * ky);
                c44.add(FloatVector.fromArray(S, w, a + 4 * ky)).intoArray(w, a + 4 * ky);
            }
        }
    }
}
