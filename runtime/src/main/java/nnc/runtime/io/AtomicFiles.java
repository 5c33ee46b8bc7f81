package nnc.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old file or the complete new one, never a half-written
 * file (an interrupted {@code nnc train} leaves the previous weights intact): the content goes to a
 * temporary file in the same folder, is forced to disk, then renamed over the target with
 * {@code ATOMIC_MOVE}. The temporary file is removed on any failure, and by a shutdown hook when
 * the process is stopped (Ctrl-C, SIGTERM) while it is being written: an interrupted JVM runs
 * shutdown hooks but not the {@code finally} blocks of the threads it stops.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Temporary files being written now, removed by the shutdown hook if the JVM stops first. */
    private static final java.util.Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // best effort while the JVM stops
                    }
                }
            }, "nnc-atomic-files-cleanup"));
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down, or not allowed: the finally block below still cleans up
        }
    }

    /** Produces the file's content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Atomically replaces {@code target} with the bytes {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new FileFormatException(target.toString(), 0, "cannot write: folder " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new FileFormatException(target.toString(), 0, "cannot write: it is a folder");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        } catch (AccessDeniedException | NoSuchFileException e) {
            throw new FileFormatException(target.toString(), 0, "cannot write: no permission to create files in " + dir);
        }
        boolean done = false;
        IN_FLIGHT.add(tmp);
        try {
            keepPermissions(tmp, abs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            } catch (AccessDeniedException e) {
                throw new FileFormatException(target.toString(), 0, "cannot write: permission denied");
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Temporary files are created readable by the owner only; give the result the target's current
     * permissions, or {@code rw-r--r--} for a new file, as an ordinary write would (on POSIX file systems).
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Atomically replaces {@code target} with UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
