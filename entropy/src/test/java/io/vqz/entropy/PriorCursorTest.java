package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PriorCursorTest {
    private final PixelCnnPrior prior = new PixelCnnPrior(PriorWeights.random(32, 4, 8, 2, 5, 3, 4));

    @Test
    void walksTheTileInRasterOrder() {
        PriorCursor cur = prior.cursor(3, 2);
        assertEquals(3, cur.width());
        assertEquals(2, cur.height());
        int[][] expected = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}};
        for (int[] xy : expected) {
            assertTrue(cur.hasNext());
            assertEquals(xy[0], cur.x());
            assertEquals(xy[1], cur.y());
            cur.advance(xy[0]);
        }
        assertFalse(cur.hasNext());
        assertThrows(IllegalStateException.class, cur::cdf);
        assertThrows(IllegalStateException.class, cur::logits);
        assertThrows(IllegalStateException.class, () -> cur.advance(0));
    }

    @Test
    void emptyTilesHaveNoPosition() {
        assertFalse(prior.cursor(0, 0).hasNext());
        assertFalse(prior.cursor(4, 0).hasNext());
        assertFalse(prior.cursor(0, 4).hasNext());
        assertThrows(IllegalArgumentException.class, () -> prior.cursor(-1, 2));
    }

    @Test
    void cdfFollowsTheLogitsAndBitsTheCdf() {
        PriorCursor cur = prior.cursor(5, 4);
        int[] codes = Reference.randomCodes(20, 32, 3);
        for (int c : codes) {
            int[] cdf = cur.cdf();
            assertArrayEquals(Cdf.fromLogits(cur.logits().clone()), cdf);
            assertEquals(33, cdf.length);
            assertEquals(Cdf.bits(cdf, c), cur.bits(c), 0.0);
            cur.advance(c);
        }
    }

    @Test
    void advancingWithoutAskingGivesTheSameLaterTables() {
        int[] codes = Reference.randomCodes(30, 32, 8);
        PriorCursor asked = prior.cursor(6, 5);
        PriorCursor silent = prior.cursor(6, 5);
        for (int i = 0; i < 29; i++) {
            asked.cdf();
            asked.advance(codes[i]);
            silent.advance(codes[i]);
        }
        assertArrayEquals(asked.cdf(), silent.cdf());
        assertArrayEquals(asked.logits(), silent.logits());
    }

    @Test
    void goldenCdfEntries() throws Exception {
        PixelCnnPrior golden = new PixelCnnPrior(Reference.weights("golden-prior.bin"));
        int[] codes = GoldenVectors.readCodes();
        var expected = GoldenVectors.expected();
        PriorCursor cur = golden.cursor(GoldenVectors.W, GoldenVectors.H);
        int checked = 0;
        for (int i = 0; i < codes.length; i++) {
            for (int pos : GoldenVectors.POSITIONS) {
                if (pos == i) {
                    for (int s : GoldenVectors.SYMBOLS) {
                        assertEquals(Integer.parseInt(expected.getProperty("cdf." + pos + "." + s)), cur.cdf()[s]);
                        checked++;
                    }
                }
            }
            cur.advance(codes[i]);
        }
        assertEquals(GoldenVectors.POSITIONS.length * GoldenVectors.SYMBOLS.length, checked);
    }

    @Test
    void rejectsCodesOutsideTheCodebook() {
        PriorCursor cur = prior.cursor(2, 2);
        assertThrows(IllegalArgumentException.class, () -> cur.advance(32));
        assertThrows(IllegalArgumentException.class, () -> cur.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> cur.bits(32));
        assertEquals(0, cur.x());
    }
}
