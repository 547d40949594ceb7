package io.vqz.codec;

import io.vqz.format.ColourLayout;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputImageTest {
    @Test
    void putClampsRoundsAndCropsToTheRegion() {
        OutputImage out = new OutputImage(ColourLayout.RGB, 2, 1, 3, 2);
        float[] rgb = new float[3 * 4 * 4];
        for (int i = 0; i < 16; i++) {
            rgb[i] = i / 15f;          // R ramp
            rgb[16 + i] = -0.5f;       // G below 0: clamped
            rgb[32 + i] = 1.7f;        // B above 1: clamped
        }
        out.put(rgb, 0, 0, 4, 4);
        BufferedImage img = out.image;
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        // image pixel (2,1) is block sample 1·4 + 2 = 6
        assertEquals((Math.round(6 / 15f * 255) << 16) | 0xff, img.getRGB(0, 0) & 0xffffff);
        assertEquals(Math.round(11 / 15f * 255), (img.getRGB(1, 1) >> 16) & 255); // image (3,2): sample 11
    }

    @Test
    void greyAveragesTheThreeChannels() {
        OutputImage out = new OutputImage(ColourLayout.GREY, 0, 0, 1, 1);
        out.put(new float[] {0.2f, 0.4f, 0.6f}, 0, 0, 1, 1);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, out.image.getType());
        assertEquals(102, out.image.getRaster().getSample(0, 0, 0));
    }

    @Test
    void greyAlphaGetsTheAlphaPlane() {
        OutputImage out = new OutputImage(ColourLayout.GREY_ALPHA, 1, 0, 2, 1);
        out.put(new float[] {0, 1, 1, 0.5f, 0.5f, 0.5f, 0, 0, 0}, 0, 0, 3, 1);
        out.putAlpha(new byte[] {1, 2, 3}, 3);
        assertEquals(2, out.image.getRaster().getNumBands());
        assertEquals(2, out.image.getRaster().getSample(0, 0, 1));
        assertEquals(3, out.image.getRaster().getSample(1, 0, 1));
    }

    @Test
    void reduceAveragesCellsIncludingPartialOnes() {
        BufferedImage src = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        src.getRaster().setSamples(0, 0, 3, 3, 0, new int[] {0, 10, 100, 20, 31, 200, 7, 8, 9});
        BufferedImage r = OutputImage.reduce(src, 2);
        assertEquals(2, r.getWidth());
        assertEquals(2, r.getHeight());
        assertEquals(15, r.getRaster().getSample(0, 0, 0)); // (0+10+20+31)/4 = 15.25
        assertEquals(150, r.getRaster().getSample(1, 0, 0));
        assertEquals(8, r.getRaster().getSample(0, 1, 0)); // 7.5 rounds up
        assertEquals(9, r.getRaster().getSample(1, 1, 0));
    }
}
