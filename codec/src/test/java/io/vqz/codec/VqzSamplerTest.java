package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VqzSamplerTest {
    private static final VqzSampler SAMPLER = VqzSampler.create();

    @Test
    void sameSeedSameImageOtherSeedOtherImage() throws IOException {
        BufferedImage a = SAMPLER.sample(37, 21, 7, 1.0);
        BufferedImage b = SAMPLER.sample(37, 21, 7, 1.0);
        assertEquals(37, a.getWidth());
        assertEquals(21, a.getHeight());
        assertTrue(TestImages.samePixels(a, b));
        assertFalse(java.util.Arrays.equals(SAMPLER.sampleGrid(37, 21, 7, 1.0), SAMPLER.sampleGrid(37, 21, 8, 1.0)));
    }

    @Test
    void zeroTemperatureIsTheMostProbableCode() throws IOException {
        int[] g1 = SAMPLER.sampleGrid(16, 16, 1, 0);
        int[] g2 = SAMPLER.sampleGrid(16, 16, 2, 0);
        assertArrayEquals(g1, g2);
        // low temperature gives a more repetitive (lower-entropy) grid than high temperature
        assertTrue(distinct(SAMPLER.sampleGrid(64, 64, 3, 0.3)) < distinct(SAMPLER.sampleGrid(64, 64, 3, 1.5)));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SAMPLER.sample(0, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SAMPLER.sample(5, 5, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> SAMPLER.sample(5, 5, 1, Double.NaN));
    }

    private static long distinct(int[] g) {
        return java.util.Arrays.stream(g).distinct().count();
    }
}
