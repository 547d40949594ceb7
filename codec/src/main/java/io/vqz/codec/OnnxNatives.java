package io.vqz.codec;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives ONNX Runtime its native libraries from a per-user cache instead of a fresh temporary directory.
 * <p>
 * Left to itself, ONNX Runtime's Java binding copies its libraries (about 28 MB) into a new
 * {@code onnxruntime-java*} directory on every JVM start and leaves that directory behind, empty, when the JVM
 * exits. Here the libraries of the {@code onnxruntime} jar are copied once into
 * {@code <cache>/onnxruntime-<platform>-<crc>} (named by the jar entry's CRC, so another ONNX Runtime version
 * gets its own directory) and ONNX Runtime is pointed at them through its
 * {@code onnxruntime.native.<library>.path} properties; its temporary directory then stays empty and is deleted
 * at once. The cache is {@code -Dvqz.cache.dir}, else {@code $XDG_CACHE_HOME/vqz}, {@code ~/.cache/vqz}
 * ({@code %LOCALAPPDATA%\vqz} on Windows, {@code ~/Library/Caches/vqz} on macOS). Nothing is downloaded.
 * <p>
 * When the user set ONNX Runtime's properties, or anything here fails (a read-only home), nothing is changed and
 * ONNX Runtime loads as it always does. Thread-safe.
 */
final class OnnxNatives {
    private static final Logger LOG = Logger.getLogger(OnnxNatives.class.getName());
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
    private static boolean prepared;

    private OnnxNatives() {
    }

    /** Points ONNX Runtime at cached copies of its libraries; call before its first use. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty("onnxruntime.native.path") != null
                || System.getProperty("onnxruntime.native.onnxruntime.path") != null) {
            return;
        }
        String platform = platform();
        Path cache = cacheRoot();
        if (platform == null || cache == null) {
            return;
        }
        try {
            Path[] files = new Path[LIBRARIES.length];
            Path dir = null;
            for (int i = 0; i < LIBRARIES.length; i++) {
                String file = System.mapLibraryName(LIBRARIES[i]).replace(".jnilib", ".dylib");
                URL url = OnnxNatives.class.getResource("/ai/onnxruntime/native/" + platform + "/" + file);
                if (url == null) {
                    return;
                }
                URLConnection connection = url.openConnection();
                if (dir == null) {
                    long id = connection instanceof JarURLConnection
                            ? ((JarURLConnection) connection).getJarEntry().getCrc()
                            : connection.getContentLengthLong();
                    dir = cache.resolve("onnxruntime-" + platform + "-" + Long.toHexString(id));
                }
                files[i] = dir.resolve(file);
                extract(connection, files[i]);
            }
            for (int i = 0; i < LIBRARIES.length; i++) {
                System.setProperty("onnxruntime.native." + LIBRARIES[i] + ".path", files[i].toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ONNX Runtime libraries not cached; it extracts them itself", e);
        }
    }

    /** Copies the resource to {@code target} unless a complete copy is there; atomic, so racing JVMs agree. */
    private static void extract(URLConnection resource, Path target) throws IOException {
        long size = resource.getContentLengthLong();
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** ONNX Runtime's name for this platform's resource folder, or null where it ships none. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win"
                : os.contains("nux") ? "linux" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }

    private static Path cacheRoot() {
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
}
