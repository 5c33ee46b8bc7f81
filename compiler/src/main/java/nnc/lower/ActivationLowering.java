package nnc.lower;

import nnc.ir.Attrs;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;

/**
 * Lowers the built-in activations of LANGUAGE.md to IR ops. Most map to one primitive op; the
 * tanh approximation of gelu and a softmax over another axis than the last are composed from
 * primitives. User-defined {@code fn}s are lowered by {@link FnLowering} instead.
 */
public final class ActivationLowering {
    private ActivationLowering() {}

    /** Whether {@code name} is a built-in activation this lowering knows. */
    public static boolean isBuiltin(String name) {
        return switch (name) {
            case "linear", "relu", "leaky_relu", "elu", "selu", "gelu", "sigmoid", "hard_sigmoid", "tanh",
                 "softplus", "softsign", "softmax", "step", "exponential" -> true;
            default -> false;
        };
    }

    /**
     * Applies activation {@code name} to node {@code x}.
     *
     * @param alpha       leaky_relu's slope / elu's alpha (NaN: the Keras default)
     * @param approximate gelu's tanh approximation
     * @param axis        softmax axis (-1 for the last)
     */
    public static int apply(GraphBuilder b, String name, int x, double alpha, boolean approximate, int axis) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> b.unary(Op.RELU, x);
            case "leaky_relu" -> b.unary(Op.LEAKY_RELU, x, Attrs.of("alpha", Double.isNaN(alpha) ? 0.2 : alpha));
            case "elu" -> b.unary(Op.ELU, x, Attrs.of("alpha", Double.isNaN(alpha) ? 1.0 : alpha));
            case "selu" -> b.unary(Op.SELU, x);
            case "gelu" -> approximate ? geluTanh(b, x) : b.unary(Op.GELU, x);
            case "sigmoid" -> b.unary(Op.SIGMOID, x);
            case "hard_sigmoid" -> b.unary(Op.HARD_SIGMOID, x);
            case "tanh" -> b.unary(Op.TANH, x);
            case "softplus" -> b.unary(Op.SOFTPLUS, x);
            case "softsign" -> b.unary(Op.SOFTSIGN, x);
            case "exponential" -> b.unary(Op.EXP, x);
            case "step" -> b.unary(Op.STEP, x);
            case "softmax" -> softmax(b, x, axis);
            default -> throw new LoweringException("activation '" + name + "' has no lowering");
        };
    }

    /** Applies activation {@code name} with its Keras defaults. */
    public static int apply(GraphBuilder b, String name, int x) {
        return apply(b, name, x, Double.NaN, false, -1);
    }

    private static int softmax(GraphBuilder b, int x, int axis) {
        int rank = b.shape(x).rank();
        int ax = axis < 0 ? rank + axis : axis;
        if (ax == rank - 1) return b.softmax(x);
        if (ax == 0) throw new LoweringException("softmax over the batch axis is not supported");
        // Move the axis last, apply the stable last-axis softmax, move it back.
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = i;
        perm[ax] = rank - 1;
        perm[rank - 1] = ax;
        return b.transpose(b.softmax(b.transpose(x, perm)), perm);
    }

    /** Keras' gelu(approximate = true): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    private static int geluTanh(GraphBuilder b, int x) {
        int x3 = b.mul(b.unary(Op.SQUARE, x), x);
        int inner = b.scale(b.add(x, b.scale(x3, 0.044715)), Math.sqrt(2 / Math.PI));
        int t = b.add(b.unary(Op.TANH, inner), b.constant(1.0));
        return b.mul(b.scale(x, 0.5), t);
    }
}
