package io.vqz.codec;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.util.Objects;

/**
 * Scores how probable an image is under a model: the prior's ideal code length of the image's nearest-codeword
 * grid (quality 100), in bits per pixel, using the same integer CDFs and tiling as the coder. Lower means the
 * image looks more like what the model was trained on. Range-coder overhead and container bytes are excluded.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VqzScorer {
    private final ModelBundle model;
    private final int threads;

    private VqzScorer(ModelBundle model, int threads) {
        this.model = model;
        this.threads = threads;
    }

    /** A scorer under the default model. */
    public static VqzScorer create() {
        return create(ModelBundle.defaultBundle());
    }

    /** A scorer under {@code model}, one thread per processor. */
    public static VqzScorer create(ModelBundle model) {
        return create(model, Workers.defaultThreads());
    }

    /** A scorer under {@code model} using {@code threads} threads for the prior. */
    public static VqzScorer create(ModelBundle model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        return new VqzScorer(Objects.requireNonNull(model, "model"), threads);
    }

    /** The model. */
    public ModelBundle model() {
        return model;
    }

    /**
     * The ideal code length of the image under the model's prior, in bits per pixel.
     *
     * @throws IOException if the image is larger than 65535 pixels in a direction or the model fails
     */
    public double bitsPerPixel(RenderedImage image) throws IOException {
        return idealBits(image) / ((double) image.getWidth() * image.getHeight());
    }

    /** The ideal code length of the image's code grid, in bits. */
    public double idealBits(RenderedImage image) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        SourceImage.checkSize(w, h);
        return EncodeEngine.run(model, new SourceImage(image),
                Quality.operatingPoint(Quality.BEST, model.layers()), threads, false).idealBits;
    }
}
