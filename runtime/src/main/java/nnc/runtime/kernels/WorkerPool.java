package nnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A small pool of worker threads with low dispatch latency, shared by all kernels.
 *
 * <p>Training shapes are small: a GEMM may last only tens of microseconds, so waking a parked
 * thread through an ordinary executor costs as much as the work itself. Workers here spin
 * briefly ({@link #SPIN_NANOS}) on a volatile job reference after finishing a job before they
 * park, so back-to-back kernel calls find them awake. The calling thread always takes part in
 * the work, so a pool with {@code n} workers runs {@code n + 1} tasks at once.
 *
 * <p>Determinism: {@link #parallelFor} only decides <em>which thread</em> runs a task, never
 * what a task computes; callers split work into tasks by a fixed rule (for example by
 * {@link KernelConfig#threads()}), so results do not depend on scheduling.
 *
 * <p>Nested or concurrent use is safe: a call made from inside a task, or while another thread
 * holds the pool, runs its tasks inline on the calling thread, in order.
 */
public final class WorkerPool implements AutoCloseable {
    /** How long an idle worker spins before parking. */
    static final long SPIN_NANOS = 200_000L;

    private static volatile WorkerPool shared;

    private final Thread[] workers;
    private final ReentrantLock submitLock = new ReentrantLock();
    private volatile boolean closed;

    // The current job. One set of fields is reused for every call so dispatch allocates
    // nothing: the submitter writes body and tasks, then publishes them by a volatile write of
    // ctl = (generation << 32 | next task index). A task is claimed by a CAS on ctl that also
    // checks the generation, so a worker that read the fields of an older job can never run a
    // task of a newer one. When a job ends, ctl is closed (index MAX_VALUE) before the fields
    // of the next job are written, so a stale reader finds nothing left to claim.
    private final AtomicLong ctl = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile IntConsumer body;
    private volatile int tasks;
    private volatile Throwable failure;

    private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Creates a pool with {@code workers} background threads (0 runs everything inline). */
    public WorkerPool(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers < 0: " + workers);
        }
        this.workers = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::workerLoop, "nnc-worker-" + i);
            t.setDaemon(true);
            this.workers[i] = t;
            t.start();
        }
    }

    /** The process-wide pool, sized {@link KernelConfig#threads()} - 1 workers plus the caller. */
    public static WorkerPool shared() {
        WorkerPool p = shared;
        if (p == null) {
            synchronized (WorkerPool.class) {
                p = shared;
                if (p == null) {
                    p = new WorkerPool(KernelConfig.threads() - 1);
                    shared = p;
                }
            }
        }
        return p;
    }

    /** How many threads run tasks at once: the workers plus the caller. */
    public int parallelism() {
        return workers.length + 1;
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)} and returns when all
     * have finished. An exception thrown by a task is rethrown here after all tasks ended.
     */
    public void parallelFor(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || workers.length == 0 || closed || IN_TASK.get() || !submitLock.tryLock()) {
            runInline(tasks, body);
            return;
        }
        try {
            this.body = body;
            this.tasks = tasks;
            this.failure = null;
            done.set(0);
            int gen = (int) (ctl.get() >>> 32) + 1;
            ctl.set((long) gen << 32);
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            IN_TASK.set(Boolean.TRUE);
            try {
                work(gen, body, tasks);
            } finally {
                IN_TASK.set(Boolean.FALSE);
            }
            // Wait for tasks claimed by workers; they are short, so spin, yielding now and then.
            int spins = 0;
            while (done.get() < tasks) {
                if (++spins < 1 << 12) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            ctl.set(((long) gen << 32) | Integer.MAX_VALUE);
            this.body = null;
            rethrow(failure);
        } finally {
            submitLock.unlock();
        }
    }

    /** Claims and runs tasks of generation {@code gen} until none is left. */
    private void work(int gen, IntConsumer body, int tasks) {
        while (true) {
            long v = ctl.get();
            int t = (int) v;
            if ((int) (v >>> 32) != gen || t >= tasks) {
                return;
            }
            if (!ctl.compareAndSet(v, v + 1)) {
                continue;
            }
            try {
                body.accept(t);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                done.incrementAndGet();
            }
        }
    }

    private static void runInline(int tasks, IntConsumer body) {
        for (int t = 0; t < tasks; t++) {
            body.accept(t);
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void workerLoop() {
        IN_TASK.set(Boolean.TRUE);
        int seen = 0;
        while (!closed) {
            int gen = (int) (ctl.get() >>> 32);
            if (gen != seen) {
                seen = gen;
                // Fields read after the volatile read of ctl belong to this job or a newer one;
                // work() refuses to claim unless ctl still carries this generation.
                IntConsumer b = body;
                int n = tasks;
                if (b != null) {
                    work(gen, b, n);
                }
                continue;
            }
            long until = System.nanoTime() + SPIN_NANOS;
            while ((int) (ctl.get() >>> 32) == seen && !closed && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if ((int) (ctl.get() >>> 32) == seen && !closed) {
                // A submitter unparks every worker after publishing a job, so a permit left by a
                // job we already saw only costs one extra loop.
                LockSupport.park(this);
            }
        }
    }

    /** Stops the workers of a pool made with the constructor (the shared pool lives forever). */
    @Override
    public void close() {
        if (this == shared) {
            return;
        }
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
