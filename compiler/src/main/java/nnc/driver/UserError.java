package nnc.driver;

/**
 * A problem caused by the user's input (data file, weights file, output path, an unsupported
 * construct), reported as one clear message and exit code 1 — never as a stack trace: printed as
 * {@code nnc: error: MESSAGE}, with {@code hint: …} when given. Errors in the program text itself
 * are {@link ProgramError}s (rendered with the source line and caret).
 */
public class UserError extends RuntimeException {
    private final String hint;

    public UserError(String message) {
        this(message, null);
    }

    public UserError(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    /** The hint shown under the message, or null. */
    public String hint() {
        return hint;
    }
}
