package io.vqz.codec;

import io.vqz.format.VqzHeader;
import io.vqz.format.VqzMetadata;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * The result of {@link VqzDecoder#decode(io.vqz.format.VqzContainer, DecodeOptions)}: the pixels and the
 * file's metadata. Immutable apart from the image, which belongs to the caller.
 *
 * @since 0.1
 */
public final class DecodedImage {
    private final BufferedImage image;
    private final VqzMetadata metadata;
    private final VqzHeader header;
    private final Rectangle region;
    private final int scale;

    DecodedImage(BufferedImage image, VqzMetadata metadata, VqzHeader header, Rectangle region, int scale) {
        this.image = image;
        this.metadata = metadata;
        this.header = header;
        this.region = region;
        this.scale = scale;
    }

    /**
     * The decoded pixels: {@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}, {@code TYPE_BYTE_GRAY}, or 8-bit grey
     * with alpha, following the file's colour layout; the size of the region divided by the scale (rounded up).
     * Null when the samples went to a {@link DecodeOptions.Builder#sink sink}.
     */
    public BufferedImage image() {
        return image;
    }

    /** The ICC profile, EXIF and XMP stored in the file ({@link VqzMetadata#EMPTY} when none). */
    public VqzMetadata metadata() {
        return metadata;
    }

    /** The file's header. */
    public VqzHeader header() {
        return header;
    }

    /** The decoded region in pixels of the full image. */
    public Rectangle region() {
        return new Rectangle(region);
    }

    /** The reduction factor applied (1, 2, 4 or 8). */
    public int scale() {
        return scale;
    }
}
