package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PsnrTest {
    @Test
    void matchesIndependentReference() throws Exception {
        // values from testdata/bench/msssim_reference.py (numpy), see reference-values.txt
        assertEquals(30.2854540757, Psnr.rgb(ReferencePairs.load("ref-a.png"), ReferencePairs.load("ref-a-jpeg15.png")), 1e-9);
        assertEquals(26.6841267545, Psnr.rgb(ReferencePairs.load("ref-b.png"), ReferencePairs.load("ref-b-noise12.png")), 1e-9);
    }

    @Test
    void oneLevelOffEverywhereIsFortyEightDb() {
        BufferedImage a = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                a.setRGB(x, y, 0x102030);
                b.setRGB(x, y, 0x112131);
            }
        }
        assertEquals(20 * Math.log10(255), Psnr.rgb(RgbPixels.of(a), RgbPixels.of(b)), 1e-12);
        assertEquals(Psnr.IDENTICAL, Psnr.rgb(RgbPixels.of(a), RgbPixels.of(a)));
    }
}
