package nnc.runtime.kernels;

import static nnc.runtime.kernels.GemmKernels.L;

import java.util.function.IntConsumer;

/**
 * The blocked GEMM driver behind {@link Gemm}: splits C across tasks, walks cache blocks
 * (NC columns, KC depth, MC rows), packs A and B panels, and calls the micro-kernels of
 * {@link GemmKernels}.
 *
 * <p>Per-element arithmetic depends only on the shape (the kernel choice and KC), never on the
 * task split, so results are bit-identical for any thread count. Pack buffers are per thread
 * and grow once; a call allocates nothing in steady state.
 */
final class GemmDriver {
    /**
     * Register tiles, rows x vectors: 6x4 for wide C, 8x2 when C fits two vectors, 16x1 when it
     * fits one (less padding waste). Chosen by measurement among 12x2, 8x3, 6x4, 4x4, 8x2, 14x2
     * on AVX-512 (docs/kernels.md); the properties below exist for re-tuning on other CPUs.
     */
    static final int[][] TILES = {{6, 4}, {8, 2}, {16, 1}};
    static final int TILE_WIDE = Integer.getInteger("nnc.gemm.tile", 0);
    static final int TILE_MID = Integer.getInteger("nnc.gemm.tile2", 1);
    static final int TILE_NARROW = Integer.getInteger("nnc.gemm.tile1", 2);
    static final int KC = Integer.getInteger("nnc.gemm.kc", 512);
    static final int MC_PANELS = Integer.getInteger("nnc.gemm.mcPanels", 16);
    /**
     * Columns per B block: KC x NC packed floats (512 KB) stay in L2 while each row tile of A
     * (6 x KC, 12 KB, in L1) sweeps them (IR_OUTER). KC 512 / NC 256 measured best against
     * 256/512, 384/384 and NC 1024-2048 (interleaved, CPU time; 1 thread 2048^3 ~177 vs ~167,
     * 2 threads 1024^3 ~380 vs ~360 GFLOP/s on a quiet moment of the shared machine).
     */
    static final int NC = Integer.getInteger("nnc.gemm.nc", 256);
    /** Row panels at or below which B is read in place instead of packed (B not transposed). */
    static final int DIRECT_B_MAX_PANELS = Integer.getInteger("nnc.gemm.directB", 4);
    /** Whether full row tiles read A in place instead of from a packed panel. */
    static final boolean DIRECT_A = !Boolean.getBoolean("nnc.gemm.packA");
    /** Loop order inside a block: row tile outer, column panel inner (see region). */
    static final boolean IR_OUTER = !Boolean.getBoolean("nnc.gemm.jrOuter");
    /** Tasks per thread for column splits and the dot-product form (see gemm). */
    static final int TASKS_PER_THREAD = Math.max(1, Integer.getInteger("nnc.gemm.tasksPerThread", 1));
    /** Depth below which C is split across threads by rows when it can be (see gemm). */
    static final int SHORT_K = Integer.getInteger("nnc.gemm.shortK", 128);
    static final char SPLIT = System.getProperty("nnc.gemm.split", "a").charAt(0);
    /** Whether {@link GemmDot}'s dot-product form is off (for measuring the blocked path). */
    static final boolean NO_DOT = Boolean.getBoolean("nnc.gemm.noDot");
    /** Below this many flops one thread does the work: dispatch would cost more than it saves. */
    static final long PARALLEL_MIN_FLOPS = Long.getLong("nnc.gemm.parMin", 1L << 20);

    private GemmDriver() {}

    /** Per-thread pack buffers, grown on demand and then reused. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        /** One register tile, for the kernels' general write-back. */
        final float[] tile = new float[32 * 4 * L];
        /**
         * Per column panel of the current block: where its B is read ({@code bIn}: B itself,
         * else the pack buffer), its start and its step per k. Worked out once per block, not
         * once per tile (with a tiny k, as in im2col shapes, per-tile bookkeeping showed).
         */
        boolean[] bIn = new boolean[0];
        int[] bAt = new int[0];
        int[] bStep = new int[0];
        /** The lane sums of one {@link GemmDot} block. */
        final float[] red = new float[16];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    /** One GEMM call's arguments, reused per calling thread so dispatch allocates nothing. */
    private static final class Call implements IntConsumer {
        boolean ta, tb;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, biasOff, tile, mr, nr, tasks;
        float alpha, beta;
        float[] a, b, c, bias;
        int actOrdinal;
        boolean splitN;
        /** C is written transposed: the driver computes C^T = op(B)^T op(A)^T (see gemm). */
        boolean transC;

        /** C is computed by {@link GemmDot} (A B^T with few columns), split by blocks of 4 rows. */
        boolean dot;

