package io.vqz.codec;

import java.util.List;
import org.junit.jupiter.api.Test;

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

    static final List<QualityBand> BANDS = List.of(new QualityBand(35, 0.3), new QualityBand(61, 0.2),
            new QualityBand(78, 0.2), new QualityBand(91, 0.2), new QualityBand(100, 0.2));

    @Test
    void bandsSayHowManyLayersAQualitySends() {
        assertEquals(1, Quality.layers(0, BANDS));
        assertEquals(1, Quality.layers(35, BANDS));
        assertEquals(2, Quality.layers(36, BANDS));
        assertEquals(3, Quality.layers(75, BANDS));
        assertEquals(5, Quality.layers(92, BANDS));
        assertEquals(5, Quality.layers(100, BANDS));
        assertEquals(List.of(33, 66, 100), Quality.equalBands(3).stream().map(QualityBand::top).toList());
        assertEquals(List.of(new QualityBand(100, Quality.LAMBDA_MAX)), Quality.equalBands(1));
        for (int q = 0; q <= 100; q++) {
            assertEquals(Math.max(1, (int) Math.ceil(q * 3 / 100.0)), Quality.layers(q, 3), "q=" + q);
        }
    }

    @Test
    void theSmallestQualitiesRaiseTheHalfResolutionFormsRateWeightTowardTheFloor() {
        assertEquals(new OperatingPoint(1, 0.3 * Quality.FLOOR_GAIN, Quality.candidates(0)),
                Quality.halfResolutionPoint(0, BANDS));
        double previous = Double.MAX_VALUE;
        for (int q = 0; q < Quality.HALF_RESOLUTION_BELOW; q++) {
            OperatingPoint p = Quality.halfResolutionPoint(q, BANDS);
            assertTrue(p.lambda() < previous || p.layers() > 1, "q=" + q + ": " + p);
            previous = p.lambda();
            if (q >= Quality.FLOOR_TOP) {
                assertEquals(Quality.operatingPoint(Quality.halfResolutionQuality(q), BANDS), p, "q=" + q);
            }
        }
    }

    @Test
    void eachBandRunsFromItsRateWeightToTheNearestCodes() {
        assertEquals(new OperatingPoint(1, 0.3, Quality.candidates(0)), Quality.operatingPoint(0, BANDS));
        assertEquals(new OperatingPoint(1, 0, 16), Quality.operatingPoint(35, BANDS));
        assertEquals(new OperatingPoint(2, 0, 16), Quality.operatingPoint(61, BANDS));
        assertEquals(new OperatingPoint(5, 0, 1), Quality.operatingPoint(100, BANDS));
        OperatingPoint bottom = Quality.operatingPoint(36, BANDS);
        assertEquals(2, bottom.layers());
        assertTrue(bottom.lambda() > 0.15 && bottom.lambda() < 0.2, bottom.toString());
        double previous = Double.MAX_VALUE;
        for (int q = 62; q <= 78; q++) {
            OperatingPoint p = Quality.operatingPoint(q, BANDS);
            assertEquals(3, p.layers());
            assertTrue(p.lambda() < previous, "q=" + q);
            previous = p.lambda();
        }
        // one band of λ 0.6: the single-layer scale of version 0.1, value for value
        for (int q = 0; q <= 100; q++) {
            assertEquals(new OperatingPoint(1, Quality.lambda(q), Quality.candidates(q)),
                    Quality.operatingPoint(q, 1), "q=" + q);
        }
        assertThrows(IllegalArgumentException.class, () -> new QualityBand(101, 0));
        assertThrows(IllegalArgumentException.class, () -> new QualityBand(50, -1));
    }

    @Test
    void rejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Quality.lambda(-1));
        assertThrows(IllegalArgumentException.class, () -> Quality.candidates(101));
        assertEquals(Quality.DEFAULT, Quality.check(Quality.DEFAULT));
        assertTrue(Quality.SMALLEST < Quality.LOW && Quality.LOW < Quality.MEDIUM && Quality.MEDIUM < Quality.HIGH && Quality.HIGH < Quality.BEST);
    }
}
