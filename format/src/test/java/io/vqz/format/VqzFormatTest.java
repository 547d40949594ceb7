package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VqzFormatTest {

    @Test
    void signatureIsPngLike() {
        assertArrayEquals(new byte[] {(byte) 0x8F, 'V', 'Q', 'Z', '\r', '\n', 0x1A, '\n'}, VqzFormat.magicBytes());
        assertEquals(0x8F56515A0D0A1A0AL, VqzFormat.MAGIC);
    }

    @Test
    void matchesOnlyTheFullSignature() {
        byte[] file = GoldenFiles.bytes(GoldenFiles.minimalGrey());
        assertTrue(VqzFormat.matches(file, 8));
        assertTrue(VqzFormat.matches(file, file.length));
        assertFalse(VqzFormat.matches(file, 7));
        assertFalse(VqzFormat.matches(null, 8));
        assertFalse(VqzFormat.matches(new byte[4], 8));
        byte[] damaged = file.clone();
        damaged[5] = ' ';
        assertFalse(VqzFormat.matches(damaged, 8));
    }

    @Test
    void namesTheFormat() {
        assertEquals("image/x-vqz", VqzFormat.MIME_TYPE);
        assertEquals("vqz", VqzFormat.SUFFIX);
        assertEquals(4, VqzFormat.VERSION);
        assertEquals(1, VqzFormat.MIN_VERSION);
    }

    @Test
    void magicBytesAreACopy() {
        VqzFormat.magicBytes()[0] = 0;
        assertEquals((byte) 0x8F, VqzFormat.magicBytes()[0]);
    }
}