        @Override
        public void accept(int t) {
            if (dot) {
                int blocks = (m + 3) / 4;
                int b0 = (int) ((long) blocks * t / tasks), b1 = (int) ((long) blocks * (t + 1) / tasks);
                Buffers buf = BUFFERS.get();
                // The tile buffer doubles as the accumulator scratch: rows() is done with it
                // before it writes the tile.
                GemmDot.rows(b0 * 4, Math.min(m, b1 * 4), n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc, bias, biasOff,
                        actOrdinal | (bias != null ? GemmKernels.ADD_BIAS : 0), buf.tile, buf.red, buf.tile);
            } else if (splitN) {
                int panels = (n + nr - 1) / nr;
                int p0 = (int) ((long) panels * t / tasks), p1 = (int) ((long) panels * (t + 1) / tasks);
                region(this, 0, m, p0 * nr, Math.min(n, p1 * nr), BUFFERS.get());
            } else {
                int panels = (m + mr - 1) / mr;
                int p0 = (int) ((long) panels * t / tasks), p1 = (int) ((long) panels * (t + 1) / tasks);
                region(this, p0 * mr, Math.min(m, p1 * mr), 0, n, BUFFERS.get());
            }
        }

        void clear() {
            a = null;
            b = null;
            c = null;
            bias = null;
        }
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, Epilogue act, int threads) {
        Call call = CALLS.get();
        // A narrow C (n within one vector) from a transposed A, as in a weight gradient
        // X^T dY with few outputs: computing C^T = op(B)^T op(A)^T instead puts the long m
        // along the vector lanes and reads op(A)^T rows in place. Only without an epilogue,
        // whose bias runs along C's columns.
        boolean swap = transA && n <= L && m > n && bias == null && act == Epilogue.IDENTITY
                && !Boolean.getBoolean("nnc.gemm.noSwap");
        call.transC = swap;
        if (swap) {
            call.ta = !transB;
            call.tb = false;
            call.m = n;
            call.n = m;
            call.a = b;
            call.aOff = bOff;
            call.lda = ldb;
            call.b = a;
            call.bOff = aOff;
            call.ldb = lda;
            int t = m;
            m = n;
            n = t;
        } else {
            call.ta = transA;
            call.tb = transB;
            call.m = m;
            call.n = n;
            call.a = a;
            call.aOff = aOff;
            call.lda = lda;
            call.b = b;
            call.bOff = bOff;
            call.ldb = ldb;
        }
        call.k = k;
        call.alpha = alpha;
        call.beta = beta;
        call.c = c;
        call.cOff = cOff;
        call.ldc = ldc;
        call.bias = bias;
        call.biasOff = biasOff;
        call.actOrdinal = act.ordinal();
        call.dot = !call.transC && GemmDot.applies(call.ta, call.tb, n, k) && !NO_DOT;
        if (call.dot) {
            int tasks = 2L * m * n * k < PARALLEL_MIN_FLOPS || threads == 1 ? 1
                    : Math.max(1, Math.min(threads * TASKS_PER_THREAD, (m + 3) / 4));
            call.tasks = tasks;
            try {
                if (tasks == 1) {
                    call.accept(0);
                } else {
                    WorkerPool.shared().parallelFor(tasks, call);
                }
            } finally {
                call.clear();
            }
            return;
        }
        int tile = n <= L ? TILE_NARROW : n <= 2 * L ? TILE_MID : TILE_WIDE;
        call.tile = tile;
        call.mr = TILES[tile][0];
        call.nr = TILES[tile][1] * L;
        int panelsN = (n + call.nr - 1) / call.nr;
        int panelsM = (m + call.mr - 1) / call.mr;
        int tasks = 2L * m * n * k < PARALLEL_MIN_FLOPS ? 1 : threads;
        // Columns split without duplicated work, but the threads then write the same rows of C,
        // sharing the cache line at each boundary; with a short k (few FMAs per store) that
        // traffic dominates: 256x256x30 TN on 2 threads ran at 86 GFLOP/s split by columns, 130
        // by rows (1 thread: 95). With a short k, B is small, so each thread packing all of it
        // costs little.
        boolean rowsFirst = k < SHORT_K && panelsM >= 2 * tasks;
        call.splitN = SPLIT == 'n' || (SPLIT != 'm' && !rowsFirst && (panelsN >= 2 * tasks || panelsN >= panelsM));
        if (tasks > 1 && call.splitN) {
            // Optionally more column chunks than threads, claimed as threads come free, so a
            // thread that loses its core for a while holds up less of the call. Chunks of
            // columns duplicate no work (each packs only its own B panels and reads A in place);
            // row chunks would each pack all of B, so they stay one per thread. Off by default:
            // 4 per thread lost 12 of 15 interleaved 2-thread comparisons (256-2048 squares,
            // 64x256x256) on the shared 2-core machine, by 5-15% (more re-reads of A).
            tasks *= TASKS_PER_THREAD;
        }
        tasks = Math.max(1, Math.min(tasks, call.splitN ? panelsN : panelsM));
        call.tasks = tasks;
        try {
            if (tasks == 1) {
                call.accept(0);
            } else {
                WorkerPool.shared().parallelFor(tasks, call);
            }
        } finally {
            call.clear();
        }
    }

