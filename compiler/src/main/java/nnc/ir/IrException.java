package nnc.ir;

/** A violated IR invariant (a bug in a stage that builds or rewrites IR, not a user error). */
public final class IrException extends RuntimeException {
    public IrException(String message) {
        super(message);
    }
}
