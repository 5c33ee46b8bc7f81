package nnc.runtime.kernels;

import java.util.function.IntConsumer;

/**
 * The arguments of one convolution kernel's parallel loop over the batch, handed to
 * {@link WorkerPool#parallelFor} without allocating.
 *
 * <p>A lambda that captures the kernel's arguments is a new object on every call (measured
 * 121-162 B per LeNet forward + backward with JMH {@code -prof gc}). Instead each calling thread
 * reuses one holder: the kernel fills in the fields it needs, and the task body is a static
 * method reading them back, whose method reference captures nothing and so is a constant.
 * Fields a kernel does not set stay null or zero; the arrays are cleared after the loop so the
 * holder keeps no caller array alive. Sizes derived from the geometry (per-task workspace
 * strides and the like) are recomputed by the body rather than stored here.
 *
 * <p>Workers only read the holder, and only while {@link #run} waits for them. A kernel called
 * from inside a task body on the same thread (none does today) gets a fresh holder instead of
 * overwriting the one in use.
 */
final class ConvTask implements IntConsumer {
    /** A task body: runs task {@code t} of {@code c}'s loop. */
    @FunctionalInterface
    interface Body {
        void run(ConvTask c, int t);
    }

    private static final ThreadLocal<ConvTask> HOLDERS = ThreadLocal.withInitial(ConvTask::new);

    private Body body;
    private boolean busy;
    ConvGeometry g;
    /** Tasks of the loop: {@link ConvGeometry#tasks()}, each a contiguous range of images. */
    int tasks;
    float[] in, kernel, bias, out, dOut, dIn, work;
    int inOff, kOff, bOff, outOff, dOutOff, dInOff;
    /** Whether the forward pass applies ReLU before the store. */
    boolean relu;

    private ConvTask() {}

    /** This thread's holder, set up for a loop of {@code g.tasks()} tasks running {@code body}. */
    static ConvTask of(Body body, ConvGeometry g) {
        ConvTask c = HOLDERS.get();
        if (c.busy) {
            c = new ConvTask();
        }
        c.busy = true;
        c.body = body;
        c.g = g;
        c.tasks = g.tasks();
        return c;
    }

    ConvTask in(float[] a, int off) {
        in = a;
        inOff = off;
        return this;
    }

    ConvTask kernel(float[] a, int off) {
        kernel = a;
        kOff = off;
        return this;
    }

    ConvTask bias(float[] a, int off) {
        bias = a;
        bOff = off;
        return this;
    }

    ConvTask out(float[] a, int off) {
        out = a;
        outOff = off;
        return this;
    }

    ConvTask dOut(float[] a, int off) {
        dOut = a;
        dOutOff = off;
        return this;
    }

    ConvTask dIn(float[] a, int off) {
        dIn = a;
        dInOff = off;
        return this;
    }

    ConvTask work(float[] a) {
        work = a;
        return this;
    }

    ConvTask relu(boolean r) {
        relu = r;
        return this;
    }

    /** Runs every task on the shared pool and returns when all have finished. */
    void run() {
        try {
            WorkerPool.shared().parallelFor(tasks, this);
        } finally {
            body = null;
            g = null;
            in = kernel = bias = out = dOut = dIn = work = null;
            inOff = kOff = bOff = outOff = dOutOff = dInOff = 0;
            relu = false;
            busy = false;
        }
    }

    @Override
    public void accept(int t) {
        body.run(this, t);
    }

    /** First image of task {@code t}. */
    int firstImage(int t) {
        return g.batch() * t / tasks;
    }

    /** One past the last image of task {@code t}. */
    int endImage(int t) {
        return g.batch() * (t + 1) / tasks;
    }
}
