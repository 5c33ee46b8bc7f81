package nnc.runtime.kernels;

/**
 * Process-wide kernel settings, read once from system properties.
 *
 * <ul>
 *   <li>{@code -Dnnc.threads=N}: how many threads the kernels split work across (default: the
 *       number of available processors). Results are bit-identical for a given value.</li>
 *   <li>{@code -Dnnc.scalar=true}: every kernel takes its scalar twin (plain loops, the
 *       reference), for testing and for ruling the Vector API out when hunting a bug.</li>
 * </ul>
 */
public final class KernelConfig {
    private static final int THREADS = readThreads();
    private static final boolean SCALAR = Boolean.getBoolean("nnc.scalar");

    private KernelConfig() {}

    /** The number of threads kernels use, at least 1. */
    public static int threads() {
        return THREADS;
    }

    /** True when {@code -Dnnc.scalar=true} forces every kernel onto its scalar twin. */
    public static boolean scalar() {
        return SCALAR;
    }

    private static int readThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        String v = System.getProperty("nnc.threads");
        if (v == null || v.isBlank()) {
            return Math.max(1, cores);
        }
        try {
            return Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            // A malformed setting must not take the runtime down; fall back to the machine size.
            return Math.max(1, cores);
        }
    }
}
