package io.vqz.codec;

/**
 * What {@link VqzEncoder#encode} produced. Immutable.
 *
 * @since 0.1
 */
public final class EncodeResult {
    private final long bytes;
    private final int width;
    private final int height;
    private final double idealBits;
    private final long millis;
    private final int quality;

    EncodeResult(long bytes, int width, int height, double idealBits, long millis, int quality) {
        this.bytes = bytes;
        this.width = width;
        this.height = height;
        this.idealBits = idealBits;
        this.millis = millis;
        this.quality = quality;
    }

    /** Bytes written: the whole {@code .vqz} file, container overhead, metadata and alpha included. */
    public long bytes() {
        return bytes;
    }

    /** {@code 8 · bytes() / (width · height)}. */
    public double bitsPerPixel() {
        return 8.0 * bytes / ((double) width * height);
    }

    /** The code grid's ideal code length under the prior's integer CDFs, in bits (range coder overhead excluded). */
    public double idealBits() {
        return idealBits;
    }

    /** Wall-clock time of the encode, in milliseconds. */
    public long millis() {
        return millis;
    }

    /** Image width in pixels. */
    public int width() {
        return width;
    }

    /** Image height in pixels. */
    public int height() {
        return height;
    }

    /** The quality used. */
    public int quality() {
        return quality;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d bytes, %.4f bpp (ideal %.0f bits), %d ms, quality %d",
                bytes, bitsPerPixel(), idealBits, millis, quality);
    }
}
