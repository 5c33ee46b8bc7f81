package nnc.testing;

import nnc.autodiff.Losses;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.ir.Origin;
import nnc.ir.Shape;

/** Hand-built forward graphs used across the opt and codegen tests (what lowering will produce). */
public final class Models {
    private Models() {}

    /**
     * A dense MLP: sizes[0] inputs, hidden layers with {@code hidden} activation, softmax
     * output with categorical cross-entropy (or sigmoid + mse when {@code softmax} is false).
     */
    public static Graph mlp(int[] sizes, Op hidden, boolean softmax) {
        GraphBuilder b = new GraphBuilder().at(new Origin("mlp.nn", 2, 5));
        int h = b.input("x", Shape.batched(sizes[0]));
        for (int l = 1; l < sizes.length; l++) {
            b.at(new Origin("mlp.nn", 2 + l, 5));
            String name = l == 1 ? "dense" : "dense_" + (l - 1);
            int w = b.parameter(name + ".kernel", Shape.of(sizes[l - 1], sizes[l]), "glorot_uniform");
            int bias = b.parameter(name + ".bias", Shape.of(sizes[l]), "zeros");
            int z = b.add(b.matmul(h, w), bias);
            h = l < sizes.length - 1 ? b.unary(hidden, z) : softmax ? b.softmax(z) : b.unary(Op.SIGMOID, z);
        }
        b.output("output", h);
        b.at(new Origin("mlp.nn", 10, 5));
        int y = b.target("target", Shape.batched(sizes[sizes.length - 1]), DType.F32);
        b.output("loss", Losses.lower(b, softmax ? "categorical_crossentropy" : "mse", h, y));
        return b.build();
    }

    /**
     * Keras batchnorm over the last axis, as the lowering can build it: batch statistics in
     * TRAIN/GRADIENT passes, moving statistics in INFER passes, moving averages updated in
     * TRAIN passes.
     */
    public static int batchnorm(GraphBuilder b, int x, String name, double momentum, double epsilon) {
        Shape xs = b.shape(x);
        int c = xs.dim(-1);
        int[] axes = new int[xs.rank() - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i;
        int gamma = b.parameter(name + ".gamma", Shape.of(c), "ones");
        int beta = b.parameter(name + ".beta", Shape.of(c), "zeros");
        int mm = b.parameter(name + ".moving_mean", Shape.of(c), "zeros", false);
        int mv = b.parameter(name + ".moving_variance", Shape.of(c), "ones", false);
        int mean = b.reduce(Op.REDUCE_MEAN, x, axes, false);
        int var = b.reduce(Op.REDUCE_MEAN, b.unary(Op.SQUARE, b.sub(x, mean)), axes, false);
        b.movingUpdate(mm, mean, momentum);
        b.movingUpdate(mv, var, momentum);
        int m = b.trainingSelect(mean, mm), v = b.trainingSelect(var, mv);
        int inv = b.unary(Op.RECIPROCAL, b.unary(Op.SQRT, b.add(v, b.constant(epsilon))));
        return b.add(b.mul(b.mul(b.sub(x, m), inv), gamma), beta);
    }

    /** A graph touching many ops: dropout, noise, gelu, concat/slice, reductions, l2 penalty. */
    public static Graph mixed() {
        GraphBuilder b = new GraphBuilder().at(new Origin("mixed.nn", 1, 1));
        int x = b.input("x", Shape.batched(6));
        int w = b.parameter("dense.kernel", Shape.of(6, 5), "glorot_uniform");
        int bias = b.parameter("dense.bias", Shape.of(5), "zeros");
        int h = b.unary(Op.TANH, b.add(b.matmul(x, w), bias));
        int drop = b.mul(h, b.dropoutMask(Shape.batched(5), 0.2, 0));
        int noisy = b.add(drop, b.gaussianNoise(Shape.batched(5), 0.1, 1));
        int g1 = b.unary(Op.GELU, b.slice(noisy, 1, 0, 3));
        int g2 = b.unary(Op.ELU, b.slice(noisy, 1, 3, 5), nnc.ir.Attrs.of("alpha", 1.0));
        int cat = b.concat(-1, g1, g2, b.unary(Op.SOFTSIGN, noisy));
        int w2 = b.parameter("dense_1.kernel", Shape.of(10, 4), "glorot_uniform");
        int bias2 = b.parameter("dense_1.bias", Shape.of(4), "zeros");
        int z = b.add(b.matmul(cat, w2), bias2);
        int centred = b.sub(z, b.reduce(Op.REDUCE_MEAN, z, new int[] {-1}, true));
        int out = b.unary(Op.SIGMOID, centred);
        b.output("output", out);
        int y = b.target("target", Shape.batched(4), DType.F32);
        int loss = Losses.lower(b, "binary_crossentropy", out, y);
        loss = Losses.addPenalty(b, loss, w2, 0.001, 0.01);
        b.output("loss", loss);
        return b.build();
    }
}
