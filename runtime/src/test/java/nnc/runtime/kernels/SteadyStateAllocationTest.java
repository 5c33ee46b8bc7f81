package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Kernels take their workspaces from the caller, so once compiled a training step allocates
 * nothing. This checks it on the calling thread (which runs some of the tasks and does all
 * dispatch, where a capturing lambda passed to {@link WorkerPool#parallelFor} would cost an
 * object per call) for LeNet's two convolutions and an LSTM layer, forward and backward, and
 * for a dropout mask drawn in parallel.
 *
 * <p>Until C2 has compiled the kernels, the interpreter and C1 box Vector API values, so
 * the test measures rounds of calls until one comes in under the bound, failing only if none
 * does; a per-call allocation never goes away and fails every round.
 */
class SteadyStateAllocationTest {
    /** Average bytes per call allowed: less than the smallest object, so any per-call allocation fails. */
    private static final double BOUND = 8;
    private static final int ROUNDS = 40, CALLS = 100;

    /**
     * Rounds go on past {@link #ROUNDS} until this much time has passed: in a busy test JVM the
     * JIT may not have compiled a kernel (and so removed its temporary objects) within 40
     * rounds (the full suite once measured 320 B per call for the second LeNet layer; alone it
     * measures 0). A kernel that does allocate per call still fails, only later.
     */
    private static final long PATIENCE_NANOS = 30_000_000_000L;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void convolutionForwardBackwardAllocatesNothing() {
        for (int batch : new int[] {8, 1}) {
            assertSteady("lenet1 batch " + batch, conv(ConvGeometry.conv2d(batch, 28, 28, 1, 5, 5, 6, 1, 1,
                    ConvGeometry.Padding.SAME), false));
            assertSteady("lenet2 batch " + batch, conv(ConvGeometry.conv2d(batch, 14, 14, 6, 5, 5, 16, 1, 1,
                    ConvGeometry.Padding.VALID), true));
        }
    }

    @Test
    void lstmForwardBackwardAllocatesNothing() {
        RnnShape s = new RnnShape(8, 6, 16, 32);
        Random r = new Random(3);
        int u = s.units(), n = 4 * u;
        float[] x = rand(r, s.rows() * s.input()), w = rand(r, s.input() * n), uk = rand(r, u * n), b = rand(r, n);
        float[] gates = new float[s.rows() * n], cells = new float[s.rows() * u], h = new float[s.rows() * u];
        float[] dH = rand(r, s.rows() * u), dx = new float[x.length], dw = new float[w.length], du = new float[uk.length];
        float[] db = new float[n], work = new float[Lstm.backwardWorkspaceSize(s)];
        assertSteady("lstm", () -> {
            Lstm.forward(s, Activation.TANH, Activation.SIGMOID, x, 0, w, 0, uk, 0, b, 0, gates, 0, cells, 0, h, 0);
            Lstm.backward(s, Activation.TANH, Activation.SIGMOID, x, 0, w, 0, uk, 0, gates, 0, cells, 0, h, 0,
                    dH, 0, dx, 0, dw, 0, du, 0, db, 0, false, work);
        });
    }

    /** A dropout mask split into three tasks (n / 4096 + 1 > 3), so the pool's dispatch path runs. */
    @Test
    void dropoutMaskAllocatesNothing() {
        float[] mask = new float[3 * 4096 + 17];
        long[] step = {0};
        assertSteady("dropout mask", () -> Dropout.maskParallel(42, step[0]++, 0.3f, mask, 0, mask.length, 3));
    }

    private static Runnable conv(ConvGeometry g, boolean inputGradient) {
        Random r = new Random(1);
        float[] in = rand(r, g.inputSize()), k = rand(r, g.kernelSize()), bias = rand(r, g.cout());
        float[] out = new float[g.outputSize()], dOut = rand(r, g.outputSize());
        float[] dIn = inputGradient ? new float[g.inputSize()] : null;
        float[] dk = new float[g.kernelSize()], db = new float[g.cout()], work = new float[Conv2d.workspaceSize(g)];
        return () -> {
            Conv2d.forward(g, in, 0, k, 0, bias, 0, Epilogue.RELU, out, 0, work);
            Conv2d.backward(g, in, 0, k, 0, dOut, 0, dIn, 0, dk, 0, db, 0, false, work);
        };
    }

    private static void assertSteady(String what, Runnable step) {
        long thread = Thread.currentThread().threadId();
        double best = Double.MAX_VALUE;
        long start = System.nanoTime();
        int rounds = 0;
        for (; (rounds < ROUNDS || System.nanoTime() - start < PATIENCE_NANOS) && best >= BOUND; rounds++) {
            long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < CALLS; i++) step.run();
            best = Math.min(best, (double) (THREADS.getThreadAllocatedBytes(thread) - before) / CALLS);
        }
        double bytes = best;
        int ran = rounds;
        assertTrue(bytes < BOUND, () -> what + ": " + bytes + " bytes allocated per call in the best of "
                + ran + " rounds of " + CALLS);
    }

    private static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }
}
