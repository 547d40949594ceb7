package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class RgbPixelsTest {
    @Test
    void greyIsReplicatedWithoutGammaConversion() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 7);
        RgbPixels p = RgbPixels.of(grey);
        for (int c = 0; c < 3; c++) {
            assertEquals(100, p.sample(0, 0, c));
            assertEquals(7, p.sample(1, 0, c));
        }
    }

    @Test
    void sixteenBitIsRoundedToEight() {
        BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 0x8080);
        assertEquals(128, RgbPixels.of(deep).sample(0, 0, 0));
    }

    @Test
    void roundTripsThroughImageAndIgnoresAlpha() {
        BufferedImage argb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(2, 1, 0x40123456);
        RgbPixels p = RgbPixels.of(argb);
        assertEquals(0x12, p.sample(2, 1, 0));
        assertEquals(0x34, p.sample(2, 1, 1));
        assertEquals(0x56, p.sample(2, 1, 2));
        RgbPixels back = RgbPixels.of(p.toImage());
        WritableRaster r = p.toImage().getRaster();
        assertEquals(3, r.getNumBands());
        assertEquals(0x56, back.sample(2, 1, 2));
        assertEquals(0x56, p.plane(2)[5], 0);
        assertThrows(IllegalArgumentException.class, () -> p.requireSameSize(RgbPixels.of(new BufferedImage(2, 3, 1))));
    }
}
