package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColourLayoutTest {

    @Test
    void codesRoundTrip() {
        for (ColourLayout l : ColourLayout.values()) {
            assertEquals(l, ColourLayout.fromCode(l.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> ColourLayout.fromCode(4));
    }

    @Test
    void describesBands() {
        assertEquals(1, ColourLayout.GREY.bands());
        assertEquals(4, ColourLayout.RGB_ALPHA.bands());
        assertTrue(ColourLayout.GREY_ALPHA.hasAlpha());
        assertFalse(ColourLayout.RGB.hasAlpha());
        assertTrue(ColourLayout.RGB.isColour());
        assertFalse(ColourLayout.GREY_ALPHA.isColour());
    }
}
