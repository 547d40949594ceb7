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
        BufferedImage img = out.image();
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
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, out.image().getType());
        assertEquals(102, out.image().getRaster().getSample(0, 0, 0));
    }

    @Test
    void greyAlphaGetsTheAlphaPlane() {
        OutputImage out = new OutputImage(ColourLayout.GREY_ALPHA, 1, 0, 2, 1);
        out.put(new float[] {0, 1, 1, 0.5f, 0.5f, 0.5f, 0, 0, 0}, 0, 0, 3, 1);
        out.putAlpha(new byte[] {1, 2, 3}, 3);
        assertEquals(2, out.image().getRaster().getNumBands());
        assertEquals(2, out.image().getRaster().getSample(0, 0, 1));
        assertEquals(3, out.image().getRaster().getSample(1, 0, 1));
    }

    @Test
    void previewAveragesCellsIncludingPartialOnesAcrossBlocks() {
        int[] grey = {0, 10, 100, 20, 31, 200, 7, 8, 9};
        OutputImage out = new OutputImage(ColourLayout.GREY, 0, 0, 3, 3, 2);
        // two blocks, split between the first and second column: cells span both
        for (int bx = 0; bx < 3; bx += 2) {
            int w = Math.min(2, 3 - bx);
            float[] rgb = new float[3 * w * 3];
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[c * w * 3 + y * w + x] = grey[y * 3 + bx + x] / 255f;
                    }
                }
            }
            out.put(rgb, bx, 0, w, 3);
        }
        BufferedImage r = out.image();
        assertEquals(2, r.getWidth());
        assertEquals(2, r.getHeight());
        assertEquals(15, r.getRaster().getSample(0, 0, 0)); // (0+10+20+31)/4 = 15.25
        assertEquals(150, r.getRaster().getSample(1, 0, 0));
        assertEquals(8, r.getRaster().getSample(0, 1, 0)); // 7.5 rounds up
        assertEquals(9, r.getRaster().getSample(1, 1, 0));
    }

    @Test
    void previewOfARegionWithAlphaAveragesTheAlphaPlaneToo() {
        OutputImage out = new OutputImage(ColourLayout.RGB_ALPHA, 1, 0, 3, 1, 2);
        out.put(new float[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 0, 4, 1);
        out.putAlpha(new byte[] {9, 10, 20, (byte) 255}, 4);
        BufferedImage r = out.image();
        assertEquals(2, r.getWidth());
        assertEquals(1, r.getHeight());
        assertEquals(255, r.getRaster().getSample(0, 0, 0)); // red 1, 1 under region x 0..1
        assertEquals(0, r.getRaster().getSample(1, 0, 0));
        assertEquals(15, r.getRaster().getSample(0, 0, 3)); // (10 + 20) / 2
        assertEquals(255, r.getRaster().getSample(1, 0, 3)); // a partial cell: one pixel
    }
}
