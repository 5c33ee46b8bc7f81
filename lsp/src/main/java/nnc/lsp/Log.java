package nnc.lsp;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's log: standard error, which editors show as the language server's output.
 * Failures are counted by origin so that tests can tell a bug of the server's own features
 * from one of the compiler stages it calls (both are contained, neither reaches the editor).
 */
final class Log {
    private Log() {}

    private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    private static final AtomicInteger COMPILER_ERRORS = new AtomicInteger();

    /** A failure in the server's own code (a request handler or the document bookkeeping). */
    static void error(String what, Throwable t) {
        SERVER_ERRORS.incrementAndGet();
        print("internal error in " + what, t);
    }

    /** A failure inside the parser or checker while analysing a document. */
    static void compilerError(String what, Throwable t) {
        COMPILER_ERRORS.incrementAndGet();
        print("the compiler failed while " + what, t);
    }

    static int serverErrors() {
        return SERVER_ERRORS.get();
    }

    static int compilerErrors() {
        return COMPILER_ERRORS.get();
    }

    static void info(String message) {
        System.err.println("nnc lsp: " + message);
    }

    private static void print(String what, Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        System.err.println("nnc lsp: " + what + ": " + t + "\n" + trace);
    }
}
