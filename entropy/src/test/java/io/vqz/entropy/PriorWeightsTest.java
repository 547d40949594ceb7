package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PriorWeightsTest {

    private static byte[] bytes(PriorWeights w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    private static PriorWeights read(byte[] b) throws IOException {
        return PriorWeights.read(new ByteArrayInputStream(b));
    }

    @Test
    void writeThenReadGivesTheSameWeights() throws IOException {
        PriorWeights w = PriorWeights.random(40, 6, 10, 3, 5, 3, 1);
        byte[] b = bytes(w);
        assertEquals(36 + 4 * (40 * 6 + 10 * 6 * 25 + 10 + 3 * (10 * 10 * 9 + 10) + 40 * 10 + 40), b.length);
        PriorWeights back = read(b);
        assertEquals(w, back);
        assertEquals(40, back.codebookSize());
        assertEquals(6, back.embeddingWidth());
        assertEquals(10, back.channels());
        assertEquals(3, back.layers());
        assertEquals(5, back.kernelA());
        assertEquals(3, back.kernelB());
        assertEquals("PriorWeights[K=40, E=6, C=10, L=3, KA=5, KB=3]", back.toString());
        assertNotEquals(w, PriorWeights.random(40, 6, 10, 3, 5, 3, 2));
    }

    @Test
    void readsTheHeaderAsDocumented() throws IOException {
        byte[] b = bytes(PriorWeights.random(7, 2, 3, 1, 3, 1, 5));
        ByteBuffer head = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("VQZPRIOR", new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        int[] expected = {1, 7, 2, 3, 1, 3, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], head.getInt(8 + 4 * i));
        }
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        byte[] good = bytes(PriorWeights.random(8, 2, 4, 1, 5, 3, 9));
        assertThrows(EOFException.class, () -> read(Arrays.copyOf(good, good.length - 1)));
        assertThrows(EOFException.class, () -> read(Arrays.copyOf(good, 20)));
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage(magic, "magic");
        assertMessage(withInt(good, 8, 5), "version");
        assertMessage(withInt(good, 8, 3), "truncated"); // a version 3 prior has a group section after these
        assertMessage(withInt(good, 8, 2), "D out of range");
        assertMessage(withInt(good, 12, 0), "K");
        assertMessage(withInt(good, 12, 4097), "K");
        assertMessage(withInt(good, 16, -1), "E");
        assertMessage(withInt(good, 24, 65), "L");
        assertMessage(withInt(good, 28, 4), "odd");
        assertMessage(withInt(good, 32, 17), "KB");
        // a header asking for gigabytes is refused before anything is allocated
        byte[] huge = withInt(withInt(withInt(good, 12, 4096), 16, 1024), 20, 1024);
        assertMessage(huge, "too large");
        // the centre tap of mask A must be zero (embedding 8*2 floats, then convA [4][2][5][5], centre = 12)
        int centre = 36 + 4 * (8 * 2 + 12);
        byte[] masked = good.clone();
        ByteBuffer.wrap(masked).order(ByteOrder.LITTLE_ENDIAN).putFloat(centre, 0.5f);
        assertMessage(masked, "masked");
        byte[] nan = good.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(36, Float.NaN);
        assertMessage(nan, "non-finite");
    }

    @Test
    void randomWeightsAreReproducibleAndMasked() {
        PriorWeights a = PriorWeights.random(16, 3, 4, 2, 5, 3, 42);
        assertEquals(a, PriorWeights.random(16, 3, 4, 2, 5, 3, 42));
        for (int p = 0; p < 4 * 3; p++) {
            assertEquals(0f, a.convA[p * 25 + 12]); // centre of mask A
            assertEquals(0f, a.convA[p * 25 + 24]); // after the centre
            assertTrue(a.convA[p * 25] != 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> PriorWeights.random(16, 3, 4, 2, 4, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> PriorWeights.random(0, 3, 4, 2, 5, 3, 1));
    }

    private static byte[] withInt(byte[] b, int offset, int value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return c;
    }

    private static void assertMessage(byte[] b, String part) {
        IOException e = assertThrows(IOException.class, () -> read(b));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
