package nnc.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import nnc.runtime.kernels.Activation;
import nnc.runtime.kernels.Conv2d;
import nnc.runtime.kernels.ConvGeometry;
import nnc.runtime.kernels.Epilogue;
import nnc.runtime.kernels.Lstm;
import nnc.runtime.kernels.RnnShape;
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
 * JMH benchmark of the convolution and LSTM kernels on the {@code bench/run conv} cases
 * (LeNet-5's two convolutions at batch 64, forward + backward; an LSTM layer). Run with
 * {@code -prof gc} to check the steady-state allocation:
 * {@code java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar ConvJmh -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ConvJmh {
    @Param({"lenet1", "lenet2"})
    public String layer;

    private ConvGeometry g;
    private boolean inputGradient;
    private float[] in, k, bias, out, dOut, dIn, dk, db, work;

    @Setup
    public void setUp() {
        g = layer.equals("lenet1")
                ? ConvGeometry.conv2d(64, 28, 28, 1, 5, 5, 6, 1, 1, ConvGeometry.Padding.SAME)
                : ConvGeometry.conv2d(64, 14, 14, 6, 5, 5, 16, 1, 1, ConvGeometry.Padding.VALID);
        inputGradient = !layer.equals("lenet1");
        Random r = new Random(1);
        in = ConvBench.rand(r, g.inputSize());
        k = ConvBench.rand(r, g.kernelSize());
        bias = ConvBench.rand(r, g.cout());
        out = new float[g.outputSize()];
        dOut = ConvBench.rand(r, g.outputSize());
        dIn = inputGradient ? new float[g.inputSize()] : null;
        dk = new float[g.kernelSize()];
        db = new float[g.cout()];
        work = new float[Conv2d.workspaceSize(g)];
    }

    @Benchmark
    public float forwardBackward() {
        Conv2d.forward(g, in, 0, k, 0, bias, 0, Epilogue.RELU, out, 0, work);
        Conv2d.backward(g, in, 0, k, 0, dOut, 0, dIn, 0, dk, 0, db, 0, false, work);
        return dk[0];
    }

    /** The LSTM layer of the suite: batch 64, 32 steps, 32 inputs, 128 units. */
    @State(Scope.Thread)
    public static class LstmState {
        final RnnShape s = new RnnShape(64, 32, 32, 128);
        float[] x, w, uk, b, gates, cells, h, dH, dx, dw, du, db, work;

        @Setup
        public void setUp() {
            Random r = new Random(2);
            int u = s.units(), n = 4 * u;
            x = ConvBench.rand(r, s.rows() * s.input());
            w = ConvBench.rand(r, s.input() * n);
            uk = ConvBench.rand(r, u * n);
            b = ConvBench.rand(r, n);
            gates = new float[s.rows() * n];
            cells = new float[s.rows() * u];
            h = new float[s.rows() * u];
            dH = ConvBench.rand(r, s.rows() * u);
            dx = new float[x.length];
            dw = new float[w.length];
            du = new float[uk.length];
            db = new float[n];
            work = new float[Lstm.backwardWorkspaceSize(s)];
        }
    }

    @Benchmark
    public float lstmForwardBackward(LstmState st) {
        Lstm.forward(st.s, Activation.TANH, Activation.SIGMOID, st.x, 0, st.w, 0, st.uk, 0, st.b, 0,
                st.gates, 0, st.cells, 0, st.h, 0);
        Lstm.backward(st.s, Activation.TANH, Activation.SIGMOID, st.x, 0, st.w, 0, st.uk, 0, st.gates, 0, st.cells, 0,
                st.h, 0, st.dH, 0, st.dx, 0, st.dw, 0, st.du, 0, st.db, 0, false, st.work);
        return st.dw[0];
    }
}
