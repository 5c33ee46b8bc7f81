package nnc.opt;

import nnc.ir.Shape;

/**
 * How an operand of a fused elementwise group is read while the loop runs over the
 * group's output elements. The code generator supports these four patterns directly; the
 * fusion pass materialises any other broadcast with an explicit {@code broadcast_to}.
 */
public enum Broadcast {
    /** Same element count as the output: read at index i. */
    FULL,
    /** One element: read once. */
    SCALAR,
    /** The operand's dims equal the output's trailing dims (a bias [n] over [N, n]): read at i % size. */
    SUFFIX,
    /** The operand's dims equal the output's leading dims, trailing ones are 1 ([N, 1] over [N, n]): read at i / (out / size). */
    ROWS,
    /** Anything else. */
    GENERAL;

    public static Broadcast of(Shape in, Shape out) {
        if (in.equals(out)) return FULL;
        if (in.perSample() == 1 && !in.isBatched()) return SCALAR;
        int r = out.rank(), k = in.rank();
        // strip leading 1s of the operand: they do not change the element layout
        int lead = 0;
        while (lead < k && in.dim(lead) == 1) lead++;
        boolean suffix = true;
        for (int j = lead; j < k; j++) if (in.dim(j) != out.dim(r - k + j)) suffix = false;
        if (suffix && k <= r) return SUFFIX;
        if (k == r) {
            int split = 0;
            while (split < r && in.dim(split) == out.dim(split)) split++;
            boolean ones = true;
            for (int j = split; j < r; j++) if (in.dim(j) != 1) ones = false;
            if (ones) return ROWS;
        }
        return GENERAL;
    }
}
