package io.vqz.codec;

import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives ONNX Runtime its native libraries from a per-user cache instead of a fresh temporary directory.
 * <p>
 * Left to itself, ONNX Runtime's Java binding copies its libraries (about 28 MB) into a new
 * {@code onnxruntime-java*} directory on every JVM start and leaves that directory behind, empty, when the JVM
 * exits. Here this platform's libraries are copied once into {@code <cache>/onnxruntime-<platform>-<id>} and ONNX
 * Runtime is pointed at that directory through its {@code onnxruntime.native.path} property; its temporary
 * directory then stays empty and is deleted at once. They come from one of two places:
 * <ul>
 * <li>the {@code onnxruntime} jar ({@code ai/onnxruntime/native/<platform>/}), where a program has it as a
 * dependency; {@code <id>} is the jar entry's CRC;</li>
 * <li>the xz-packed copies of the self-contained jars ({@code io/vqz/natives/<platform>/<file>.xz}, written by the
 * {@code vqz-natives} module, which leaves ONNX Runtime's own copies out), checked against the SHA-256 recorded in
 * {@code io/vqz/natives/index.properties} as they are unpacked; {@code <id>} starts that SHA-256. Where no cache
 * can be written (a read-only home), they are unpacked into a temporary directory deleted when the JVM exits.</li>
 * </ul>
 * Another ONNX Runtime version gets its own directory. The cache is {@link UserCache}'s. Nothing is downloaded.
 * <p>
 * When the user set ONNX Runtime's properties, or copying from its jar fails, nothing is changed and ONNX Runtime
 * loads as it always does. Thread-safe.
 */
final class OnnxNatives {
    private static final Logger LOG = Logger.getLogger(OnnxNatives.class.getName());
    /** What ONNX Runtime loads from its directory at start-up; the last is only in its Windows build. */
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared"};
    private static final String JAR_FOLDER = "/ai/onnxruntime/native/";
    private static final String PACKED_FOLDER = "/io/vqz/natives/";
    private static final String PACKED_INDEX = PACKED_FOLDER + "index.properties";
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
        if (platform == null) {
            return;
        }
        Path dir = null;
        if (OnnxNatives.class.getResource(JAR_FOLDER + platform + "/" + fileName(LIBRARIES[0])) != null) {
            try {
                dir = copyFromJar(platform, UserCache.root());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "ONNX Runtime's libraries not cached; it extracts them itself", e);
            }
        } else if (OnnxNatives.class.getResource(PACKED_INDEX) != null) {
            try {
                dir = unpack(platform);
            } catch (IOException | RuntimeException | LinkageError e) {
                // ONNX Runtime will not find its libraries either and fails with its own message
                LOG.log(Level.WARNING, "cannot unpack ONNX Runtime's libraries: " + e.getMessage(), e);
            }
        }
        if (dir != null) {
            System.setProperty("onnxruntime.native.path", dir.toString());
        }
    }

    private static Path copyFromJar(String platform, Path cache) throws IOException {
        if (cache == null) {
            return null;
        }
        Path dir = null;
        for (String library : LIBRARIES) {
            URL url = OnnxNatives.class.getResource(JAR_FOLDER + platform + "/" + fileName(library));
            if (url == null) {
                continue;
            }
            URLConnection connection = url.openConnection();
            if (dir == null) {
                long id = connection instanceof JarURLConnection
                        ? ((JarURLConnection) connection).getJarEntry().getCrc()
                        : connection.getContentLengthLong();
                dir = cache.resolve("onnxruntime-" + platform + "-" + Long.toHexString(id));
            }
            Path target = dir.resolve(fileName(library));
            long size = connection.getContentLengthLong();
            if (!(Files.isRegularFile(target) && Files.size(target) == size)) {
                try (InputStream in = connection.getInputStream()) {
                    install(in, target, size, null);
                }
            }
        }
        return dir;
    }

    private static Path unpack(String platform) throws IOException {
        Properties index = new Properties();
        try (InputStream in = OnnxNatives.class.getResourceAsStream(PACKED_INDEX)) {
            index.load(in);
        }
        String first = index.getProperty(platform + "/" + fileName(LIBRARIES[0]));
        if (first == null) {
            throw new IOException("this jar holds no ONNX Runtime libraries for " + platform);
        }
        String id = "onnxruntime-" + platform + "-" + first.substring(first.indexOf(' ') + 1).substring(0, 16);
        Path cache = UserCache.root();
        if (cache != null) {
            try {
                return unpackInto(platform, index, cache.resolve(id));
            } catch (IOException e) {
                LOG.log(Level.FINE, "no cache at " + cache + "; unpacking into a temporary directory", e);
            }
        }
        Path dir = Files.createTempDirectory("vqz-" + id);
        dir.toFile().deleteOnExit();
        unpackInto(platform, index, dir);
        for (String library : LIBRARIES) {
            // registered after the directory, so deleted before it
            dir.resolve(fileName(library)).toFile().deleteOnExit();
        }
        return dir;
    }

    private static Path unpackInto(String platform, Properties index, Path dir) throws IOException {
        for (String library : LIBRARIES) {
            String file = fileName(library);
            String recorded = index.getProperty(platform + "/" + file);
            if (recorded == null) {
                continue;
            }
            String[] sizeAndSha = recorded.split(" ");
            long size = Long.parseLong(sizeAndSha[0]);
            Path target = dir.resolve(file);
            if (Files.isRegularFile(target) && Files.size(target) == size) {
                continue;
            }
            InputStream packed = OnnxNatives.class.getResourceAsStream(PACKED_FOLDER + platform + "/" + file + ".xz");
            if (packed == null) {
                throw new IOException("the jar's index names " + platform + "/" + file + " but holds no copy");
            }
            try (InputStream in = new XZInputStream(new BufferedInputStream(packed, 1 << 16))) {
                install(in, target, size, sizeAndSha[1]);
            }
        }
        return dir;
    }

    /**
     * Writes {@code in} to {@code target} through a temporary file and an atomic rename, so racing JVMs agree and
     * an interrupted copy is never taken for a library; checks the size and, when given, the SHA-256.
     */
    private static void install(InputStream in, Path target, long size, String sha256) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                in.transferTo(out);
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (Files.size(tmp) != size || (sha256 != null && !sha256.equals(got))) {
                throw new IOException("the copy of " + target.getFileName() + " is damaged (" + Files.size(tmp)
                        + " bytes, SHA-256 " + got + "; expected " + size + " bytes"
                        + (sha256 == null ? "" : ", " + sha256) + ")");
            }
            UserCache.moveIntoPlace(tmp, target);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The library's file name as ONNX Runtime's jar names it (macOS: {@code .dylib}, never {@code .jnilib}). */
    private static String fileName(String library) {
        return System.mapLibraryName(library).replace(".jnilib", ".dylib");
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
}
