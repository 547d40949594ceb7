package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RangeDecoderTest {
    private static final int[] UNIFORM = Cdf.uniform(256);

    private static byte[] encodeUniform(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < n; i++) {
            enc.encode(UNIFORM, rnd.nextInt(256));
        }
        return enc.finish();
    }

    @Test
    void detectsPayloadThatEndedEarly() {
        byte[] full = encodeUniform(1000, 1);
        byte[] cut = Arrays.copyOf(full, full.length - 20);
        assertThrows(EntropyDecodingException.class, () -> {
            RangeDecoder dec = new RangeDecoder(cut);
            for (int i = 0; i < 1000; i++) {
                dec.decode(UNIFORM);
            }
        });
    }

    @Test
    void detectsTrailingBytes() throws Exception {
        byte[] full = encodeUniform(100, 2);
        byte[] longer = Arrays.copyOf(full, full.length + 5);
        RangeDecoder dec = new RangeDecoder(longer);
        for (int i = 0; i < 100; i++) {
            dec.decode(UNIFORM);
        }
        assertThrows(EntropyDecodingException.class, dec::finish);
    }

    @Test
    void cutOrAppendedBytesAreDetectedOrDecodeToOtherSymbols() throws Exception {
        // the decoder checks the exact ending, so a changed length fails unless the changed stream happens to
        // be the valid encoding of other symbols; it can never give back the original symbols
        SplittableRandom rnd = new SplittableRandom(11);
        int trials = 400;
        int detected = 0;
        for (int trial = 0; trial < trials; trial++) {
            int n = 1 + rnd.nextInt(60);
            int[][] tables = new int[n][];
            int[] symbols = new int[n];
            RangeEncoder enc = new RangeEncoder();
            for (int i = 0; i < n; i++) {
                tables[i] = RangeEncoderTest.randomTable(rnd, 2 + rnd.nextInt(300), rnd.nextDouble() * 8);
                symbols[i] = RangeEncoderTest.draw(rnd, tables[i]);
                enc.encode(tables[i], symbols[i]);
            }
            byte[] bytes = enc.finish();
            assertArrayEquals(symbols, decodeAll(bytes, tables));
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            longer[bytes.length] = (byte) rnd.nextInt(256);
            byte[][] changes = bytes.length == 0 ? new byte[][] {longer}
                    : new byte[][] {longer, Arrays.copyOf(bytes, bytes.length - 1)};
            for (byte[] changed : changes) {
                try {
                    assertFalse(Arrays.equals(symbols, decodeAll(changed, tables)), "trial " + trial);
                } catch (EntropyDecodingException e) {
                    detected++;
                }
            }
        }
        assertTrue(detected >= trials * 2 / 2, detected + " of about " + 2 * trials + " detected");
    }

    private static int[] decodeAll(byte[] bytes, int[][] tables) throws EntropyDecodingException {
        RangeDecoder dec = new RangeDecoder(bytes);
        int[] s = new int[tables.length];
        for (int i = 0; i < tables.length; i++) {
            s[i] = dec.decode(tables[i]);
        }
        dec.finish();
        return s;
    }

    @Test
    void detectsImpossibleStartState() {
        byte[] bad = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2};
        assertThrows(EntropyDecodingException.class, () -> new RangeDecoder(bad).decode(UNIFORM));
    }

    @Test
    void decodesFromAnOffsetAndViaTargetAndConsume() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        int[] symbols = new int[500];
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = rnd.nextInt(256);
            enc.encode(UNIFORM, symbols[i]);
        }
        byte[] bytes = enc.finish();
        byte[] framed = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        Arrays.fill(framed, 3 + bytes.length, framed.length, (byte) 0x55);
        RangeDecoder dec = new RangeDecoder(framed, 3, bytes.length);
        for (int symbol : symbols) {
            int target = dec.target();
            int s = target * 256 / Cdf.TOTAL;
            assertEquals(symbol, s);
            dec.consume(UNIFORM[s], UNIFORM[s + 1] - UNIFORM[s]);
        }
        dec.finish();
    }

    @Test
    void garbageNeverHangsOrCrashes() {
        // random payloads decode to something or fail with the checked exception, nothing else
        SplittableRandom rnd = new SplittableRandom(4);
        int[] skewed = RangeEncoderTest.randomTable(rnd, 64, 6);
        for (int trial = 0; trial < 200; trial++) {
            byte[] junk = new byte[rnd.nextInt(40)];
            rnd.nextBytes(junk);
            try {
                RangeDecoder dec = new RangeDecoder(junk);
                for (int i = 0; i < 300; i++) {
                    int s = dec.decode(skewed);
                    if (s < 0 || s >= 64) {
                        throw new AssertionError("symbol out of range: " + s);
                    }
                }
                dec.finish();
            } catch (EntropyDecodingException expected) {
                // fine
            }
        }
    }

    @Test
    void rejectsBadBounds() {
        assertThrows(IndexOutOfBoundsException.class, () -> new RangeDecoder(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new RangeDecoder(new byte[4], -1, 1));
    }
}
