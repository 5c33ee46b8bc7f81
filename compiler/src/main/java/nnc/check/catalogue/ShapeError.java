package nnc.check.catalogue;

/**
 * Raised by a shape rule when a layer cannot be applied to its input; the checker turns it into a
 * diagnostic at the layer call (never shown as a stack trace). {@code argument} names the offending argument
 * when the fault is an argument value rather than the input shape.
 */
public final class ShapeError extends Exception {
    private final String hint;
    private final String argument;
    private String code = "check.shape";

    public ShapeError(String message) {
        this(message, null, null);
    }

    public ShapeError(String message, String hint) {
        this(message, hint, null);
    }

    public ShapeError(String message, String hint, String argument) {
        super(message, null, false, false);
        this.hint = hint;
        this.argument = argument;
    }

    /** The diagnostic code: {@code check.shape} unless a rule says {@code check.rank} or {@code check.dtype}. */
    public String code() {
        return code;
    }

    public ShapeError withCode(String c) {
        this.code = c;
        return this;
    }

    public String hint() {
        return hint;
    }

    public String argument() {
        return argument;
    }
}
