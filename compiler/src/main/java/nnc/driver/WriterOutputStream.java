package nnc.driver;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to a {@link PrintWriter}: the runtime's training loop prints to a {@code PrintStream}, the
 * command line hands out writers. Bytes are decoded as UTF-8 at each flush or line end, so
 * multi-byte characters (the progress bar's ━) arrive whole.
 */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    WriterOutputStream(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        pending.write(b);
        if (b == '\n' || b == '\r') flush();
    }

    @Override
    public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                flush();
                return;
            }
        }
    }

    @Override
    public void flush() {
        if (pending.size() == 0) return;
        out.write(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
        out.flush();
    }
}
