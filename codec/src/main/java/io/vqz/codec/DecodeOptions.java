package io.vqz.codec;

import java.awt.Rectangle;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Options of one decode: a region, a preview scale, a progress listener and an abort check. Immutable.
 * <p>
 * A region decodes only the code tiles it needs (those under the decoder network blocks that cover it plus
 * the decoder's receptive field) and equals the matching part of a full decode exactly. A scale of 2, 4 or 8
 * runs the decoder network at full resolution and reduces by area averaging as each block arrives (each
 * output pixel is the rounded mean of the up to s×s pixels it covers, starting at the region's top-left
 * corner), so only the preview is ever held in memory; the output is {@code ceil(w/s) × ceil(h/s)}.
 * <p>
 * A file of a layered model (container version 2) may be decoded with fewer layers than it holds: the result
 * equals exactly the decode of the file trimmed to that many layers ({@code vqz trim}).
 *
 * @since 0.1
 */
public final class DecodeOptions {
    /** Full image, full size, no listener. */
    public static final DecodeOptions DEFAULT = builder().build();

    private final Rectangle region;
    private final int scale;
    private final DoubleConsumer progress;
    private final BooleanSupplier abort;
    private final int layers;
    private final SampleSink sink;
    private final PassListener passes;

    private DecodeOptions(Builder b) {
        this.passes = b.passes;
        this.layers = b.layers;
        this.sink = b.sink;
        this.region = b.region == null ? null : new Rectangle(b.region);
        this.scale = b.scale;
        this.progress = b.progress;
        this.abort = b.abort;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The region in pixels, or null for the whole image. */
    public Rectangle region() {
        return region == null ? null : new Rectangle(region);
    }

    /** The reduction factor: 1, 2, 4 or 8. */
    public int scale() {
        return scale;
    }

    /** The progress listener (receives 0..1, non-decreasing, on the calling thread), or null. */
    public DoubleConsumer progress() {
        return progress;
    }

    /** The abort check (polled on the calling thread between tiles and while it waits for them), or null. */
    public BooleanSupplier abort() {
        return abort;
    }

    /**
     * How many code layers to decode, at most: 0 (the default) for all the file holds.
     *
     * @since 0.3
     */
    public int layers() {
        return layers;
    }

    /**
     * Where the samples go instead of an image of the decoder's own, or null.
     *
     * @since 0.3
     */
    public SampleSink sink() {
        return sink;
    }

    /** Builds {@link DecodeOptions}. Not thread-safe. */
    /** The listener of a progressive decode's passes, or null for a plain decode. @since 0.8 */
    public PassListener passes() {
        return passes;
    }

    public static final class Builder {
        private Rectangle region;
        private int scale = 1;
        private DoubleConsumer progress;
        private BooleanSupplier abort;
        private int layers;
        private SampleSink sink;
        private PassListener passes;

        private Builder() {
        }

        /**
         * Decodes into {@code sink} instead of an image: {@link DecodedImage#image()} is then null and the decoder's
         * memory need ({@link VqzDecoder#memoryNeeded}) leaves the image out. Full-size decodes only (scale 1).
         *
         * @since 0.3
         */
        public Builder sink(SampleSink sink) {
            this.sink = sink;
            return this;
        }

        /**
         * Decodes only the first {@code layers} code layers (fewer if the file holds fewer); 0, the default, decodes
         * all of them.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.3
         */
        public Builder layers(int layers) {
            if (layers < 0) {
                throw new IllegalArgumentException("layers must be 0 (all) or more: " + layers);
            }
            this.layers = layers;
            return this;
        }

        /** The region to decode, in pixels; it must lie inside the image (checked at decode). Null: all. */
        public Builder region(Rectangle region) {
            if (region != null && (region.width <= 0 || region.height <= 0)) {
                throw new IllegalArgumentException("empty region: " + region);
            }
            this.region = region == null ? null : new Rectangle(region);
            return this;
        }

        /** Preview reduction: 1 (default), 2, 4 or 8. */
        public Builder scale(int scale) {
            if (scale != 1 && scale != 2 && scale != 4 && scale != 8) {
                throw new IllegalArgumentException("scale must be 1, 2, 4 or 8: " + scale);
            }
            this.scale = scale;
            return this;
        }

        /** Called with the fraction done, 0..1, non-decreasing, on the thread that called decode only. */
        public Builder progress(DoubleConsumer progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Polled on the calling thread, between tiles and every 20 ms while it waits; when it returns true the decode stops with
         * {@link java.io.InterruptedIOException}.
         */
        public Builder abort(BooleanSupplier abort) {
            this.abort = abort;
            return this;
        }

        /**
         * A progressive decode: the output shows the base layer first and then each refinement layer in turn,
         * {@code listener} told after each. Layer by layer over all tiles; the passes before the last are drawn
         * from the summed codewords by a linear map fitted to the decoder network on a crop of the file (a few
         * milliseconds each), the last by the network as a plain decode does, with the same pixels. A decode
         * without a listener costs no more than before.
         *
         * @param listener told after each pass; null for a plain decode
         * @since 0.8
         */
        public Builder passes(PassListener listener) {
            this.passes = listener;
            return this;
        }

        /** The options. */
        public DecodeOptions build() {
            if (sink != null && scale != 1) {
                throw new IllegalArgumentException("a sample sink takes full-size decodes only, not 1/" + scale);
            }
            return new DecodeOptions(this);
        }
    }

    @Override
    public String toString() {
        return "DecodeOptions[region=" + region + ", scale=" + scale + (layers == 0 ? "" : ", layers=" + layers)
                + "]";
    }

    static DecodeOptions orDefault(DecodeOptions o) {
        return Objects.requireNonNullElse(o, DEFAULT);
    }
}
