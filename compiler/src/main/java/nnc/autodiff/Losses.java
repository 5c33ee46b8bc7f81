package nnc.autodiff;

import java.util.List;
import nnc.ir.DType;
import nnc.ir.GraphBuilder;
import nnc.ir.IrException;
import nnc.ir.Op;
import nnc.ir.Shape;

/**
 * The losses of LANGUAGE.md and the l1/l2 penalties, lowered to IR with the formulas of
 * CONVENTIONS.md (Keras 3). Each loss returns the batch-mean scalar; the per-sample term
 * is built explicitly so the softmax-CE fusion can recognise
 * {@code neg(reduce_sum(mul(y, log(clip(softmax(z))))))}.
 */
public final class Losses {
    /** Keras' epsilon for clipping probabilities. */
    public static final double EPSILON = 1e-7;

    /** Every loss name the lowering accepts (aliases included). */
    public static final List<String> NAMES = List.of("mse", "mean_squared_error", "mae", "mean_absolute_error",
            "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
            "kl_divergence", "huber");

    private Losses() {}

    /**
     * Lowers loss {@code name} of prediction {@code p} against target {@code y} to a scalar
     * node (mean over the batch). For {@code sparse_categorical_crossentropy} {@code y}
     * holds class indices ([N] or [N, 1]); for {@code huber} delta is 1.
     */
    public static int lower(GraphBuilder b, String name, int p, int y) {
        return switch (name) {
            case "mse", "mean_squared_error" -> batchMean(b, lastMean(b, b.unary(Op.SQUARE, b.sub(y, p))));
            case "mae", "mean_absolute_error" -> batchMean(b, lastMean(b, b.unary(Op.ABS, b.sub(y, p))));
            case "categorical_crossentropy" -> batchMean(b, crossEntropy(b, p, y));
            case "sparse_categorical_crossentropy" -> {
                Shape ps = b.shape(p), ys = b.shape(y);
                int labels = ys.rank() == ps.rank() ? b.reshape(y, ys.dropAxis(-1)) : y;
                yield batchMean(b, crossEntropy(b, p, b.oneHot(labels, ps.dim(-1))));
            }
            case "binary_crossentropy" -> {
                int pc = b.clip(p, EPSILON, 1 - EPSILON);
                int pos = b.mul(y, b.unary(Op.LOG, pc));
                int neg = b.mul(b.sub(b.constant(1), y), b.unary(Op.LOG, b.sub(b.constant(1), pc)));
                yield batchMean(b, lastMean(b, b.unary(Op.NEG, b.add(pos, neg))));
            }
            case "kl_divergence" -> {
                int yc = b.clip(y, EPSILON, 1), pc = b.clip(p, EPSILON, 1);
                int term = b.mul(yc, b.unary(Op.LOG, b.div(yc, pc)));
                yield batchMean(b, b.reduce(Op.REDUCE_SUM, term, new int[] {-1}, false));
            }
            case "huber" -> huber(b, p, y, 1.0);
            default -> throw new IrException("unknown loss '" + name + "'");
        };
    }

    /** Huber loss with threshold {@code delta}: 0.5 q^2 + delta (|e| - q), q = min(|e|, delta). */
    public static int huber(GraphBuilder b, int p, int y, double delta) {
        int a = b.unary(Op.ABS, b.sub(y, p));
        int q = b.binary(Op.MINIMUM, a, b.constant(delta));
        int term = b.add(b.scale(b.unary(Op.SQUARE, q), 0.5), b.scale(b.sub(a, q), delta));
        return batchMean(b, lastMean(b, term));
    }

    /** Per-sample categorical cross-entropy: -sum(y * log(clip(p))) over the last axis. */
    public static int crossEntropy(GraphBuilder b, int p, int y) {
        if (b.node(y).dtype() != DType.F32) throw new IrException("cross-entropy target must be f32 (one-hot)");
        int logp = b.unary(Op.LOG, b.clip(p, EPSILON, 1 - EPSILON));
        return b.unary(Op.NEG, b.reduce(Op.REDUCE_SUM, b.mul(y, logp), new int[] {-1}, false));
    }

    /** {@code loss + l1 * sum|w| + l2 * sum w^2} (Keras regularizers; either factor may be 0). */
    public static int addPenalty(GraphBuilder b, int loss, int w, double l1, double l2) {
        int r = loss;
        if (l1 != 0) r = b.add(r, b.scale(b.reduceAll(Op.REDUCE_SUM, b.unary(Op.ABS, w)), l1));
        if (l2 != 0) r = b.add(r, b.scale(b.reduceAll(Op.REDUCE_SUM, b.unary(Op.SQUARE, w)), l2));
        return r;
    }

    private static int lastMean(GraphBuilder b, int x) {
        return b.reduce(Op.REDUCE_MEAN, x, new int[] {-1}, false);
    }

    /** Mean over every remaining axis (batch included): Keras' sum_over_batch_size. */
    private static int batchMean(GraphBuilder b, int perSample) {
        return b.shape(perSample).rank() == 0 ? perSample : b.reduceAll(Op.REDUCE_MEAN, perSample);
    }
}
