package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RangeEncoderTest {

    /** A random valid table of k symbols; with skew, most of the mass on few symbols. */
    static int[] randomTable(SplittableRandom rnd, int k, double skew) {
        float[] logits = new float[k];
        for (int i = 0; i < k; i++) {
            logits[i] = (float) (rnd.nextGaussian() * skew);
        }
        return Cdf.fromLogits(logits);
    }

    static int draw(SplittableRandom rnd, int[] cdf) {
        int t = rnd.nextInt(Cdf.TOTAL);
        int lo = 0;
        int hi = cdf.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Encodes n symbols drawn from fresh tables, decodes them, returns {bytes, ideal bits}. */
    static double[] roundTrip(long seed, int n, int k, double skew) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] tables = new int[n][];
        int[] symbols = new int[n];
        RangeEncoder enc = new RangeEncoder();
        double ideal = 0;
        for (int i = 0; i < n; i++) {
            tables[i] = randomTable(rnd, k, skew);
            symbols[i] = draw(rnd, tables[i]);
            ideal += Cdf.bits(tables[i], symbols[i]);
            enc.encode(tables[i], symbols[i]);
        }
        byte[] bytes = enc.finish();
        RangeDecoder dec = new RangeDecoder(bytes);
        for (int i = 0; i < n; i++) {
            assertEquals(symbols[i], dec.decode(tables[i]), "symbol " + i);
        }
        dec.finish();
        return new double[] {bytes.length, ideal};
    }

    @Test
    void roundTripsRandomTables() throws Exception {
        for (int k : new int[] {2, 3, 17, 256, 1024}) {
            for (double skew : new double[] {0.1, 1, 4, 12}) {
                roundTrip(k * 31L + (long) skew, 2000, k, skew);
            }
        }
    }

    @Test
    void roundTripsLargestAlphabet() throws Exception {
        roundTrip(4096, 300, 4096, 3);
        roundTrip(4097, 300, 4096, 0.01);
    }

    @Test
    void roundTripsDegenerateTables() throws Exception {
        // one symbol holds all but the minimum of the mass, at the start, middle and end of the table
        for (int hot : new int[] {0, 5, 9}) {
            int[] cdf = new int[11];
            for (int i = 0; i < 10; i++) {
                cdf[i + 1] = cdf[i] + (i == hot ? Cdf.TOTAL - 9 : 1);
            }
            SplittableRandom rnd = new SplittableRandom(hot);
            int n = 50_000;
            int[] symbols = new int[n];
            RangeEncoder enc = new RangeEncoder();
            for (int i = 0; i < n; i++) {
                symbols[i] = rnd.nextInt(1000) == 0 ? rnd.nextInt(10) : hot;
                enc.encode(cdf, symbols[i]);
            }
            byte[] bytes = enc.finish();
            RangeDecoder dec = new RangeDecoder(bytes);
            for (int i = 0; i < n; i++) {
                assertEquals(symbols[i], dec.decode(cdf));
            }
            dec.finish();
        }
    }

    @Test
    void emptyAndCertainStreamsAreEmpty() throws Exception {
        assertEquals(0, new RangeEncoder().finish().length);
        RangeEncoder enc = new RangeEncoder();
        int[] certain = {0, Cdf.TOTAL};
        for (int i = 0; i < 1000; i++) {
            enc.encode(certain, 0);
        }
        byte[] bytes = enc.finish();
        assertEquals(0, bytes.length);
        RangeDecoder dec = new RangeDecoder(bytes);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, dec.decode(certain));
        }
        dec.finish();
    }

    @Test
    void overheadIsAtMostOneThousandthOfTheIdealLength() throws Exception {
        // realistic tables: 512 codes, logits spread like a trained prior's (several units)
        for (long seed = 1; seed <= 3; seed++) {
            double[] r = roundTrip(seed, 12_000, 512, 2.5);
            double bits = r[0] * 8;
            assertTrue(bits <= r[1] * 1.001, "coded " + bits + " bits, ideal " + r[1]);
        }
        // strongly skewed tables, about a bit per symbol
        double[] r = roundTrip(9, 20_000, 512, 8);
        assertTrue(r[1] < 40_000, "tables not skewed enough: " + r[1]);
        assertTrue(r[0] * 8 <= r[1] * 1.001, "coded " + r[0] * 8 + " bits, ideal " + r[1]);
    }

    @Test
    void sameInputGivesSameBytes() throws Exception {
        SplittableRandom a = new SplittableRandom(5);
        RangeEncoder e1 = new RangeEncoder(1);
        RangeEncoder e2 = new RangeEncoder(1 << 16);
        for (int i = 0; i < 5000; i++) {
            int[] cdf = randomTable(a, 40, 3);
            int s = draw(a, cdf);
            e1.encode(cdf, s);
            e2.encode(cdf[s], cdf[s + 1] - cdf[s]);
        }
        assertArrayEquals(e1.finish(), e2.finish());
    }

    @Test
    void rejectsBadIntervalsAndUseAfterFinish() {
        RangeEncoder enc = new RangeEncoder();
        assertThrows(IllegalArgumentException.class, () -> enc.encode(0, 0));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(Cdf.TOTAL - 1, 2));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(new int[] {0, 5, Cdf.TOTAL}, 2));
        enc.encode(0, 5);
        byte[] first = enc.finish();
        assertArrayEquals(first, enc.finish());
        assertThrows(IllegalStateException.class, () -> enc.encode(0, 5));
    }
}
