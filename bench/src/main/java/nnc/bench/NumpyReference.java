package nnc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A running {@code numpy_gemm.py} server for one thread count: the harness asks it for one
 * timed round at a time, between its own rounds, so both see the same machine load.
 */
final class NumpyReference implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    NumpyReference(String python, Path script, int threads) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        for (String v : new String[] {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}) {
            pb.environment().put(v, Integer.toString(threads));
        }
        // Let OpenBLAS pick its kernels for this CPU: a core type pinned in the environment (one
        // machine here pins Haswell, i.e. AVX2 on an AVX-512 CPU) would make the reference
        // look slower than the best native BLAS is.
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * One numpy round of about {@code seconds} on the shape {@code key}: GFLOP/s by wall clock
     * and by the CPU time of numpy's calling thread.
     */
    double[] round(String key, double seconds) throws IOException {
        in.write("round " + key + " " + seconds + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null || line.startsWith("error")) {
            throw new IOException("numpy_gemm.py: " + line);
        }
        String[] f = line.trim().split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    /**
     * Waits (at most {@code maxSeconds}) until the numpy process has stopped using CPU. After a
     * call, OpenBLAS's worker threads busy-wait for a while (about 2^28 cycles, tens of
     * milliseconds) before they sleep; on a 2-core machine such a spinning thread takes a core
     * from whatever runs next, so without this pause our 2-thread rounds that follow a numpy
     * round would be measured on one core. Idle means less than a fifth of a core over 50 ms
     * (the kernel accounts CPU time in scheduler ticks, so a shorter window could read 0 while
     * a thread spins).
     */
    void awaitIdle(double maxSeconds) {
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        long prev = cpuNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = cpuNanos();
            if (prev >= 0 && now >= 0 && now - prev < 10_000_000L) {
                return;
            }
            prev = now;
        }
    }

    private long cpuNanos() {
        return process.info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // The process is going away anyway.
        }
        process.destroy();
    }
}
