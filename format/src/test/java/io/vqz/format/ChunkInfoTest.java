package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkInfoTest {

    @Test
    void criticalByCaseOfFirstLetter() {
        assertTrue(new ChunkInfo("TDAT", 8, 0).critical());
        assertFalse(new ChunkInfo("iccp", 8, 0).critical());
        assertEquals(22, new ChunkInfo("exif", 8, 10).totalLength());
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new ChunkInfo("abc", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChunkInfo("abcd", -1, 0));
        assertThrows(NullPointerException.class, () -> new ChunkInfo(null, 0, 0));
    }
}
