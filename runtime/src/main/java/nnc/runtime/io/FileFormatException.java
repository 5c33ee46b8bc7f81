package nnc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A user-facing problem with the contents of a file (bad CSV cell, truncated weights file, …). The
 * message is already formatted as {@code FILE:LINE: error: DETAIL} (or {@code FILE: error: DETAIL}
 * when no line applies), ready to print without a stack trace.
 */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String detail;

    /**
     * @param file   the file as the user named it
     * @param line   1-based line, or 0 when no line applies
     * @param detail what is wrong, and where it helps, what to do
     */
    public FileFormatException(String file, int line, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": error: " + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public FileFormatException(Path file, int line, String detail) {
        this(file.toString(), line, detail);
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0. */
    public int line() {
        return line;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
