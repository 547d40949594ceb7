package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TileCoderTest {
    private static PixelCnnPrior prior;

    @BeforeAll
    static void setUp() {
        prior = new PixelCnnPrior(PriorWeights.random(64, 8, 16, 2, 5, 3, 21));
    }

    private static void assertRoundTrip(PixelCnnPrior p, int[] codes, int w, int h) throws Exception {
        byte[] payload = TileCoder.encode(p, codes, w, h);
        assertArrayEquals(codes, TileCoder.decode(p, payload, w, h));
        // the coder stays within a byte and a small fraction of the ideal length
        double ideal = TileCoder.idealBits(p, codes, w, h);
        assertTrue(payload.length * 8 <= ideal * 1.002 + 8, payload.length * 8 + " bits, ideal " + ideal);
    }

    @Test
    void roundTripsTilesOfManyShapes() throws Exception {
        int[][] sizes = {{0, 0}, {0, 5}, {5, 0}, {1, 1}, {1, 7}, {7, 1}, {13, 9}, {32, 32}};
        for (int[] s : sizes) {
            int n = s[0] * s[1];
            assertRoundTrip(prior, Reference.randomCodes(n, 64, n), s[0], s[1]);
            assertRoundTrip(prior, Reference.sample(prior, s[0], s[1], n), s[0], s[1]);
        }
    }

    @Test
    void aChooserSeesTheCoderCdfAndItsChoicesDecode() throws Exception {
        int w = 11;
        int h = 7;
        PriorCursor mirror = prior.cursor(w, h);
        int[] chosen = new int[w * h];
        // the most probable code where the position is even, the least probable elsewhere
        byte[] payload = TileCoder.encode(prior, w, h, (i, cursor) -> {
            int[] cdf = cursor.cdf();
            assertArrayEquals(mirror.cdf(), cdf, "position " + i);
            int pick = 0;
            for (int k = 1; k < cdf.length - 1; k++) {
                int f = cdf[k + 1] - cdf[k];
                int best = cdf[pick + 1] - cdf[pick];
                pick = i % 2 == 0 ? (f > best ? k : pick) : (f < best ? k : pick);
            }
            mirror.advance(pick);
            return pick;
        }, chosen);
        assertArrayEquals(chosen, TileCoder.decode(prior, payload, w, h));
        assertArrayEquals(TileCoder.encode(prior, chosen, w, h), payload);
        assertThrows(IllegalArgumentException.class, () -> TileCoder.encode(prior, 2, 2, (i, cursor) -> 64, null));
    }

    @Test
    void emptyTileHasEmptyPayload() throws Exception {
        assertEquals(0, TileCoder.encode(prior, new int[0], 0, 3).length);
        assertEquals(0, TileCoder.decode(prior, new byte[0], 3, 0).length);
        assertThrows(EntropyDecodingException.class, () -> TileCoder.decode(prior, new byte[] {1}, 0, 0));
    }

    @Test
    void roundTripsSmallestAndLargestCodebooks() throws Exception {
        PixelCnnPrior two = new PixelCnnPrior(PriorWeights.random(2, 4, 8, 1, 5, 3, 2));
        assertRoundTrip(two, Reference.randomCodes(20 * 15, 2, 1), 20, 15);
        assertRoundTrip(two, Reference.sample(two, 20, 15, 1), 20, 15);
        PixelCnnPrior big = new PixelCnnPrior(PriorWeights.random(4096, 8, 16, 1, 3, 3, 3));
        assertRoundTrip(big, Reference.randomCodes(12 * 10, 4096, 2), 12, 10);
        assertRoundTrip(big, Reference.sample(big, 12, 10, 2), 12, 10);
    }

    @Test
    void overheadOnARealisticGridIsAtMostOneThousandth() throws Exception {
        // a grid drawn from a trained prior (the default model's when present) has the statistics the coder
        // meets in practice; 128x80 = 10,240 codes in one stream
        Path bundle = Reference.v1Bundle();
        PriorWeights weights = Files.isRegularFile(bundle)
                ? PriorWeights.read(new ByteArrayInputStream(Reference.bundleEntry(bundle, "prior.bin")))
                : Reference.weights("parity-prior.bin");
        PixelCnnPrior trained = new PixelCnnPrior(weights);
        int[] codes = Reference.sample(trained, 128, 80, 31);
        byte[] payload = TileCoder.encode(trained, codes, 128, 80);
        double ideal = TileCoder.idealBits(trained, codes, 128, 80);
        assertTrue(ideal > 10_000, "too few bits to measure: " + ideal);
        assertTrue(payload.length * 8 <= ideal * 1.001, payload.length * 8 + " bits, ideal " + ideal);
        assertArrayEquals(codes, TileCoder.decode(trained, payload, 128, 80));
    }

    @Test
    void tilesAreIndependentStreams() throws Exception {
        int gw = 45;
        int gh = 38;
        int[] grid = Reference.sample(prior, gw, gh, 8);
        byte[][] one = TileCoder.encodeTiles(prior, grid, gw, gh, 16, 12);
        assertEquals(3 * 4, one.length);
        io.vqz.format.TileGrid t = new io.vqz.format.TileGrid(gw, gh, 16, 12);
        for (int i = one.length - 1; i >= 0; i--) { // any order: a tile's bytes are its codes' alone
            assertArrayEquals(one[i], TileCoder.encode(prior, t.extract(grid, i), t.width(i), t.height(i)), "tile " + i);
        }
        assertArrayEquals(grid, TileCoder.decodeTiles(prior, one, gw, gh, 16, 12));
        // each tile is an independent stream: the last (3x2) tile alone decodes on its own
        int[] corner = TileCoder.decode(prior, one[11], gw - 32, gh - 36);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 13; x++) {
                assertEquals(grid[(36 + y) * gw + 32 + x], corner[y * 13 + x]);
            }
        }
    }

    @Test
    void goldenVectorsAreUnchanged() throws Exception {
        PixelCnnPrior golden = new PixelCnnPrior(Reference.weights("golden-prior.bin"));
        int[] codes = GoldenVectors.readCodes();
        Properties expected = GoldenVectors.expected();
        Properties actual = GoldenVectors.compute(golden, codes);
        // any change to the prior's arithmetic, the CDF rule or the coder shows up here; if deliberate, it
        // breaks every existing file and needs a new format or model version
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(actual));
        byte[] payload = TileCoder.encode(golden, codes, GoldenVectors.W, GoldenVectors.H);
        assertArrayEquals(codes, TileCoder.decode(golden, payload, GoldenVectors.W, GoldenVectors.H));
    }

    @Test
    void damagedPayloadsFailWithTheCheckedExceptionOrDecodeToOtherCodes() throws Exception {
        int[] codes = Reference.sample(prior, 20, 20, 4);
        byte[] payload = TileCoder.encode(prior, codes, 20, 20);
        assertThrows(EntropyDecodingException.class,
                () -> TileCoder.decode(prior, Arrays.copyOf(payload, payload.length / 2), 20, 20));
        assertThrows(EntropyDecodingException.class,
                () -> TileCoder.decode(prior, Arrays.copyOf(payload, payload.length + 1), 20, 20));
        assertThrows(EntropyDecodingException.class,
                () -> TileCoder.decodeTiles(prior, new byte[][] {payload, new byte[0]}, 40, 20, 20, 20));
        byte[] flipped = payload.clone();
        flipped[3] ^= 0x10;
        try {
            int[] other = TileCoder.decode(prior, flipped, 20, 20);
            assertTrue(!Arrays.equals(codes, other));
        } catch (EntropyDecodingException expected) {
            // also fine
        }
    }

    @Test
    void idealBitsIsTheSumOfCursorBits() {
        int[] codes = Reference.sample(prior, 9, 8, 6);
        PriorCursor cur = prior.cursor(9, 8);
        double sum = 0;
        for (int c : codes) {
            int[] cdf = cur.cdf();
            sum += -StrictMath.log((cdf[c + 1] - cdf[c]) / 65536.0) / StrictMath.log(2);
            cur.advance(c);
        }
        assertEquals(sum, TileCoder.idealBits(prior, codes, 9, 8), 1e-9);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> TileCoder.encode(prior, new int[5], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> TileCoder.encode(prior, new int[] {64}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TileCoder.encode(prior, new int[] {-1}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TileCoder.decode(prior, new byte[0], -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> TileCoder.encodeTiles(prior, new int[4], 2, 2, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> TileCoder.decodeTiles(prior, new byte[3][], 2, 2, 1, 1));
    }
}
