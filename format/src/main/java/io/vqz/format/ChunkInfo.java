package io.vqz.format;

import java.util.Objects;

/**
 * Where one chunk lies in a {@code .vqz} file, as listed by {@link VqzContainer#chunks()} (for {@code vqz info}).
 *
 * @param type   the four-letter chunk type, e.g. {@code "VQHD"}
 * @param offset byte offset of the chunk's length field from the first byte of the signature
 * @param length the number of data bytes (excluding the 12 bytes of length, type and CRC)
 * @since 0.1
 */
public record ChunkInfo(String type, long offset, long length) {

    /** Validates the fields. */
    public ChunkInfo {
        Objects.requireNonNull(type, "type");
        if (type.length() != 4) {
            throw new IllegalArgumentException("chunk type must have 4 characters: " + type);
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
    }

    /** Whether a reader that does not know this type must reject the file (first letter upper case). */
    public boolean critical() {
        return Character.isUpperCase(type.charAt(0));
    }

    /** The total bytes this chunk occupies in the file: {@code length + 12}. */
    public long totalLength() {
        return length + 12;
    }
}
