package io.vqz.codec;

/**
 * Told when a progressive decode's output holds the picture of one more code layer ({@link
 * DecodeOptions.Builder#passes}): the image the decode returns at the end, or the {@link SampleSink}, which then
 * receives every sample once per pass. Called on the thread that called {@link VqzDecoder#decode}.
 *
 * @since 0.8
 */
@FunctionalInterface
public interface PassListener {
    /**
     * @param pass   the pass just completed, 1 .. {@code passes}; pass p of a decode that goes layer by layer shows
     *               its first p layers, the last one all it decodes
     * @param passes the passes of this decode: one per layer decoded, or 1 where a decode cannot go layer by
     *               layer (a single-layer file, a reduced preview)
     */
    void passComplete(int pass, int passes);
}
