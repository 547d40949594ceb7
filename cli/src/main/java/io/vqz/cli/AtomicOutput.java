package io.vqz.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an output file so that it is never seen half-written: the data goes to a temporary file in the
 * target's directory, which is then renamed into place ({@code ATOMIC_MOVE}). A killed process leaves at
 * most a hidden {@code .NAME.PID.*.tmp} file, never a partial output, and the next write of NAME deletes
 * such files whose process is gone. Refuses to replace an existing file unless forced, and refuses to replace
 * an input even when forced.
 * <p>
 * The target {@code -} means standard output; the data is buffered and written only when complete.
 *
 * @since 0.1
 */
final class AtomicOutput {

    /** Writes the output's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The name standing for standard output. */
    static final String STDOUT = "-";

    private AtomicOutput() {
    }

    /** Whether {@code name} is {@code -}, standard output. */
    static boolean isStdout(String name) {
        return STDOUT.equals(name);
    }

    /**
     * Checks that {@code target} may be written: it is not an input, not a directory, and does not exist
     * unless {@code force}. Called before the (slow) work, and again just before the rename.
     */
    static void check(Path target, boolean force, Collection<Path> inputs) throws IOException {
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new FileSystemException(target.toString(), null, "directory " + dir + " does not exist");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            for (Path in : inputs) {
                if (Files.exists(in) && Files.isSameFile(in, target)) {
                    throw new FileSystemException(target.toString(), null,
                            "is also an input; refusing to overwrite it");
                }
            }
            if (!force) {
                throw new FileAlreadyExistsException(target.toString());
            }
        }
    }

    /**
     * Writes {@code body}'s bytes to {@code target}, atomically.
     *
     * @param target the file to create or (with {@code force}) replace
     * @param force  whether an existing file may be replaced
     * @param inputs the files read to make the output: never replaced
     */
    static void write(Path target, boolean force, Collection<Path> inputs, Body body) throws IOException {
        check(target, force, inputs);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        deleteAbandoned(abs);
        Path tmp = Files.createTempFile(dir, tempPrefix(abs) + ProcessHandle.current().pid() + ".", ".tmp");
        tmp.toFile().deleteOnExit();
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            relaxPermissions(tmp);
            check(target, force, inputs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Hidden {@code .tmp} files found in each output directory the first time this process writes there: what
     * earlier, killed runs may have left. Listed once per directory, so a batch of n outputs costs one listing,
     * not n.
     */
    private static final Map<Path, Set<String>> LEFTOVERS = new ConcurrentHashMap<>();

    /**
     * Deletes {@code .NAME.PID.*.tmp} files beside {@code target} whose process no longer runs: what a killed
     * write left. A file whose PID is alive (this or a concurrent write) is kept.
     */
    static void deleteAbandoned(Path target) {
        Set<String> leftovers = LEFTOVERS.computeIfAbsent(target.getParent(), AtomicOutput::hiddenTempFiles);
        String prefix = tempPrefix(target);
        for (Iterator<String> it = leftovers.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!name.startsWith(prefix)) {
                continue;
            }
            String[] parts = name.substring(prefix.length()).split("\\.");
            try {
                // .NAME.PID.RANDOM.tmp, as write names them
                if (parts.length == 3 && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                    Files.deleteIfExists(target.resolveSibling(name));
                    it.remove();
                }
            } catch (NumberFormatException | IOException ignored) {
                // not one of ours, or already gone
            }
        }
    }

    private static Set<String> hiddenTempFiles(Path dir) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, ".*.tmp")) {
            found.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException | RuntimeException ignored) {
            // an unreadable directory: the write itself reports what matters
        }
        return names;
    }

    /** Writes {@code body}'s bytes to {@code stdout} once all of them are known. */
    static void writeStdout(OutputStream stdout, Body body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 16);
        body.writeTo(buf);
        buf.writeTo(stdout);
        stdout.flush();
    }

    // temporary files are created rw-------; outputs should look like any other file the user writes
    private static void relaxPermissions(Path tmp) {
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep the defaults
        }
    }
}
