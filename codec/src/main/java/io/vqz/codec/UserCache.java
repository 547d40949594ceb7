package io.vqz.codec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The per-user cache of what the codec unpacks from its jar once rather than at every start: ONNX Runtime's
 * libraries ({@link OnnxNatives}) and the earlier defaults' bundles ({@link ShippedModels#STORED_PACKED}). It is
 * {@code -Dvqz.cache.dir}, else {@code $XDG_CACHE_HOME/vqz}, {@code ~/.cache/vqz} ({@code %LOCALAPPDATA%\vqz} on
 * Windows, {@code ~/Library/Caches/vqz} on macOS). Thread-safe; racing processes agree (atomic renames).
 */
final class UserCache {
    private UserCache() {
    }

    /** The cache directory, or null where there is none (no home directory, a security manager's refusal). */
    static Path root() {
        try {
            String set = System.getProperty("vqz.cache.dir");
            if (set != null) {
                return Path.of(set);
            }
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String home = System.getProperty("user.home");
            if (os.contains("win")) {
                String local = System.getenv("LOCALAPPDATA");
                return local != null ? Path.of(local, "vqz") : null;
            }
            if (os.contains("mac")) {
                return home != null ? Path.of(home, "Library", "Caches", "vqz") : null;
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            return xdg != null && !xdg.isEmpty() ? Path.of(xdg, "vqz")
                    : home != null ? Path.of(home, ".cache", "vqz") : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Moves a finished temporary file into place atomically where the file system can, so a reader never sees
     * half a file.
     */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
