package nnc.lower;

import nnc.ir.Origin;

/**
 * A construct the lowering cannot translate to the IR (yet): a layer type without a lowering, an
 * unsupported argument combination. The driver reports it as a user-facing error naming the model
 * line, since the program itself checked fine.
 */
public final class LoweringException extends RuntimeException {
    private final Origin origin;

    public LoweringException(String message) {
        this(message, Origin.NONE);
    }

    public LoweringException(String message, Origin origin) {
        super(message, null, false, false);
        this.origin = origin == null ? Origin.NONE : origin;
    }

    /** Where in the source the construct is ({@link Origin#NONE} when unknown). */
    public Origin origin() {
        return origin;
    }
}
