package nnc.codegen;

/** The code generator met an IR construct it cannot compile yet (named, with its origin). */
public final class CodegenException extends RuntimeException {
    public CodegenException(String message) {
        super(message);
    }
}
