package io.vqz.format;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A model identifier: the SHA-256 of a model bundle file, which a {@code .vqz} header names its model by. One
 * type for what used to travel as byte arrays and hex strings: equal by content, printed as 64 lower-case hex
 * digits.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.3
 */
public final class ModelId {
    /** The length of an identifier in bytes, {@value}. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private ModelId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes the 32 bytes (copied)
     * @throws IllegalArgumentException if there are not 32
     */
    public static ModelId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a model id has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new ModelId(bytes.clone());
    }

    /**
     * @param hex 64 hex digits, either case
     * @throws IllegalArgumentException if it is not that
     */
    public static ModelId parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a model id is " + 2 * LENGTH + " hex digits: " + hex);
        }
        return new ModelId(HexFormat.of().parseHex(hex));
    }

    /** The 32 bytes (a new copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 64 lower-case hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The first 16 hex digits and an ellipsis, for messages and lists. */
    public String shortHex() {
        return hex().substring(0, 16) + "…";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelId m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
