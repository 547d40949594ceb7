package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VqzScorerTest {
    @Test
    void scoreIsTheIdealLengthOfTheNearestGrid() throws IOException {
        BufferedImage photo = TestImages.kodakCrop(10, 96, 64);
        double bpp = VqzScorer.create().bitsPerPixel(photo);
        EncodeResult r = VqzEncoder.builder().quality(100).build().encode(photo, null, new ByteArrayOutputStream());
        assertEquals(r.idealBits() / (96 * 64), bpp, 1e-9);
        assertTrue(r.bitsPerPixel() > bpp);
    }

    @Test
    void noiseScoresWorseThanAPhotograph() throws IOException {
        BufferedImage photo = TestImages.kodakCrop(10, 96, 64);
        BufferedImage noise = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                noise.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        VqzScorer s = VqzScorer.create(ModelBundle.defaultBundle(), 1);
        assertTrue(s.bitsPerPixel(noise) > s.bitsPerPixel(photo));
    }
}
