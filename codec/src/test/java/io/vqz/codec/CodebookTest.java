package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodebookTest {
    private static byte[] file(int k, int d, float... words) {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("VQZCODE1".getBytes(StandardCharsets.US_ASCII)).putInt(k).putInt(d);
        for (float w : words) {
            b.putFloat(w);
        }
        return b.array();
    }

    @Test
    void distancesAndSpacing() throws IOException {
        // three codewords on a line at 0, 1 and 3: nearest-neighbour squared distances 1, 1 and 4
        Codebook book = Codebook.parse(file(3, 2, 0, 0, 1, 0, 3, 0), 3, 2);
        assertEquals(2.0, book.spacing(), 1e-12);
        float[] out = new float[3];
        book.distances(new float[] {9, 1, 2}, 1, out);
        assertArrayEquals(new float[] {5, 4, 8}, out);
    }

    @Test
    void defaultModelDistancesMatchABruteForceScan() throws IOException {
        Codebook book = TestImages.v1().codebook();
        float[] z = new float[book.dimension];
        for (int d = 0; d < z.length; d++) {
            z[d] = (float) Math.sin(d + 1.0);
        }
        float[] out = new float[book.size];
        book.distances(z, 0, out);
        for (int k = 0; k < book.size; k++) {
            double s = 0;
            for (int d = 0; d < book.dimension; d++) {
                double v = z[d] - book.words[k * book.dimension + d];
                s += v * v;
            }
            assertEquals(s, out[k], 1e-4 * (1 + s), "codeword " + k);
        }
        assertTrue(book.spacing() > 0);
    }

    @Test
    void rejectsMalformedFiles() {
        assertThrows(IOException.class, () -> Codebook.parse(new byte[8], 3, 2));
        assertThrows(IOException.class, () -> Codebook.parse(file(3, 2, 0, 0, 1, 0, 3, 0), 4, 2));
        assertThrows(IOException.class, () -> Codebook.parse(file(3, 2, 0, 0, 1, 0), 3, 2));
    }
}
