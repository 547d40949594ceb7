package io.vqz.codec;

import io.vqz.format.VqzHeader;
import io.vqz.format.VqzMetadata;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * The result of {@link VqzDecoder#decode(io.vqz.format.VqzContainer, DecodeOptions)}: the pixels and the
 * file's metadata. Immutable apart from the image, which belongs to the caller.
 *
 * @param image    the decoded pixels: {@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}, {@code TYPE_BYTE_GRAY}, or 8-bit
 *                 grey with alpha, following the file's colour layout; the size of the region divided by the scale
 *                 (rounded up). Null when the samples went to a {@link DecodeOptions.Builder#sink sink}
 * @param metadata the ICC profile, EXIF and XMP stored in the file ({@link VqzMetadata#EMPTY} when none)
 * @param header   the file's header
 * @param region   the decoded region in pixels of the full image (copied in and out)
 * @param scale    the reduction factor applied (1, 2, 4 or 8)
 * @param layers   the code layers decoded (since 0.8): all the file holds, or fewer when {@link
 *                 DecodeOptions.Builder#layers} asked for fewer
 * @param declaredLayers the layers the file's header declared (since 0.8): more than {@code layers} when the
 *                 file was cut short ({@link io.vqz.format.VqzReader#readAvailable}) or fewer were asked for
 * @since 0.1
 */
public record DecodedImage(BufferedImage image, VqzMetadata metadata, VqzHeader header, Rectangle region,
                           int scale, int layers, int declaredLayers) {

    /** Copies the region. */
    public DecodedImage {
        region = new Rectangle(region);
    }

    /** As before 0.8: every layer of the header decoded. */
    public DecodedImage(BufferedImage image, VqzMetadata metadata, VqzHeader header, Rectangle region, int scale) {
        this(image, metadata, header, region, scale, header.layers(), header.layers());
    }

    /** The decoded region in pixels of the full image (a new copy). */
    @Override
    public Rectangle region() {
        return new Rectangle(region);
    }
}
