package io.vqz.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An earlier shipped bundle stored as a delta against another ({@code *.vqzd}, written by
 * {@code training/vqz_delta.py}): bundles that share networks cost the jar kilobytes, not megabytes, and the
 * earlier one is rebuilt byte for byte, so its model id, the SHA-256 of the bundle, is unchanged. Tar members start
 * on 512-byte blocks, so the delta is a list of runs of the base's blocks and literal blocks (layout in
 * {@code vqz_delta.py}). Stateless.
 */
final class BundleDelta {
    static final String SUFFIX = ".vqzd";
    private static final int BLOCK = 512;
    private static final byte[] MAGIC = "VQZDELTA".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private BundleDelta() {
    }

    /**
     * Rebuilds the target bundle.
     *
     * @param base  the base bundle's bytes
     * @param delta the delta, read to its end
     * @return the target bundle's bytes, checked against the SHA-256 the delta records
     * @throws IOException if the delta is not one of this base, is damaged, or rebuilds other bytes
     */
    static byte[] apply(byte[] base, InputStream delta) throws IOException {
        DataInputStream in = new DataInputStream(delta);
        byte[] magic = new byte[MAGIC.length];
        byte[] baseId = new byte[32];
        byte[] targetId = new byte[32];
        try {
            in.readFully(magic);
            in.readFully(baseId);
            in.readFully(targetId);
            if (!Arrays.equals(magic, MAGIC) || !Arrays.equals(baseId, sha256(base))) {
                throw new IOException("not a delta against this base bundle");
            }
            long length = in.readLong();
            if (length < 0 || length % BLOCK != 0 || length > ModelBundle.MAX_BUNDLE_BYTES) {
                throw new IOException("bad target length " + length);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
            while (out.size() < length) {
                long n = in.readInt() & 0xFFFFFFFFL;
                int from = in.readInt();
                if (n == 0 || out.size() + n * BLOCK > length
                        || (from >= 0 && (long) from * BLOCK + n * BLOCK > base.length)) {
                    throw new IOException("bad run of " + n + " blocks from " + from);
                }
                if (from < 0) {
                    out.write(in.readNBytes((int) (n * BLOCK)));
                    if (out.size() % BLOCK != 0) {
                        throw new EOFException("delta truncated");
                    }
                } else {
                    out.write(base, from * BLOCK, (int) (n * BLOCK));
                }
            }
            byte[] target = out.toByteArray();
            if (!Arrays.equals(targetId, sha256(target))) {
                throw new IOException("the rebuilt bundle's SHA-256 differs from the one the delta records");
            }
            return target;
        } catch (EOFException e) {
            throw new IOException("delta truncated", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