    /** Computes the block rows [i0, i1) x columns [j0, j1) of C on the current thread. */
    private static void region(Call x, int i0, int i1, int j0, int j1, Buffers buf) {
        final int mr = x.mr, nr = x.nr, k = x.k;
        final int mcMax = MC_PANELS * mr;
        int kcMax = Math.min(KC, k);
        int needA = mcMax * kcMax;
        int needB = Math.min(NC, ((j1 - j0 + nr - 1) / nr) * nr) * kcMax;
        if (buf.a.length < needA) {
            buf.a = new float[needA];
        }
        if (buf.b.length < needB) {
            buf.b = new float[Math.max(needB, nr * kcMax)];
        }
        int panelsMax = (Math.min(NC, j1 - j0) + nr - 1) / nr;
        if (buf.bAt.length < panelsMax) {
            buf.bIn = new boolean[panelsMax];
            buf.bAt = new int[panelsMax];
            buf.bStep = new int[panelsMax];
        }
        final float[] ap = buf.a, bp = buf.b;
        // Steps between C elements of consecutive rows and columns of the computed product.
        final int rs = x.transC ? 1 : x.ldc, cs = x.transC ? x.ldc : 1;
        boolean direct = !x.tb && (i1 - i0 + mr - 1) / mr <= DIRECT_B_MAX_PANELS;
        // Full row tiles read A in place (only a ragged last tile is packed): the kernels take
        // A's own strides, and a 6-row tile reads 6 rows (or, transposed, 6 adjacent floats) per
        // step, which the caches serve as well as a packed panel. Packing A is a scalar
        // transpose that cost 12-15% of a 256^3 multiply (165 vs 195 GFLOP/s on one core), and
        // with the work split by columns each thread would pack all of A again.
        boolean directA = DIRECT_A;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float beta = pc == 0 ? x.beta : 1f;
                int flags = (pc + kc < k ? 0
                        : x.actOrdinal | (x.bias != null ? GemmKernels.ADD_BIAS : 0))
                        | (x.transC ? GemmKernels.TRANS_C : 0);
                int fullPanels = nc / nr;
                if (!direct) {
                    GemmPack.packB(x.tb, x.b, x.bOff, x.ldb, pc, kc, jc, nc, nr, bp, 0);
                } else if (fullPanels * nr < nc && !fitsB(x, pc, kc, jc + fullPanels * nr, nr)) {
                    GemmPack.packB(x.tb, x.b, x.bOff, x.ldb, pc, kc, jc + fullPanels * nr,
                            nc - fullPanels * nr, nr, bp, 0);
                }
                for (int jr = 0, q = 0; jr < nc; jr += nr, q++) {
                    int nrr = Math.min(nr, nc - jr);
                    if (!direct) {
                        buf.bIn[q] = false;
                        buf.bAt[q] = q * kc * nr;
                        buf.bStep[q] = nr;
                    } else if (nrr == nr || fitsB(x, pc, kc, jc + jr, nr)) {
                        // In place; a ragged last panel too when a full-width read stays inside
                        // the array: its extra lanes are computed but never stored.
                        buf.bIn[q] = true;
                        buf.bAt[q] = x.bOff + pc * x.ldb + jc + jr;
                        buf.bStep[q] = x.ldb;
                    } else {
                        buf.bIn[q] = false;
                        buf.bAt[q] = 0;
                        buf.bStep[q] = nr;
                    }
                }
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    if (!directA) {
                        GemmPack.packA(x.ta, x.a, x.aOff, x.lda, ic, mc, pc, kc, mr, ap);
                    }
                    if (IR_OUTER) {
                        // One row tile at a time against every column panel: the tile's A (6 x kc,
                        // 6 KB) stays in L1 while B's panels stream from L2 (kc x NC, 512 KB).
                        for (int ir = 0; ir < mc; ir += mr) {
                            int mrr = Math.min(mr, mc - ir);
                            boolean aDirect = directA && (mrr == mr || fitsA(x, pc, kc, ic + ir, mr));
                            int ai = (ir / mr) * kc * mr;
                            if (directA && !aDirect) {
                                GemmPack.packA(x.ta, x.a, x.aOff, x.lda, ic + ir, mrr, pc, kc, mr, ap);
                                ai = 0;
                            }
                            for (int jr = 0; jr < nc; jr += nr) {
                                tile(x, buf, aDirect, ai, pc, kc, jc, jr, nc, ic + ir, mrr, beta, flags, rs, cs);
                            }
                        }
                    } else {
                        for (int jr = 0; jr < nc; jr += nr) {
                            for (int ir = 0; ir < mc; ir += mr) {
                                int mrr = Math.min(mr, mc - ir);
                                boolean aDirect = directA && (mrr == mr || fitsA(x, pc, kc, ic + ir, mr));
                                int ai = (ir / mr) * kc * mr;
                                if (directA && !aDirect) {
                                    GemmPack.packA(x.ta, x.a, x.aOff, x.lda, ic + ir, mrr, pc, kc, mr, ap);
                                    ai = 0;
                                }
                                tile(x, buf, aDirect, ai, pc, kc, jc, jr, nc, ic + ir, mrr, beta, flags, rs, cs);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One register tile: rows [row, row+mrr) of C against column panel jr of the block at jc,
     * depth [pc, pc+kc). A is read in place ({@code aDirect}) or from the packed buffer at
     * {@code ai}; B as the block's panel table in {@code buf} says.
     */
    private static void tile(Call x, Buffers buf, boolean aDirect, int ai, int pc,
                             int kc, int jc, int jr, int nc, int row, int mrr, float beta, int flags,
                             int rs, int cs) {
        final int nr = x.nr;
        int nrr = Math.min(nr, nc - jr);
        int q = jr / nr;
        float[] bSrc = buf.bIn[q] ? x.b : buf.b;
        int bi = buf.bAt[q], bs = buf.bStep[q];
        int ci = x.cOff + row * rs + (jc + jr) * cs;
        int biasAt = x.biasOff + jc + jr;
        if (aDirect) {
            int aAt = x.ta ? x.aOff + pc * x.lda + row : x.aOff + row * x.lda + pc;
            kernelDirect(x.tile, kc, x.a, aAt, x.ta ? 1 : x.lda, x.ta ? x.lda : 1,
                    bSrc, bi, bs, x.c, ci, x.ldc, mrr, nrr, x.alpha, beta,
                    x.bias, biasAt, flags, buf.tile);
        } else {
            kernel(x.tile, kc, buf.a, ai, bSrc, bi, bs, x.c, ci, x.ldc, mrr, nrr, x.alpha, beta,
                    x.bias, biasAt, flags, buf.tile);
        }
    }

    /** Whether reading {@code nr} columns of B from column {@code j} for depth [pc, pc+kc) stays in bounds. */
    private static boolean fitsB(Call x, int pc, int kc, int j, int nr) {
        return (long) x.bOff + (long) (pc + kc - 1) * x.ldb + j + nr <= x.b.length;
    }

    /** Whether reading {@code mr} rows of op(A) from row {@code i} for depth [pc, pc+kc) stays in bounds. */
    private static boolean fitsA(Call x, int pc, int kc, int i, int mr) {
        long last = x.ta ? (long) x.aOff + (long) (pc + kc - 1) * x.lda + i + mr
                : (long) x.aOff + (long) (i + mr - 1) * x.lda + pc + kc;
        return last <= x.a.length;
    }

    private static void kernel(int shape, int kc, float[] ap, int ai, float[] bp, int bi, int bs,
                               float[] c, int ci, int ldc, int mr, int nr, float alpha, float beta,
                               float[] bias, int biasOff, int flags, float[] tile) {
        switch (shape) {
            case 0 -> GemmKernels.k6x4(kc, ap, ai, bp, bi, bs, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags, tile);
            case 1 -> GemmKernels.k8x2(kc, ap, ai, bp, bi, bs, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags, tile);
            default -> GemmKernels.k16x1(kc, ap, ai, bp, bi, bs, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags, tile);
        }
    }

    private static void kernelDirect(int shape, int kc, float[] ap, int ai, int ars, int acs,
                                     float[] bp, int bi, int bs, float[] c, int ci, int ldc, int mr,
                                     int nr, float alpha, float beta, float[] bias, int biasOff,
                                     int flags, float[] tile) {
        switch (shape) {
            case 0 -> GemmKernels.k6x4d(kc, ap, ai, ars, acs, bp, bi, bs, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags, tile);
            case 1 -> GemmKernels.k8x2d(kc, ap, ai, ars, acs, bp, bi, bs, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags, tile);
            default -> GemmKernels.k16x1d(kc, ap, ai, ars, acs, bp, bi, bs, c, ci, ldc, mr, nr, alpha, beta, bias, biasOff, flags, tile);
        }
    }
}
