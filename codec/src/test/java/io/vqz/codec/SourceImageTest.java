package io.vqz.codec;

import io.vqz.format.ColourLayout;
import org.junit.jupiter.api.Test;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceImageTest {
    private static float[] read(BufferedImage img) {
        float[] px = new float[3 * img.getWidth() * img.getHeight()];
        new SourceImage(img).readRgb(0, 0, img.getWidth(), img.getHeight(), px);
        return px;
    }

    private static void assertRgb(BufferedImage expectedRgb, float[] px) {
        int w = expectedRgb.getWidth();
        int plane = w * expectedRgb.getHeight();
        for (int i = 0; i < plane; i++) {
            int p = expectedRgb.getRGB(i % w, i / w);
            assertEquals(((p >> 16) & 255) / 255f, px[i], 1e-6, "R at " + i);
            assertEquals(((p >> 8) & 255) / 255f, px[plane + i], 1e-6, "G at " + i);
            assertEquals((p & 255) / 255f, px[2 * plane + i], 1e-6, "B at " + i);
        }
    }

    @Test
    void packedAndInterleavedRgbReadTheSame() {
        BufferedImage ref = TestImages.kodakCrop(1, 9, 7);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_INDEXED}) {
            BufferedImage img = new BufferedImage(9, 7, type);
            img.getGraphics().drawImage(ref, 0, 0, null);
            SourceImage s = new SourceImage(img);
            assertFalse(s.grey);
            assertRgb(img, read(img));
        }
    }

    @Test
    void premultipliedAlphaIsDividedOut() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        img.setRGB(0, 0, 0x80ff8000);
        img.setRGB(1, 0, 0xff102030);
        float[] px = read(img);
        assertEquals(1f, px[0], 0.01f);
        assertEquals(0.5f, px[2], 0.01f);
        SourceImage s = new SourceImage(img);
        assertEquals(ColourLayout.RGB_ALPHA, s.layout(true));
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0xff}, s.alphaPlane());
    }

    @Test
    void greyIsReadAsStoredValuesWithoutGamma() {
        BufferedImage g8 = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 64, 255});
        BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 16448, 65535});
        for (BufferedImage img : new BufferedImage[] {g8, g16}) {
            SourceImage s = new SourceImage(img);
            assertTrue(s.grey);
            assertEquals(ColourLayout.GREY, s.layout(true));
            assertNull(s.alphaPlane());
            float[] px = read(img);
            assertEquals(64 / 255f, px[1], 1e-6);
            assertEquals(64 / 255f, px[3 + 1], 1e-6);
            assertEquals(1f, px[6 + 2], 1e-6);
        }
    }

    @Test
    void cmykGoesThroughItsProfile() {
        ComponentColorModel cm = new ComponentColorModel(TestProfiles.cmyk(), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(3, 1);
        r.setPixel(0, 0, new int[] {0, 0, 0, 0});
        r.setPixel(1, 0, new int[] {255, 0, 0, 0});
        r.setPixel(2, 0, new int[] {0, 0, 0, 255});
        BufferedImage cmyk = new BufferedImage(cm, r, false, null);
        float[] px = read(cmyk);
        assertEquals(1f, px[0], 0.02f); // white
        assertTrue(px[1] < 0.1f && px[3 + 1] > 0.9f && px[6 + 1] > 0.9f, "cyan"); // cyan: no red
        assertTrue(px[2] < 0.05f && px[3 + 2] < 0.05f && px[6 + 2] < 0.05f, "black");
        BufferedImage expected = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(cmyk, expected);
        assertRgb(expected, px);
    }

    @Test
    void readsRenderedImagesWithOffsetOriginAndReplicatesEdges() {
        BufferedImage base = TestImages.kodakCrop(2, 6, 4);
        Raster shifted = base.getRaster().createTranslatedChild(100, 50);
        // a RenderedImage whose minX/minY are not 0
        BufferedImage wrapped = new BufferedImage(base.getColorModel(),
                base.getRaster().createCompatibleWritableRaster(6, 4), false, null);
        wrapped.setData(base.getRaster());
        java.awt.image.RenderedImage ri = new OffsetImage(wrapped, shifted);
        float[] px = new float[3 * 8 * 6];
        new SourceImage(ri).readRgb(-1, -1, 8, 6, px);
        int p = base.getRGB(0, 0);
        assertEquals(((p >> 16) & 255) / 255f, px[0], 1e-6); // (-1,-1) repeats (0,0)
        int q = base.getRGB(5, 3);
        assertEquals((q & 255) / 255f, px[2 * 48 + 47], 1e-6); // (6,4) repeats (5,3)
    }

    @Test
    void indexedWithTransparencyHasAlpha() {
        IndexColorModel icm = new IndexColorModel(8, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0},
                new byte[] {0, 0}, 0);
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        img.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 1});
        SourceImage s = new SourceImage(img);
        assertArrayEquals(new byte[] {0, (byte) 255}, s.alphaPlane());
        assertEquals(1f, read(img)[1], 1e-6);
    }

    /** A minimal RenderedImage at a non-zero origin. */
    private static final class OffsetImage extends java.awt.image.BufferedImage {
        private final Raster shifted;

        OffsetImage(BufferedImage like, Raster shifted) {
            super(like.getColorModel(), like.getRaster(), false, null);
            this.shifted = shifted;
        }

        @Override
        public int getMinX() {
            return shifted.getMinX();
        }

        @Override
        public int getMinY() {
            return shifted.getMinY();
        }

        @Override
        public Raster getData(java.awt.Rectangle rect) {
            Raster child = shifted.createChild(rect.x, rect.y, rect.width, rect.height, rect.x, rect.y, null);
            WritableRaster copy = child.createCompatibleWritableRaster(rect);
            copy.setRect(child);
            return copy;
        }

        Point origin() {
            return new Point(getMinX(), getMinY());
        }
    }
}
