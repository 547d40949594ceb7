package io.vqz.codec;

import io.vqz.format.ColourLayout;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzMetadata;
import io.vqz.format.VqzWriter;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes images into {@code .vqz} files.
 * <p>
 * Any {@link RenderedImage} is accepted: RGB, BGR, ARGB (premultiplied or not), 8- and 16-bit grey, indexed,
 * CMYK or other colour spaces with an ICC profile, custom colour models. Colour follows the codec's one policy
 * (shared with the ImageIO writer): sRGB and RGB samples in another ICC profile (Adobe RGB, Display P3, ...) are
 * coded as they are, the profile stored as the file's ICC profile unless the metadata passed in has one; every
 * other space (CMYK, linear RGB, ...) is converted to sRGB. Grey images are coded as grey (their stored values)
 * and decode as grey. Alpha, unless every pixel is opaque, is stored losslessly in the container. The metadata
 * passed in (ICC, EXIF, XMP) is stored as is.
 * <p>
 * The image is padded to a multiple of the model's downsampling by edge replication; the true size is stored
 * and the decoder crops. The encoder network runs on overlapping blocks, so memory stays bounded (a
 * 50-megapixel image encodes in a 1 GiB heap besides the image itself). The whole file is computed before the
 * first byte is written, so a failure never leaves half a file in the stream.
 * <p>
 * {@link EncodeOptions} add a progress listener and an abort check, both called on the encoding thread
 * between encoder network blocks and between entropy-coded tiles.
 * <p>
 * Immutable and thread-safe: one encoder may serve many threads.
 *
 * @since 0.1
 */
public final class VqzEncoder {
    private final int quality;
    private final OperatingPoint point;
    private final ModelBundle model;
    private final int threads;
    private final int effort;
    private final VqzLimits limits;

    private VqzEncoder(Builder b) {
        this.limits = b.limits;
        this.effort = b.effort;
        this.quality = b.quality;
        this.point = b.point;
        this.model = b.model;
        this.threads = b.threads;
    }

    /** A builder: quality {@value Quality#DEFAULT}, the default model, one thread per processor. */
    public static Builder builder() {
        return new Builder();
    }

    /** The quality, 0..100. */
    public int quality() {
        return quality;
    }

    /** The effort level, {@value Effort#FASTEST}..{@value Effort#MAX} ({@link Effort}). @since 0.9 */
    public int effort() {
        return effort;
    }

    /**
     * The operating point an encode uses with the model: the one set on the builder, or the one the quality maps
     * to with the model's bands ({@link Quality#operatingPoint(int, java.util.List)}).
     *
     * @since 0.3
     */
    public OperatingPoint operatingPoint() {
        if (point != null) {
            return point;
        }
        return halfResolution()
                ? Quality.halfResolutionPoint(quality, ModelBundle.halfResolutionBundle().qualityBands())
                : Quality.operatingPoint(quality, chosen().qualityBands());
    }

    /**
     * The model an encode uses: the one set on the builder (the default bundle if none), except that the default
     * bundle's qualities below {@link Quality#HALF_RESOLUTION_BELOW} encode with its half-resolution form
     * ({@link ModelBundle#halfResolutionBundle()}) unless an operating point was set.
     */
    public ModelBundle model() {
        return halfResolution() ? ModelBundle.halfResolutionBundle() : chosen();
    }

    private ModelBundle chosen() {
        return model == null ? ModelBundle.defaultBundle() : model;
    }

    /** Whether the default model's quality scale sends this encode to its half-resolution form. */
    private boolean halfResolution() {
        return point == null && quality < Quality.HALF_RESOLUTION_BELOW
                && chosen().modelId().equals(ModelBundle.defaultBundle().modelId());
    }

