package io.vqz.imageio;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import io.vqz.format.ColourLayout;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

import static org.junit.jupiter.api.Assertions.*;

class VqzPixelConverterTest {

    private static VqzPixelConverter.Result convert(BufferedImage image) {
        return VqzPixelConverter.convert(image, null, new Rectangle(image.getWidth(), image.getHeight()), 1, 1, null,
                f -> { }, () -> false);
    }

    @Test
    void sixteenBitGreyIsScaledTo8Bits() {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 32896, 65535});
        VqzPixelConverter.Result r = convert(image);
        assertEquals(ColourLayout.GREY, r.layout);
        assertArrayEquals(new int[] {0, 128, 255}, r.image.getRaster().getSamples(0, 0, 3, 1, 0, (int[]) null));
        assertNull(r.icc);
    }

    @Test
    void premultipliedAlphaIsDividedOut() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        image.setRGB(0, 0, 0x80ff8000);
        VqzPixelConverter.Result r = convert(image);
        assertEquals(ColourLayout.RGB_ALPHA, r.layout);
        int[] p = r.image.getRaster().getPixel(0, 0, (int[]) null);
        assertEquals(0x80, p[3]);
        assertEquals(255, p[0], 2);
        assertEquals(128, p[1], 2);
        assertEquals(0, p[2]);
    }

    @Test
    void iccRgbKeepsRawSamplesAndItsProfile() {
        ICC_ColorSpace adobe = new ICC_ColorSpace(VqzTestImages.adobeRgb());
        ColorModel cm = new ComponentColorModel(adobe, false, false, ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {10, 200, 30});
        VqzPixelConverter.Result r = convert(new BufferedImage(cm, raster, false, null));
        assertEquals(ColourLayout.RGB, r.layout);
        assertArrayEquals(new int[] {10, 200, 30}, r.image.getRaster().getPixel(0, 0, (int[]) null));
        assertArrayEquals(VqzTestImages.adobeRgb().getData(), r.icc);
    }

    @Test
    void floatSamplesAreClampedAndScaled() {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                ColorModel.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = cm.createCompatibleWritableRaster(3, 1);
        raster.setSamples(0, 0, 3, 1, 0, new float[] {-0.5f, 0.5f, 2f});
        VqzPixelConverter.Result r = convert(new BufferedImage(cm, raster, false, null));
        assertEquals(ColourLayout.GREY, r.layout);
        assertArrayEquals(new int[] {0, 128, 255}, r.image.getRaster().getSamples(0, 0, 3, 1, 0, (int[]) null));
    }

    @Test
    void cmykIsConvertedToSrgb() {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ColorModel cm = new ComponentColorModel(cmyk, false, false, ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {0, 0, 0, 0}); // no ink: white paper
        VqzPixelConverter.Result r = convert(new BufferedImage(cm, raster, false, null));
        assertEquals(ColourLayout.RGB, r.layout);
        assertNull(r.icc);
        for (int v : r.image.getRaster().getPixel(0, 0, (int[]) null)) {
            assertTrue(v > 200, "white paper is light: " + v);
        }
    }

    @Test
    void regionSubsamplingAndBandsOfARaster() {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 6, 4, 3, null)
                .createWritableTranslatedChild(100, 50);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                raster.setPixel(100 + x, 50 + y, new int[] {x * 10, y * 10, 99});
            }
        }
        VqzPixelConverter.Result r = VqzPixelConverter.convert(null, raster, new Rectangle(1, 1, 5, 3), 2, 2,
                new int[] {1}, f -> { }, () -> false);
        assertEquals(ColourLayout.GREY, r.layout);
        assertEquals(3, r.image.getWidth());
        assertEquals(2, r.image.getHeight());
        assertArrayEquals(new int[] {10, 10, 10, 30, 30, 30}, r.image.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null));
    }

    @Test
    void abortStopsTheConversion() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertNull(VqzPixelConverter.convert(image, null, new Rectangle(4, 4), 1, 1, null, f -> { }, () -> true));
    }
}
