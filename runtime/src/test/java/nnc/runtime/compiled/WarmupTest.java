package nnc.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WarmupTest {
    /** Every listed shape runs (a failure would only be swallowed in the warm-up thread). */
    @Test
    void everyShapeRuns() {
        assertDoesNotThrow(Warmup::runOrThrow);
    }

    /**
     * One daemon thread per JVM, and products computed while it runs (sharing the kernels and
     * their per-thread scratch) give the same bits as before it started.
     */
    @Test
    void startsOneDaemonThreadThatLeavesOtherProductsAlone() throws InterruptedException {
        Random rnd = new Random(3);
        int m = 30, n = 256, k = 256;
        float[] a = new float[m * k], b = new float[n * k];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
        float[] before = new float[m * n];
        SmallGemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, before, 0, n, null, 0, null);

        Thread t = Warmup.start();
        assertNotNull(t, "the first call starts the thread");
        assertTrue(t.isDaemon(), "must not keep the JVM alive");
        assertNull(Warmup.start(), "a second call starts nothing");
        boolean overlapped = false;
        for (int r = 0; r < 200; r++) {
            overlapped |= t.isAlive();
            float[] during = new float[m * n];
            SmallGemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, during, 0, n, null, 0, null);
            assertArrayEquals(before, during, "round " + r);
        }
        Warmup.awaitDone(60_000);
        assertFalse(t.isAlive(), "the warm-up ends, and awaitDone returns when it has");
        assertTrue(overlapped, "the check above ran while the warm-up was running");
        long t0 = System.nanoTime();
        Warmup.awaitDone(60_000);
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "with the warm-up over, awaitDone returns at once");
    }
}
