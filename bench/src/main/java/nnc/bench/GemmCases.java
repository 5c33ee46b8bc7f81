package nnc.bench;

import java.util.ArrayList;
import java.util.List;

/** The GEMM shapes `bench/run kernels` measures: squares and the training shapes. */
public final class GemmCases {
    private GemmCases() {}

    /** One GEMM shape: C[m x n] = op(A)[m x k] op(B)[k x n]. */
    public record Shape(String name, int m, int n, int k, boolean ta, boolean tb) {
        public long flops() {
            return 2L * m * n * k;
        }

        /** The line prefix, also the key under which numpy's figure is looked up. */
        public String key() {
            return "m=" + m + " n=" + n + " k=" + k + " op=" + (ta ? "T" : "N") + (tb ? "T" : "N");
        }
    }

    /**
     * Squares (NN) and, for each dense training layer {@code Y[b x out] = X[b x in] W[in x out]},
     * its forward GEMM and both backward GEMMs: {@code dX = dY W^T} and {@code dW = X^T dY}.
     */
    public static List<Shape> all(boolean smoke) {
        List<Shape> out = new ArrayList<>();
        int[] squares = smoke ? new int[] {64, 256} : new int[] {64, 128, 256, 512, 1024, 2048};
        for (int s : squares) {
            out.add(new Shape("square", s, s, s, false, false));
        }
        // {batch, in, out}: iris MLP, hidden layers at batch 30 and 64, LeNet-5 conv1 im2col.
        int[][] layers = smoke ? new int[][] {{30, 4, 256}} : new int[][] {{30, 4, 256}, {30, 256, 256}, {64, 256, 256}, {36864, 25, 6}};
        for (int[] l : layers) {
            int b = l[0], in = l[1], o = l[2];
            out.add(new Shape("fwd", b, o, in, false, false));
            out.add(new Shape("dX", b, in, o, false, true));
            out.add(new Shape("dW", in, o, b, true, false));
        }
        return out;
    }
}
