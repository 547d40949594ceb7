package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path dir;

    @Test
    void writesTheBytes() throws Exception {
        Path t = dir.resolve("t.bin");
        AtomicOutput.write(t, false, List.of(), o -> o.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(t));
        assertEquals(List.of(t), entries());
    }

    @Test
    void aFailingWriterLeavesNothing() throws Exception {
        Path t = dir.resolve("t.bin");
        IOException e = assertThrows(IOException.class, () -> AtomicOutput.write(t, false, List.of(), o -> {
            o.write(new byte[1000]);
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
        assertEquals(List.of(), entries());
    }

    /** Starts writing args[0] and never finishes, until killed. */
    static final class Hang {
        public static void main(String[] args) throws Exception {
            AtomicOutput.write(Path.of(args[0]), true, List.of(), o -> {
                o.write(new byte[100]);
                o.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
        }
    }

    @Test
    void theNextWriteDeletesWhatAKilledWriteLeft() throws Exception {
        Path t = dir.resolve("t.bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Hang.class.getName(),
                t.toString()).redirectErrorStream(true).start();
        assertEquals("writing", new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
                .readLine());
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no deleteOnExit
        List<Path> left = entries();
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).getFileName().toString().startsWith(".t.bin." + p.pid() + "."), left.toString());
        Path live = dir.resolve(".t.bin." + ProcessHandle.current().pid() + ".1.tmp"); // a concurrent writer's
        Files.write(live, new byte[1]);
        AtomicOutput.write(t, false, List.of(), o -> o.write(new byte[] {7}));
        assertEquals(List.of(live, t).stream().sorted().toList(), entries().stream().sorted().toList());
    }

    @Test
    void aFailingWriterKeepsTheOldFile() throws Exception {
        Path t = Files.writeString(dir.resolve("t.bin"), "old");
        assertThrows(IOException.class, () -> AtomicOutput.write(t, true, List.of(), o -> {
            o.write("new, half".getBytes());
            throw new IOException("killed");
        }));
        assertEquals("old", Files.readString(t));
        assertEquals(List.of(t), entries());
    }

    @Test
    void refusesExistingFilesDirectoriesAndInputs() throws Exception {
        Path t = Files.writeString(dir.resolve("t.bin"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> AtomicOutput.write(t, false, List.of(), o -> { }));
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicOutput.write(t, true, List.of(dir.resolve(".").resolve("t.bin")), o -> { }));
        assertTrue(e.getReason().contains("input"));
        e = assertThrows(FileSystemException.class, () -> AtomicOutput.write(dir, true, List.of(), o -> { }));
        assertEquals("is a directory", e.getReason());
        e = assertThrows(FileSystemException.class,
                () -> AtomicOutput.write(dir.resolve("no/such/dir/x"), true, List.of(), o -> { }));
        assertTrue(e.getReason().contains("does not exist"));
        assertEquals("old", Files.readString(t));
    }

    @Test
    void stdoutGetsTheWholeOutputOrNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> AtomicOutput.writeStdout(out, o -> {
            o.write(7);
            throw new IOException("failed");
        }));
        assertEquals(0, out.size());
        AtomicOutput.writeStdout(out, o -> o.write(7));
        assertArrayEquals(new byte[] {7}, out.toByteArray());
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
