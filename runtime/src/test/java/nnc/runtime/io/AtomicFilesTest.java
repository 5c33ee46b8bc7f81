package nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    /** Started in a child JVM: begins an atomic write of its argument, says so, then hangs. */
    public static final class HangingWriter {
        public static void main(String[] args) throws Exception {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[4096]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /**
     * A process stopped (SIGTERM) in the middle of writing: the shutdown hook removes the
     * temporary file, and the previous file is left as it was.
     */
    @Test
    void aProcessStoppedWhileWritingLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("weights.bin");
        byte[] old = "previous weights".getBytes(StandardCharsets.UTF_8);
        Files.write(target, old);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HangingWriter.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", r.readLine(), "the child reached the middle of its write");
            assertEquals(1, temporaryFiles(), "a temporary file is being written");
            p.destroy();   // SIGTERM: the JVM runs its shutdown hooks
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child stopped");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, temporaryFiles(), "the shutdown hook removed the temporary file");
        assertArrayEquals(old, Files.readAllBytes(target));
    }

    @Test
    void aCompleteWriteReplacesTheFile() throws Exception {
        Path target = dir.resolve("a.txt");
        Files.writeString(target, "old");
        AtomicFiles.writeString(target, "new content");
        assertEquals("new content", Files.readString(target));
        assertEquals(0, temporaryFiles());
    }

    private long temporaryFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