    /**
     * The Java heap an encode of a {@code width} x {@code height} image takes besides the image itself, in bytes:
     * the latent grid, the codes and the file, an alpha plane, the encoder network's block and the tiles coded in
     * parallel. An encode reserves it ({@link VqzLimits#reserveMemory}) before it allocates; a caller that reads
     * the image first adds the image's own bytes and reserves the sum around reading and encoding, so a huge input
     * is refused before it is decoded.
     *
     * @since 0.8
     */
    public long memoryNeeded(int width, int height, boolean alpha) {
        ModelBundle bundle = model();
        int f = bundle.downsampling();
        long positions = (long) ((width + f - 1) / f) * ((height + f - 1) / f);
        int dim = bundle.manifest().codeDimension;
        int layers = bundle.layers();
        long tile = (long) EncodeEngine.TILE * EncodeEngine.TILE * (3L * Float.BYTES * dim + 8L * layers);
        return positions * (Float.BYTES * (long) dim + Integer.BYTES + 2L * layers)
                + (alpha ? (long) width * height : 0)
                + NetworkTiles.encoderBlockBytes(f, dim)
                + (Effort.refinements(effort) > 0 ? Refinement.blockBytes(f, dim) : 0)
                + Math.min(threads, Math.max(1, positions / ((long) EncodeEngine.TILE * EncodeEngine.TILE))) * tile;
    }

    /** The limits an encode's memory is reserved under. @since 0.8 */
    public VqzLimits limits() {
        return limits;
    }

    /** The number of threads an encode uses. */
    public int threads() {
        return threads;
    }

    /**
     * Encodes an image and writes the {@code .vqz} file to {@code out} (not closed).
     *
     * @param image    the image, 1×1 up to 65535×65535 pixels
     * @param metadata ICC/EXIF/XMP to store, or null
     * @param out      where the file goes
     * @throws IOException if the image is too large for the format, the model cannot be loaded or run, or
     *                     writing fails
     */
    public EncodeResult encode(RenderedImage image, VqzMetadata metadata, OutputStream out) throws IOException {
        return encode(image, metadata, out, EncodeOptions.DEFAULT);
    }

    /**
     * Encodes an image with a progress listener and an abort check, and writes the {@code .vqz} file to
     * {@code out} (not closed). Progress reaches 1.0 before the first byte is written; an abort leaves
     * {@code out} untouched.
     *
     * @param options progress and abort; null for {@link EncodeOptions#DEFAULT}
     * @throws InterruptedIOException if the abort check returned true (nothing was written)
     * @throws IOException            as {@link #encode(RenderedImage, VqzMetadata, OutputStream)}
     * @since 0.1
     */
    public EncodeResult encode(RenderedImage image, VqzMetadata metadata, OutputStream out, EncodeOptions options)
            throws IOException {
        Objects.requireNonNull(out, "out");
        long start = System.nanoTime();
        EncodeEngine[] engine = new EncodeEngine[1];
        VqzContainer container = encodeContainer(image, metadata, engine, EncodeOptions.orDefault(options));
        CountingStream counter = new CountingStream(out);
        VqzWriter.write(container, counter);
        counter.flush();
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new EncodeResult(counter.count, image.getWidth(), image.getHeight(), engine[0].idealBits, millis,
                quality);
    }

    /**
     * Encodes an image into a container without writing it (for callers that add chunks or write it later).
     *
     * @throws IOException as {@link #encode}
     */
    public VqzContainer encodeContainer(RenderedImage image, VqzMetadata metadata) throws IOException {
        return encodeContainer(image, metadata, EncodeOptions.DEFAULT);
    }

    /**
     * As {@link #encodeContainer(RenderedImage, VqzMetadata)} with a progress listener and an abort check.
     *
     * @param options progress and abort; null for {@link EncodeOptions#DEFAULT}
     * @throws InterruptedIOException if the abort check returned true
     * @since 0.1
     */
    public VqzContainer encodeContainer(RenderedImage image, VqzMetadata metadata, EncodeOptions options)
            throws IOException {
        return encodeContainer(image, metadata, new EncodeEngine[1], EncodeOptions.orDefault(options));
    }

    private VqzContainer encodeContainer(RenderedImage image, VqzMetadata metadata, EncodeEngine[] engineOut,
                                         EncodeOptions options) throws IOException {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        SourceImage.checkSize(w, h);
        try (VqzLimits.MemoryReservation memory = limits.reserveMemory("encoding the " + w + " x " + h + " image",
                memoryNeeded(w, h, image.getColorModel().hasAlpha()), SCALE_DOWN)) {
            return encodeContainer(image, metadata, engineOut, options, w, h);
        }
    }

