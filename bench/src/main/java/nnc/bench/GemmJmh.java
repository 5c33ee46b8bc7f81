package nnc.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import nnc.runtime.kernels.Epilogue;
import nnc.runtime.kernels.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of {@link Gemm#sgemm}. {@code shape} is {@code MxNxK:OP} (OP = NN, NT, TN,
 * TT); {@code act} picks the fused epilogue. Run with {@code -prof gc} to see that a call
 * allocates nothing in steady state:
 * {@code java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar GemmJmh -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
// Compiling in the foreground makes warm-up end with C2 code even on a loaded machine.
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:-BackgroundCompilation"})
public class GemmJmh {
    @Param({"256x256x256:NN", "512x512x512:NN", "30x256x256:NN", "64x256x256:NT", "256x256x64:TN", "36864x6x25:NN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"IDENTITY"})
    public Epilogue act;

    private int m, n, k, lda, ldb;
    private boolean ta, tb;
    private float[] a, b, c, bias;

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        ta = parts[1].charAt(0) == 'T';
        tb = parts[1].charAt(1) == 'T';
        lda = ta ? m : k;
        ldb = tb ? k : n;
        SplittableRandom r = new SplittableRandom(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        bias = new float[n];
        for (float[] x : new float[][] {a, b, bias}) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
        }
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n,
                act == Epilogue.IDENTITY ? null : bias, 0, act, threads);
        return c;
    }
}
