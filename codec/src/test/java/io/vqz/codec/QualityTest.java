package io.vqz.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityTest {
    @Test
    void lambdaFallsAndCandidatesShrinkAsQualityRises() {
        assertEquals(0.0, Quality.lambda(100));
        assertEquals(1, Quality.candidates(100));
        for (int q = 1; q <= 100; q++) {
            assertTrue(Quality.lambda(q) < Quality.lambda(q - 1), "q=" + q);
            assertTrue(Quality.candidates(q) <= Quality.candidates(q - 1), "q=" + q);
        }
        assertTrue(Quality.candidates(99) >= 2);
    }

    @Test
    void bandsSayHowManyLayersAQualitySends() {
        int[] bands = {35, 61, 78, 91, 100};
        assertEquals(1, Quality.layers(0, bands));
        assertEquals(1, Quality.layers(35, bands));
        assertEquals(2, Quality.layers(36, bands));
        assertEquals(3, Quality.layers(75, bands));
        assertEquals(5, Quality.layers(92, bands));
        assertEquals(5, Quality.layers(100, bands));
        assertArrayEquals(new int[] {33, 66, 100}, Quality.equalBands(3));
        assertArrayEquals(new int[] {100}, Quality.equalBands(1));
        for (int q = 0; q <= 100; q++) {
            assertEquals(Math.max(1, (int) Math.ceil(q * 3 / 100.0)), Quality.layers(q, 3), "q=" + q);
        }
    }

    @Test
    void eachBandRunsFromTheLargestRateWeightToTheNearestCodes() {
        int[] bands = {35, 61, 78, 91, 100};
        assertEquals(new OperatingPoint(1, Quality.lambda(0), Quality.candidates(0)), Quality.operatingPoint(0, bands));
        assertEquals(new OperatingPoint(1, 0, 1), Quality.operatingPoint(35, bands));
        assertEquals(new OperatingPoint(2, 0, 1), Quality.operatingPoint(61, bands));
        assertEquals(new OperatingPoint(5, 0, 1), Quality.operatingPoint(100, bands));
        OperatingPoint bottom = Quality.operatingPoint(36, bands);
        assertEquals(2, bottom.layers());
        assertTrue(bottom.lambda() > 0.5 * Quality.lambda(0), bottom.toString());
        double previous = Double.MAX_VALUE;
        for (int q = 62; q <= 78; q++) {
            OperatingPoint p = Quality.operatingPoint(q, bands);
            assertEquals(3, p.layers());
            assertTrue(p.lambda() < previous, "q=" + q);
            previous = p.lambda();
        }
        // one band: the single-layer scale of version 0.1 unchanged
        for (int q = 0; q <= 100; q++) {
            assertEquals(new OperatingPoint(1, Quality.lambda(q), Quality.candidates(q)),
                    Quality.operatingPoint(q, 1), "q=" + q);
        }
    }

    @Test
    void rejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Quality.lambda(-1));
        assertThrows(IllegalArgumentException.class, () -> Quality.candidates(101));
        assertEquals(Quality.DEFAULT, Quality.check(Quality.DEFAULT));
        assertTrue(Quality.SMALLEST < Quality.LOW && Quality.LOW < Quality.MEDIUM && Quality.MEDIUM < Quality.HIGH && Quality.HIGH < Quality.BEST);
    }
}
