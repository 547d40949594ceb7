package io.vqz.codec;

/**
 * What {@link VqzEncoder#encode} produced. Immutable.
 *
 * @param bytes     bytes written: the whole {@code .vqz} file, container overhead, metadata and alpha included
 * @param width     image width in pixels
 * @param height    image height in pixels
 * @param idealBits the code grids' ideal code length under the priors' integer CDFs, in bits (range coder overhead
 *                  excluded)
 * @param millis    wall-clock time of the encode, in milliseconds
 * @param quality   the quality used
 * @since 0.1
 */
public record EncodeResult(long bytes, int width, int height, double idealBits, long millis, int quality) {

    /** {@code 8 · bytes() / (width · height)}. */
    public double bitsPerPixel() {
        return 8.0 * bytes / ((double) width * height);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d bytes, %.4f bpp (ideal %.0f bits), %d ms, quality %d",
                bytes, bitsPerPixel(), idealBits, millis, quality);
    }
}
