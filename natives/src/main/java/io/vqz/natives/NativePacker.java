package io.vqz.natives;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.tukaani.xz.ARM64Options;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Build step: writes ONNX Runtime's native libraries, xz-compressed, as {@code io/vqz/natives/<platform>/<file>.xz}
 * under the directory given as the only argument, with {@code io/vqz/natives/index.properties} naming each one's
 * size and SHA-256 ({@code <platform>/<file>=<size> <sha-256>}). The codec's {@code OnnxNatives} reads that layout
 * back. macOS debug symbols ({@code *.dSYM}) are left out: nothing loads them.
 * <p>
 * xz at preset 6, after the branch-call-jump filter of the library's instruction set (x86 or ARM64: jump targets
 * made relative to absolute, so repeated calls look alike), stores the four platforms' libraries in about 23 MB
 * where the jar's deflate needs 39 MB (plain xz: 27 MB; preset 9 gains another 0.5 % for an eight times larger
 * dictionary to unpack). The output is reused while the index names the same ONNX Runtime jar (name and size) and
 * the same packing, so only a clean build pays the compression (about a minute on two cores).
 */
public final class NativePacker {
    static final String PREFIX = "ai/onnxruntime/native/";
    static final String TARGET = "io/vqz/natives/";
    static final String INDEX = "index.properties";
    private static final int PRESET = 6;
    /** Names the packing in the index, so output packed another way is never reused. */
    private static final String PACKING = "xz6+bcj";

    private NativePacker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: NativePacker OUTPUT_DIRECTORY");
        }
        Path jar = onnxRuntimeJar();
        Path out = Path.of(args[0]).resolve(TARGET);
        Path index = out.resolve(INDEX);
        String source = "# source " + jar.getFileName() + " " + Files.size(jar) + " " + PACKING;
        if (Files.isRegularFile(index) && Files.readAllLines(index, StandardCharsets.UTF_8).contains(source)) {
            System.out.println("NativePacker: " + out + " is up to date");
            return;
        }
        long start = System.nanoTime();
        TreeMap<String, String> lines = new TreeMap<>();
        try (JarFile in = new JarFile(jar.toFile())) {
            List<JarEntry> libraries = new ArrayList<>();
            for (JarEntry e : in.stream().toList()) {
                String name = e.getName();
                if (name.startsWith(PREFIX) && !e.isDirectory() && !name.contains(".dSYM/")) {
                    libraries.add(e);
                }
            }
            if (libraries.isEmpty()) {
                throw new IOException(jar + " holds no native libraries under " + PREFIX);
            }
            // largest first, one per core: the osx library alone is a third of the work
            libraries.sort((a, b) -> Long.compare(b.getSize(), a.getSize()));
            ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            try {
                List<Future<String>> done = new ArrayList<>();
                for (JarEntry e : libraries) {
                    done.add(pool.submit(() -> pack(in, e, out)));
                }
                for (int i = 0; i < libraries.size(); i++) {
                    lines.put(libraries.get(i).getName().substring(PREFIX.length()), done.get(i).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        StringBuilder text = new StringBuilder(source).append('\n');
        lines.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(index, text, StandardCharsets.UTF_8);
        System.out.printf("NativePacker: %d libraries packed into %s in %.1f s%n", lines.size(), out,
                (System.nanoTime() - start) / 1e9);
    }

    /** Compresses one entry to {@code out/<platform>/<file>.xz}; returns "size sha-256" of the original. */
    private static String pack(JarFile jar, JarEntry entry, Path out) {
        Path target = out.resolve(entry.getName().substring(PREFIX.length()) + ".xz");
        try {
            Files.createDirectories(target.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = jar.getInputStream(entry);
                 OutputStream xz = new XZOutputStream(new BufferedOutputStream(Files.newOutputStream(target)),
                         filters(entry.getName()))) {
                for (int n; (n = in.read(buffer)) > 0; size += n) {
                    sha.update(buffer, 0, n);
                    xz.write(buffer, 0, n);
                }
            }
            return size + " " + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The filter chain for a library at {@code ai/onnxruntime/native/<os>-<arch>/...}; XZInputStream undoes any. */
    static FilterOptions[] filters(String entry) throws IOException {
        String platform = entry.substring(PREFIX.length()).split("/", 2)[0];
        LZMA2Options lzma = new LZMA2Options(PRESET);
        if (platform.endsWith("-x64") || platform.endsWith("-x86_64")) {
            return new FilterOptions[] {new X86Options(), lzma};
        }
        if (platform.endsWith("-aarch64")) {
            return new FilterOptions[] {new ARM64Options(), lzma};
        }
        return new FilterOptions[] {lzma};
    }

    private static Path onnxRuntimeJar() throws ClassNotFoundException, URISyntaxException {
        Class<?> ort = Class.forName("ai.onnxruntime.OrtEnvironment", false, NativePacker.class.getClassLoader());
        return Path.of(ort.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
