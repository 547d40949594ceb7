package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PsnrTest {

    @Test
    void oneMeanSquaredErrorOverRedGreenAndBlue() {
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x102030);
        b.setRGB(0, 0, 0x80102033); // alpha ignored; blue off by 3
        a.setRGB(1, 0, 0x000000);
        b.setRGB(1, 0, 0xFF000000);
        // MSE = 9 / 6 samples
        assertEquals(10 * Math.log10(255.0 * 255.0 / 1.5), Psnr.rgb(a, b), 1e-12);
        assertEquals(Psnr.IDENTICAL, Psnr.rgb(a, a));
        assertEquals(Psnr.IDENTICAL, Psnr.of(1e-30 * 0, 3));
        assertEquals(Psnr.IDENTICAL, Psnr.of(1e-12, 3), "capped, never above");
        assertThrows(IllegalArgumentException.class, () -> Psnr.rgb(a, new BufferedImage(1, 1, 1)));
    }
}
