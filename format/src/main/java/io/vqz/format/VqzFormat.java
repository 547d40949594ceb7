package io.vqz.format;

/**
 * Constants that identify the {@code .vqz} container: its signature, version, MIME type and file suffix.
 * <p>
 * The 8-byte signature {@code 8F 56 51 5A 0D 0A 1A 0A} works like PNG's: the high-bit first byte catches
 * 7-bit channels, {@code "VQZ"} names the format, CR LF and LF catch line-ending conversion and the
 * {@code 1A} (Ctrl-Z) stops a {@code type} command under DOS. See {@code docs/FORMAT.md}.
 * <p>
 * Thread-safe: constants and a pure function only.
 *
 * @since 0.1
 */
public final class VqzFormat {

    /** The 8 signature bytes as one big-endian {@code long}: {@code 8F 56 51 5A 0D 0A 1A 0A}. */
    public static final long MAGIC = 0x8F56515A0D0A1A0AL;

    /** The number of signature bytes, {@value}. */
    public static final int MAGIC_LENGTH = 8;

    /** The newest container version this library reads and writes, {@value} (since 0.8; 0.3–0.7: 3). */
    public static final int VERSION = 4;

    /**
     * The oldest container version this library reads (and writes, for version 1 models), {@value}.
     *
     * @since 0.3
     */
    public static final int MIN_VERSION = 1;

    /** The MIME type, {@value} (unregistered, hence the {@code x-} prefix). */
    public static final String MIME_TYPE = "image/x-vqz";

    /** The file name suffix, without the dot, {@value}. */
    public static final String SUFFIX = "vqz";

    private VqzFormat() {
    }

    /** A new copy of the 8 signature bytes. */
    public static byte[] magicBytes() {
        byte[] bytes = new byte[MAGIC_LENGTH];
        for (int i = 0; i < MAGIC_LENGTH; i++) {
            bytes[i] = (byte) (MAGIC >>> (8 * (MAGIC_LENGTH - 1 - i)));
        }
        return bytes;
    }

    /**
     * Whether the first {@code length} bytes of {@code signature} start a {@code .vqz} file, for format
     * detection (for example an ImageIO reader's {@code canDecodeInput}).
     *
     * @param signature the first bytes of the input; may be {@code null}
     * @param length    how many of them are valid
     * @return {@code true} only if at least 8 bytes are given and they equal the signature
     */
    public static boolean matches(byte[] signature, int length) {
        if (signature == null || length < MAGIC_LENGTH || signature.length < MAGIC_LENGTH) {
            return false;
        }
        for (int i = 0; i < MAGIC_LENGTH; i++) {
            if (signature[i] != (byte) (MAGIC >>> (8 * (MAGIC_LENGTH - 1 - i)))) {
                return false;
            }
        }
        return true;
    }
}
