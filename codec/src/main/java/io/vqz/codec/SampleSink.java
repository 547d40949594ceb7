package io.vqz.codec;

/**
 * Receives the decoded 8-bit samples of a full-size decode as they are produced, so that a caller with its own
 * destination (an ImageIO destination image, a tile cache, a stream) decodes straight into it instead of the
 * decoder building an image of its own: the image's memory is then the caller's alone.
 * <p>
 * Bands follow the file's colour layout: grey, or R, G, B, then alpha when the layout has it. Every sample of the
 * region is delivered exactly once, colour bands block by block in the order the decoder network's blocks
 * finish, alpha at the end. Called on the thread that called {@link VqzDecoder#decode}, never concurrently.
 *
 * @since 0.3
 */
@FunctionalInterface
public interface SampleSink {
    /**
     * @param band    the band, in the colour layout's order
     * @param x       region column of {@code samples[0]} (0 = the region's left edge)
     * @param y       region row
     * @param samples the samples, 0..255; only the first {@code count} are valid, and the array may be reused
     *                after the call returns
     * @param count   how many samples, left to right from {@code x}
     */
    void put(int band, int x, int y, int[] samples, int count);
}
