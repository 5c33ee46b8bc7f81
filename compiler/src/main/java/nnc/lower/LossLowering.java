package nnc.lower;

import nnc.ir.DType;
import nnc.ir.GraphBuilder;
import nnc.ir.Op;
import nnc.ir.Shape;

/**
 * Lowers the losses of LANGUAGE.md to IR, exactly as CONVENTIONS.md defines them (Keras 3): each
 * loss is computed per sample (over the last axis), then averaged over the batch and any other axes.
 * The result is a scalar node. Cross-entropies are written in their plain, unfused form
 * (clip, log, weighted sum); {@code nnc.opt} fuses a softmax followed by categorical cross-entropy
 * into one stable kernel before differentiation.
 */
public final class LossLowering {
    private LossLowering() {}

    /** Keras' epsilon, the clip bound of probabilities. */
    public static final double EPSILON = 1e-7;

    /** Canonical name of a loss (aliases resolved), or null when unknown. */
    public static String canonical(String name) {
        return switch (name) {
            case "mse", "mean_squared_error" -> "mse";
            case "mae", "mean_absolute_error" -> "mae";
            case "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
                 "huber" -> name;
            case "kl_divergence", "kld", "kullback_leibler_divergence" -> "kl_divergence";
            default -> null;
        };
    }

    /**
     * The batch-mean loss of prediction {@code p} against target {@code y}.
     *
     * @param delta huber's delta (ignored by the other losses)
     */
    public static int lower(GraphBuilder b, String name, int p, int y, double delta) {
        String loss = canonical(name);
        if (loss == null) throw new LoweringException("loss '" + name + "' has no lowering");
        int perElement;
        switch (loss) {
            case "mse" -> perElement = b.unary(Op.SQUARE, b.sub(y, p));
            case "mae" -> perElement = b.unary(Op.ABS, b.sub(y, p));
            case "huber" -> {
                // 0.5 e^2 where |e| <= delta, delta (|e| - 0.5 delta) beyond: with q = min(|e|, delta)
                // that is 0.5 q^2 + delta (|e| - q), one smooth expression without a select.
                int a = b.unary(Op.ABS, b.sub(y, p));
                int q = b.binary(Op.MINIMUM, a, b.constant(delta));
                perElement = b.add(b.scale(b.unary(Op.SQUARE, q), 0.5), b.scale(b.sub(a, q), delta));
            }
            case "binary_crossentropy" -> {
                int pc = b.clip(p, EPSILON, 1 - EPSILON);
                int one = b.constant(1.0);
                int pos = b.mul(y, b.unary(Op.LOG, pc));
                int neg = b.mul(b.sub(one, y), b.unary(Op.LOG, b.sub(one, pc)));
                perElement = b.unary(Op.NEG, b.add(pos, neg));
            }
            case "categorical_crossentropy" -> {
                return b.reduceAll(Op.REDUCE_MEAN, categorical(b, p, y));
            }
            case "sparse_categorical_crossentropy" -> {
                int classes = b.shape(p).dim(-1);
                int labels = y;
                Shape ys = b.shape(y);
                // Targets [N] or [N, 1] of class indices: one-hot them to p's shape.
                if (ys.rank() == b.shape(p).rank() && ys.dim(-1) == 1) {
                    int[] d = ys.dims();
                    int[] nd = java.util.Arrays.copyOf(d, d.length - 1);
                    labels = b.reshape(y, Shape.of(nd));
                }
                int oneHot = b.oneHot(labels, classes);
                return b.reduceAll(Op.REDUCE_MEAN, categorical(b, p, oneHot));
            }
            case "kl_divergence" -> {
                int yc = b.clip(y, EPSILON, 1);
                int pc = b.clip(p, EPSILON, 1);
                int perSample = b.reduce(Op.REDUCE_SUM,
                        b.mul(yc, b.unary(Op.LOG, b.div(yc, pc))), new int[] {-1 + b.shape(p).rank()}, false);
                return b.reduceAll(Op.REDUCE_MEAN, perSample);
            }
            default -> throw new LoweringException("loss '" + name + "' has no lowering");
        }
        // mean over the last axis per sample, then over the batch: with equal-sized samples that is
        // the mean over every element.
        return b.reduceAll(Op.REDUCE_MEAN, perElement);
    }

    /** Per-sample -sum(y * log(clip(p))) over the last axis. */
    private static int categorical(GraphBuilder b, int p, int y) {
        int pc = b.clip(p, EPSILON, 1 - EPSILON);
        int rank = b.shape(p).rank();
        int s = b.reduce(Op.REDUCE_SUM, b.mul(y, b.unary(Op.LOG, pc)), new int[] {rank - 1}, false);
        return b.unary(Op.NEG, s);
    }

    /** Element type the target input of a loss has: class indices for the sparse loss. */
    public static DType targetType(String name) {
        return "sparse_categorical_crossentropy".equals(canonical(name)) ? DType.I32 : DType.F32;
    }

    /** {@code l1 * sum|w| + l2 * sum w^2} for parameter node {@code w} (a scalar node), or -1 for none. */
    public static int penalty(GraphBuilder b, int w, double l1, double l2) {
        int total = -1;
        if (l1 != 0) total = b.scale(b.reduceAll(Op.REDUCE_SUM, b.unary(Op.ABS, w)), l1);
        if (l2 != 0) {
            int t = b.scale(b.reduceAll(Op.REDUCE_SUM, b.unary(Op.SQUARE, w)), l2);
            total = total < 0 ? t : b.add(total, t);
        }
        return total;
    }
}
