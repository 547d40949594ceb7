package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One codec under test: codes a source image at a quality (0..100 on the codec's own scale) and returns
 * the real compressed size, the decoded image and the times. Implementations are used from one thread.
 *
 * @since 0.1
 */
interface BenchCodec {
    /** Short name used on the command line, in the JSON and in the plots. */
    String name();

    /** A human description of the codec and its settings, including its version. */
    String description();

    /** {@code null} when the codec can run here, otherwise why it is skipped. */
    String unavailableReason();

    /** Codes {@code source} at {@code quality}; {@code work} is a private scratch directory. */
    Coded code(Source source, int quality, Path work) throws IOException;

    /** Runs untimed codings so that timed ones see warm JIT-compiled code and loaded models. */
    default void warmUp(Source source, int quality, Path work) throws IOException {
        code(source, quality, work);
    }

    /** A source image: its file name, pixels, and an 8-bit RGB PNG copy for external tools. */
    record Source(String name, BufferedImage image, RgbPixels pixels, Path png) {
        long pixelCount() {
            return (long) pixels.width() * pixels.height();
        }
    }

    /**
     * The outcome of one coding. {@code payloadBits} and {@code idealBits} are set only by codecs that
     * know their entropy coder's ideal code length (VQZ), otherwise {@code null}.
     */
    record Coded(long bytes, long encodeNanos, long decodeNanos, BufferedImage decoded,
                 Double payloadBits, Double idealBits) {
        Coded(long bytes, long encodeNanos, long decodeNanos, BufferedImage decoded) {
            this(bytes, encodeNanos, decodeNanos, decoded, null, null);
        }
    }
}