    /** What else than more memory lets a huge image through, for messages. */
    static final String SCALE_DOWN = "scale the image down first";

    private VqzContainer encodeContainer(RenderedImage image, VqzMetadata metadata, EncodeEngine[] engineOut,
                                         EncodeOptions options, int w, int h) throws IOException {
        ModelBundle bundle = model();
        SourceImage src = new SourceImage(image);
        byte[] alpha = src.alphaPlane();
        if (alpha != null && allOpaque(alpha)) {
            alpha = null;
        }
        ColourLayout layout = src.layout(alpha != null);
        byte[] profile = src.profile();
        if (profile != null && (metadata == null || metadata.icc() == null)) {
            metadata = metadata == null ? VqzMetadata.of(profile, null, null)
                    : VqzMetadata.of(profile, metadata.exif(), metadata.xmp());
        }
        EncodeEngine engine = EncodeEngine.run(bundle, src, operatingPoint(), threads, false, options,
                effort);
        engineOut[0] = engine;
        VqzHeader header = VqzHeader.builder()
                .width(w)
                .height(h)
                .colourLayout(layout)
                .modelId(bundle.modelId().bytes())
                .modelName(bundle.name())
                .downsampling(bundle.downsampling())
                .tileWidth(engine.tiles.tileWidth())
                .tileHeight(engine.tiles.tileHeight())
                .codebookSize(bundle.codebookSize())
                .cdfPrecisionBits(io.vqz.entropy.Cdf.TOTAL_BITS)
                .quality(quality)
                .formatVersion(bundle.containerVersion())
                .layers(engine.layers)
                .build();
        VqzContainer.Builder file = VqzContainer.builder()
                .header(header)
                .metadata(metadata)
                .alpha(alpha);
        for (int l = 0; l < engine.layers; l++) {
            file.tilePayloads(l, Arrays.asList(engine.payloads[l]));
        }
        return file.build();
    }

    private static boolean allOpaque(byte[] alpha) {
        for (byte a : alpha) {
            if (a != (byte) 255) {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link VqzEncoder}. Not thread-safe. */
    public static final class Builder {
        private int quality = Quality.DEFAULT;
        private OperatingPoint point;
        private ModelBundle model;
        private int threads = Workers.defaultThreads();
        private int effort = Effort.DEFAULT;
        private VqzLimits limits = VqzLimits.fromSystemProperties();

        private Builder() {
        }

        /**
         * How much encode time to spend for fewer bytes at the same PSNR (at one quality setting, levels above the
         * default show it as a higher PSNR for a few per cent more bytes), like cwebp's {@code -m}: every level
         * writes files every decoder reads, and decodes take as long; what each level does is {@link Effort}'s.
         *
         * @param effort {@value Effort#FASTEST} (fastest) .. {@value Effort#MAX} (slowest, the best rate–distortion);
         *               default {@value Effort#DEFAULT}, the encoder of every release before it
         * @throws IllegalArgumentException if outside that range
         * @since 0.9
         */
        public Builder effort(int effort) {
            this.effort = Effort.check(effort);
            return this;
        }

        /**
         * @param quality 0 (smallest) .. 100 (best); default {@value Quality#DEFAULT}
         * @throws IllegalArgumentException if outside 0..100
         */
        public Builder quality(int quality) {
            this.quality = Quality.check(quality);
            return this;
        }

        /**
         * Sets the operating point directly instead of through the quality, which is then only recorded in the
         * header. For tuning the quality scale and for experiments.
         *
         * @param point layers and index choice; null: the quality's
         * @since 0.3
         */
        public Builder operatingPoint(OperatingPoint point) {
            this.point = point;
            return this;
        }

        /** @param model the model bundle; null: {@link ModelBundle#defaultBundle()} */
        public Builder model(ModelBundle model) {
            this.model = model;
            return this;
        }

        /**
         * @param threads threads for the entropy coding of tiles, at least 1 (the networks use ONNX Runtime's
         *                own threads); the output does not depend on it
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param limits the memory budget an encode reserves under (default: {@link VqzLimits#fromSystemProperties()})
         * @since 0.8
         */
        public Builder limits(VqzLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The encoder. */
        public VqzEncoder build() {
            return new VqzEncoder(this);
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
