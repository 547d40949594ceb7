package io.vqz.imageio;

import com.twelvemonkeys.imageio.util.ImageTypeSpecifiers;
import io.vqz.format.ColourLayout;

import javax.imageio.ImageTypeSpecifier;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The destination types the reader offers for a colour layout, the raw (default) type first. With an embedded
 * ICC profile only types in the profile's colour space are offered, so the samples are never reinterpreted.
 * Thread-safe (stateless).
 */
final class VqzImageTypes {

    private VqzImageTypes() {
    }

    static ImageTypeSpecifier greyAlpha(ColorSpace grey) {
        return ImageTypeSpecifiers.createInterleaved(grey, new int[] {0, 1}, DataBuffer.TYPE_BYTE, true, false);
    }

    /**
     * @param layout     the file's colour layout
     * @param colorSpace the embedded profile's colour space, or {@code null} for sRGB / plain grey
     */
    static List<ImageTypeSpecifier> forLayout(ColourLayout layout, ColorSpace colorSpace) {
        List<ImageTypeSpecifier> types = new ArrayList<>();
        switch (layout) {
            case GREY:
                types.add(colorSpace == null
                        ? ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY)
                        : ImageTypeSpecifiers.createInterleaved(colorSpace, new int[] {0}, DataBuffer.TYPE_BYTE, false, false));
                break;
            case GREY_ALPHA:
                types.add(greyAlpha(colorSpace == null ? ColorSpace.getInstance(ColorSpace.CS_GRAY) : colorSpace));
                break;
            case RGB:
                if (colorSpace == null) {
                    types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR));
                    types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB));
                    types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_BGR));
                }
                else {
                    types.add(ImageTypeSpecifiers.createInterleaved(colorSpace, new int[] {2, 1, 0}, DataBuffer.TYPE_BYTE, false, false));
                    types.add(ImageTypeSpecifiers.createPacked(colorSpace, 0xff0000, 0xff00, 0xff, 0, DataBuffer.TYPE_INT, false));
                }
                break;
            default:
                if (colorSpace == null) {
                    types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_4BYTE_ABGR));
                    types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_ARGB));
                }
                else {
                    types.add(ImageTypeSpecifiers.createInterleaved(colorSpace, new int[] {3, 2, 1, 0}, DataBuffer.TYPE_BYTE, true, false));
                    types.add(ImageTypeSpecifiers.createPacked(colorSpace, 0xff0000, 0xff00, 0xff, 0xff000000, DataBuffer.TYPE_INT, false));
                }
                break;
        }
        return Collections.unmodifiableList(types);
    }
}
