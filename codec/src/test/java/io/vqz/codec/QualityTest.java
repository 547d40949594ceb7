package io.vqz.codec;

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

    @Test
    void rejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Quality.lambda(-1));
        assertThrows(IllegalArgumentException.class, () -> Quality.candidates(101));
        assertEquals(Quality.DEFAULT, Quality.check(Quality.DEFAULT));
        assertTrue(Quality.SMALLEST < Quality.LOW && Quality.LOW < Quality.MEDIUM && Quality.MEDIUM < Quality.HIGH && Quality.HIGH < Quality.BEST);
    }
}
