package io.vqz.imageio;

import io.vqz.format.ColourLayout;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageTypeSpecifier;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VqzImageTypesTest {

    @Test
    void rawTypeFirstForEachLayout() {
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, VqzImageTypes.forLayout(ColourLayout.GREY, null).get(0).getBufferedImageType());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, VqzImageTypes.forLayout(ColourLayout.RGB, null).get(0).getBufferedImageType());
        assertEquals(BufferedImage.TYPE_4BYTE_ABGR, VqzImageTypes.forLayout(ColourLayout.RGB_ALPHA, null).get(0).getBufferedImageType());
        ImageTypeSpecifier greyAlpha = VqzImageTypes.forLayout(ColourLayout.GREY_ALPHA, null).get(0);
        assertEquals(2, greyAlpha.getNumBands());
        assertEquals(ColorSpace.TYPE_GRAY, greyAlpha.getColorModel().getColorSpace().getType());
        assertTrue(greyAlpha.getColorModel().hasAlpha());
    }

    @Test
    void withAProfileOnlyItsColourSpaceIsOffered() {
        ICC_ColorSpace adobe = new ICC_ColorSpace(VqzTestImages.adobeRgb());
        for (ColourLayout layout : new ColourLayout[] {ColourLayout.RGB, ColourLayout.RGB_ALPHA}) {
            List<ImageTypeSpecifier> types = VqzImageTypes.forLayout(layout, adobe);
            assertFalse(types.isEmpty());
            for (ImageTypeSpecifier type : types) {
                assertSame(adobe, type.getColorModel().getColorSpace());
                assertEquals(layout.bands(), type.getNumBands());
            }
        }
    }
}
