package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class AlphaCodecTest {

    @Test
    void roundTripsPlanesOfEveryKind() throws Exception {
        Random r = new Random(3);
        for (int n = 0; n < 30; n++) {
            int w = 1 + r.nextInt(70);
            int h = 1 + r.nextInt(70);
            byte[] plane = new byte[w * h];
            for (int i = 0; i < plane.length; i++) {
                int x = i % w;
                int y = i / w;
                plane[i] = (byte) (n % 3 == 0 ? r.nextInt(256) : n % 3 == 1 ? x * 3 : y * 5 + (x > w / 2 ? 100 : 0));
            }
            assertArrayEquals(plane, AlphaCodec.decode(AlphaCodec.encode(plane, w, h), w, h, 0), "plane " + n);
        }
    }

    @Test
    void usesThePredictionFilters() throws Exception {
        // A horizontal ramp is cheapest with sub, a vertical one with up.
        assertEquals(AlphaCodec.FILTER_SUB, firstFilter(ramp(true), 64, 64));
        byte[] stripes = new byte[64 * 64];
        Random r = new Random(5);
        for (int x = 0; x < 64; x++) {
            byte v = (byte) r.nextInt(256);
            for (int y = 0; y < 64; y++) {
                stripes[y * 64 + x] = v;
            }
        }
        assertEquals(AlphaCodec.FILTER_UP, rowFilter(stripes, 64, 64, 1));
        assertEquals(AlphaCodec.FILTER_NONE, firstFilter(new byte[64 * 64], 64, 64));
        byte[] opaque = new byte[1000 * 1000];
        java.util.Arrays.fill(opaque, (byte) 255);
        int size = AlphaCodec.encode(opaque, 1000, 1000).length;
        assertTrue(size < 1_001_000 / 400, "opaque 1000x1000 plane: " + size + " bytes");
    }

    private static byte[] ramp(boolean horizontal) {
        byte[] p = new byte[64 * 64];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (4 * (horizontal ? i % 64 : i / 64));
        }
        return p;
    }

    private static int firstFilter(byte[] plane, int w, int h) throws Exception {
        return rowFilter(plane, w, h, 0);
    }

    private static int rowFilter(byte[] plane, int w, int h, int row) throws Exception {
        byte[] data = AlphaCodec.encode(plane, w, h);
        Inflater inf = new Inflater();
        inf.setInput(data, 1, data.length - 1);
        byte[] rows = new byte[h * (w + 1)];
        inf.inflate(rows);
        inf.end();
        return rows[row * (w + 1)];
    }

    @Test
    void rejectsUnknownFilters() {
        byte[] rows = {0, 1, 2, 3, 7, 4, 5, 6}; // row 1 has filter 7
        Deflater d = new Deflater();
        d.setInput(rows);
        d.finish();
        byte[] z = new byte[100];
        int n = d.deflate(z);
        d.end();
        byte[] chunk = new byte[n + 1];
        System.arraycopy(z, 0, chunk, 1, n);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> AlphaCodec.decode(chunk, 3, 2, 50));
        assertTrue(e.problem().contains("unknown alpha filter 7 in row 1"), e::getMessage);
        assertEquals(50, e.offset());
    }

    @Test
    void boundsInflationBeforeAllocating() {
        byte[] data = AlphaCodec.encode(new byte[100], 10, 10);
        VqzFormatException e = assertThrows(VqzFormatException.class,
                () -> AlphaCodec.decode(data, 60000, 4000, 7));
        assertTrue(e.problem().contains("too short to inflate"), e::getMessage);
        assertThrows(VqzFormatException.class, () -> AlphaCodec.decode(new byte[0], 1, 1, 0));
        assertThrows(VqzFormatException.class, () -> AlphaCodec.decode(new byte[] {0, 0x78}, 1, 1, 0));
    }

    @Test
    void rejectsPresetDictionaries() {
        Deflater d = new Deflater();
        d.setDictionary(new byte[] {1, 2, 3});
        d.setInput(new byte[] {0, 1, 2, 3});
        d.finish();
        byte[] z = new byte[100];
        int n = d.deflate(z);
        d.end();
        byte[] chunk = new byte[n + 1];
        System.arraycopy(z, 0, chunk, 1, n);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> AlphaCodec.decode(chunk, 3, 1, 0));
        assertTrue(e.problem().contains("dictionary"), e::getMessage);
    }
}
