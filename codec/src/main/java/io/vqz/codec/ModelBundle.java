package io.vqz.codec;

import io.vqz.entropy.PixelCnnPrior;
import io.vqz.entropy.PriorWeights;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A model bundle ({@code *.vqzm}): encoder, decoder and prior of one trained model, identified by the SHA-256
 * of the bundle file. The layout is described in {@code docs/DESIGN.md}.
 * <p>
 * Thread-safe. The networks are loaded lazily, once per bundle, on first use, and then shared by every thread;
 * they stay loaded for the life of the bundle. The default bundle ships in the codec jar as the resource
 * {@value #DEFAULT_RESOURCE}.
 *
 * @since 0.1
 */
public final class ModelBundle {
    /** The class-path resource of the default bundle. */
    public static final String DEFAULT_RESOURCE = "/io/vqz/codec/default.vqzm";

    /** Largest bundle accepted, so a stray file cannot exhaust memory. */
    static final long MAX_BUNDLE_BYTES = 512L << 20;

    private static final Set<String> REQUIRED = Set.of("manifest.json", "encoder.onnx", "decoder.onnx",
            "prior.bin", "codebook.bin");

    private final byte[] id;
    private final Manifest manifest;
    private final Map<String, byte[]> entries;
    private final String source;

    private final Object lock = new Object();
    private volatile OnnxNet encoder;
    private volatile OnnxNet decoder;
    private volatile Codebook codebook;
    private volatile PixelCnnPrior prior;

    private ModelBundle(byte[] id, Map<String, byte[]> entries, String source) throws IOException {
        this.id = id;
        this.entries = entries;
        this.source = source;
        for (String name : REQUIRED) {
            if (!entries.containsKey(name)) {
                throw new IOException("model bundle " + source + " lacks the entry " + name);
            }
        }
        this.manifest = Manifest.parse(entries.get("manifest.json"));
    }

    /**
     * The default bundle shipped in the codec jar.
     *
     * @throws UncheckedIOException if the resource is missing or unreadable (a broken installation)
     */
    public static ModelBundle defaultBundle() {
        return DefaultHolder.get();
    }

    /** Reads a bundle file. */
    public static ModelBundle load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BUNDLE_BYTES) {
            throw new IOException("model bundle " + file + " is larger than " + MAX_BUNDLE_BYTES + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a bundle from a stream (read to its end, not closed). */
    public static ModelBundle load(InputStream in) throws IOException {
        return read(in, "(stream)");
    }

    private static ModelBundle read(InputStream raw, String source) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DigestInputStream in = new DigestInputStream(raw, sha);
        Map<String, byte[]> entries = new HashMap<>();
        long total = 0;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                total += Math.max(0, e.getSize());
                if (total > MAX_BUNDLE_BYTES) {
                    throw new IOException("model bundle " + source + " is larger than " + MAX_BUNDLE_BYTES + " bytes");
                }
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                entries.put(name, tar.readAllBytes());
            }
            // The identifier covers the whole file, including tar padding after the last entry.
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IllegalArgumentException e) {
            throw new IOException("model bundle " + source + " is not a valid tar file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new IOException("model bundle " + source + " is empty or not a tar file");
        }
        return new ModelBundle(sha.digest(), entries, source);
    }

    /** The model's name from its manifest, e.g. {@code "vqz-k512"}. */
    public String name() {
        return manifest.name;
    }

    /** The model's version string from its manifest (may be empty). */
    public String version() {
        return manifest.version;
    }

    /** The 32-byte model identifier (SHA-256 of the bundle file), as written into {@code .vqz} headers. */
    public byte[] id() {
        return id.clone();
    }

    /** The identifier as 64 lower-case hex digits. */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /** Pixels per code position in each direction (4). */
    public int downsampling() {
        return manifest.downsampling;
    }

    /** The number of codewords K. */
    public int codebookSize() {
        return manifest.codebookSize;
    }

    /** The manifest as JSON text (training details and metrics included). */
    public String manifestJson() {
        return manifest.json.toString();
    }

    /** Where this bundle was read from (a path, a resource name or "(stream)"). */
    public String source() {
        return source;
    }

    boolean sameId(byte[] other) {
        return Arrays.equals(id, other);
    }

    Manifest manifest() {
        return manifest;
    }

    /** Raw bytes of an entry, or null. */
    byte[] entry(String name) {
        return entries.get(name);
    }

    OnnxNet encoderNet() throws IOException {
        OnnxNet n = encoder;
        if (n == null) {
            synchronized (lock) {
                if (encoder == null) {
                    encoder = OnnxNet.load(name() + "/encoder.onnx", entries.get("encoder.onnx"));
                }
                n = encoder;
            }
        }
        return n;
    }

    OnnxNet decoderNet() throws IOException {
        OnnxNet n = decoder;
        if (n == null) {
            synchronized (lock) {
                if (decoder == null) {
                    decoder = OnnxNet.load(name() + "/decoder.onnx", entries.get("decoder.onnx"));
                }
                n = decoder;
            }
        }
        return n;
    }

    Codebook codebook() throws IOException {
        Codebook c = codebook;
        if (c == null) {
            synchronized (lock) {
                if (codebook == null) {
                    codebook = Codebook.parse(entries.get("codebook.bin"), manifest.codebookSize,
                            manifest.codeDimension);
                }
                c = codebook;
            }
        }
        return c;
    }

    /** The Java prior (bit-exact on every machine), loaded on first use. */
    PixelCnnPrior prior() throws IOException {
        PixelCnnPrior p = prior;
        if (p == null) {
            synchronized (lock) {
                if (prior == null) {
                    PriorWeights w = PriorWeights.read(new java.io.ByteArrayInputStream(entries.get("prior.bin")));
                    if (w.codebookSize() != manifest.codebookSize) {
                        throw new IOException("prior.bin has K=" + w.codebookSize() + " but the manifest says K="
                                + manifest.codebookSize);
                    }
                    prior = new PixelCnnPrior(w);
                }
                p = prior;
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return "ModelBundle[" + name() + " " + idHex().substring(0, 16) + "… from " + source + "]";
    }

    private static final class DefaultHolder {
        private static volatile ModelBundle instance;

        static ModelBundle get() {
            ModelBundle b = instance;
            if (b == null) {
                synchronized (DefaultHolder.class) {
                    if (instance == null) {
                        try (InputStream in = ModelBundle.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                            if (in == null) {
                                throw new UncheckedIOException(new IOException(
                                        "the default model " + DEFAULT_RESOURCE + " is missing from the class path"));
                            }
                            instance = read(in, "resource " + DEFAULT_RESOURCE);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    b = instance;
                }
            }
            return b;
        }
    }
}
