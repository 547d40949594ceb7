package io.vqz.imageio;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;

import static org.junit.jupiter.api.Assertions.*;

class VqzImageWriterSpiTest {

    private final VqzImageWriterSpi spi = new VqzImageWriterSpi();

    @Test
    void acceptsEveryStandardBufferedImageType() {
        for (int type = BufferedImage.TYPE_INT_RGB; type <= BufferedImage.TYPE_BYTE_INDEXED; type++) {
            assertTrue(spi.canEncodeImage(ImageTypeSpecifier.createFromBufferedImageType(type)), "type " + type);
        }
    }

    @Test
    void acceptsCmykAndFloatImages() {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ColorModel cm = new ComponentColorModel(cmyk, false, false, ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        assertTrue(spi.canEncodeImage(new ImageTypeSpecifier(cm, cm.createCompatibleSampleModel(1, 1))));
        ColorModel floats = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                ColorModel.TRANSLUCENT, DataBuffer.TYPE_FLOAT);
        assertTrue(spi.canEncodeImage(new ImageTypeSpecifier(floats, floats.createCompatibleSampleModel(1, 1))));
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertFalse(spi.canEncodeImage((ImageTypeSpecifier) null));
        assertNotNull(VqzPixelConverter.refusal(null,
                new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, 1, 1, 5, 5, new int[] {0, 1, 2, 3, 4})));
        assertNotNull(VqzPixelConverter.refusal(null,
                new PixelInterleavedSampleModel(DataBuffer.TYPE_FLOAT, 1, 1, 3, 3, new int[] {0, 1, 2})));
        assertNull(VqzPixelConverter.refusal(null,
                new PixelInterleavedSampleModel(DataBuffer.TYPE_USHORT, 1, 1, 2, 2, new int[] {0, 1})));
    }

    @Test
    void isFoundByImageIo() {
        assertTrue(ImageIO.getImageWritersByFormatName("VQZ").hasNext());
        assertTrue(ImageIO.getImageWritersByMIMEType("image/x-vqz").hasNext());
        assertTrue(spi.createWriterInstance(null) instanceof VqzImageWriter);
        assertTrue(spi.getDescription(null).contains("VQZ"));
    }
}
