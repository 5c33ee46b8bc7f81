package nnc.runtime.compiled;

import java.util.concurrent.atomic.AtomicBoolean;
import nnc.runtime.kernels.Epilogue;
import nnc.runtime.kernels.KernelConfig;

/**
 * Gets the JIT to compile the kernels generated code calls before a short job needs them.
 *
 * <p>Until C2 has compiled a Vector API kernel, each vector operation is an allocating Java
 * call, about a hundred times slower. A kernel first met inside a long loop is compiled
 * "on stack" (OSR) from the middle of that loop, with its vector accumulators live; here
 * that compilation of the 4 x 4 GEMM block took 645 ms of a compiler thread (67 KB of code),
 * against 31 ms (11 KB) for the normal compilation of the same method, and the first
 * epochs of a training run waited for it. {@link #start} runs every path of
 * {@link SmallGemm} and the fused softmax kernels on tiny inputs, many times, in a daemon
 * thread at low priority: short loops reach the invocation threshold first, so the methods
 * get their normal compilation, and meanwhile the main thread parses, checks, loads the data
 * and generates the model class. The inputs are private to the thread and the kernels
 * compute the same bits compiled or not ({@link nnc.runtime.kernels.LaneSum}), so nothing
 * the user sees depends on it except the time. {@code -Dnnc.warmup=false} turns it off.
 */
public final class Warmup {
    private Warmup() {}

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** The thread {@link #start} started, while it may still run. */
    private static volatile Thread running;

    /**
     * Calls per kernel: above the invocation threshold at which the launcher's JIT settings
     * (bin/jvm-options: no tiers, a tenth of the usual threshold for nnc's classes) compile
     * with C2. With the JVM's default settings these calls reach C1 only.
     */
    static final int ROUNDS = 1100;

    /**
     * Starts the warm-up thread, once per JVM; returns at once. Returns the thread when this
     * call started it, null when warm-up is off or already started.
     */
    public static Thread start() {
        if (!enabled()) return null;
        if (!STARTED.compareAndSet(false, true)) return null;
        Thread t = new Thread(Warmup::run, "nnc-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        running = t;
        t.start();
        return t;
    }

    /** False with {@code -Dnnc.warmup=false}, or when the scalar kernels are forced (nothing to compile). */
    public static boolean enabled() {
        return !KernelConfig.scalar() && !"false".equals(System.getProperty("nnc.warmup"));
    }

    /**
     * Waits until the warm-up thread has finished, at most {@code maxMillis}; returns at once
     * when none runs. A training loop that started earlier would run the kernels interpreted
     * (about a hundred times slower) and get them compiled "on stack" from inside its loops,
     * which takes C2 three to four times longer than the normal compilation the warm-up
     * requests, so waiting here costs less than it saves. With the launcher's settings
     * (bin/jvm-options: the kernels are compiled in the foreground of the thread that makes
     * them hot), the end of the warm-up thread means its compilations are installed.
     */
    public static void awaitDone(long maxMillis) {
        Thread t = running;
        if (t == null) return;
        try {
            t.join(maxMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!t.isAlive()) running = null;
    }

    /**
     * {transA, transB, m, n, k}: one shape for each path of SmallGemm.sgemm (lanes up to 16),
     * with k as small as the path allows: every call costs little while interpreted.
     */
    private static final int[][] SHAPES = {
        {0, 0, 36, 32, 1},  // twelve-row blocks of two vectors (three per call: its last compilation was late)
        {0, 0, 8, 64, 1},   // six-row blocks of four vectors, two-row blocks
        {0, 0, 4, 64, 1},   // four-row blocks of four vectors of four, two and one vectors (n = 64 with 16 lanes)
        {0, 0, 8, 48, 1},
        {0, 0, 6, 80, 1},   // two-row blocks and the single-row loop
        {0, 0, 1, 256, 1},  // one row, sixteen vectors (prediction)
        {0, 0, 1, 130, 1},  // one row, eight and one vectors, scalar tail
        {0, 0, 1, 3, 16},   // one row, fewer columns than lanes: B read in place (prediction)
        {0, 0, 4, 3, 16},   // dot products for fewer columns than lanes
        {0, 1, 4, 3, 16},
        {0, 0, 2, 4, 16},   // dot products in blocks of two rows by four columns
        {1, 0, 16, 3, 1},   // A^T B with few columns, through C^T
        {0, 1, 2, 64, 16},  // A B^T with few rows, through C^T
        {1, 0, 8, 64, 1},   // A^T B
        {0, 1, 8, 20, 1},   // A B^T through a transposed copy of B
    };

    /** Dimensions of a dense layer's output gradient (batch symbolic) for the column sums of its bias gradient. */
    private static final int[] BIAS_GRAD = {-1, 64};

    static void run() {
        try {
            runOrThrow();
        } catch (RuntimeException | Error e) {
            // Only time is at stake: a failure here must never reach the user's job.
        }
    }

    static void runOrThrow() {
        float[] a = new float[256 * 16], b = new float[256 * 16], c = new float[256 * 16], bias = new float[256];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f - 0.75f;
            b[i] = (i % 5) * 0.5f - 1f;
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (int[] s : SHAPES) {
                boolean ta = s[0] == 1, tb = s[1] == 1;
                int m = s[2], n = s[3], k = s[4];
                SmallGemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n,
                        (r & 1) == 0 ? bias : null, 0, (r & 1) == 0 ? Epilogue.RELU : null);
            }
            Prims.reduce(0, a, 0, BIAS_GRAD, 1, c, 0, 4);   // a bias gradient: column sums
            Prims.softmaxXent(a, 0, b, 0, 4, 3, c, 0);
            Prims.softmax(a, 0, 4, 3, c, 0);
            Prims.softmaxXent(a, 0, b, 0, 2, 40, c, 0);
            Prims.softmax(a, 0, 2, 40, c, 0);
        }
    }
}
