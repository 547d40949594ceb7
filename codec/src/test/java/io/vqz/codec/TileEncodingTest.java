package io.vqz.codec;

import io.vqz.entropy.TileCoder;
import org.junit.jupiter.api.Test;

import io.vqz.entropy.Cdf;
import io.vqz.entropy.PriorCursor;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TileEncodingTest {
    private static final ModelBundle MODEL = TestImages.v1();

    @Test
    void payloadIsTheTileCodersAndRdoLowersTheRate() throws IOException {
        NetworkTiles.Latents lat = NetworkTiles.encode(MODEL, new SourceImage(TestImages.kodakCrop(16, 96, 64)),
                0, 0, 24, 16, 24, 16);
        TileEncoding nearest = new TileEncoding(null, 100);
        nearest.encode(MODEL.prior(), lat, 0, 0, 24, 16);
        assertArrayEquals(lat.nearest, nearest.codes);
        assertArrayEquals(TileCoder.encode(MODEL.prior(), nearest.codes, 24, 16), nearest.payload);
        assertEquals(TileCoder.idealBits(MODEL.prior(), nearest.codes, 24, 16), nearest.bits, 1e-6);

        TileEncoding rdo = new TileEncoding(MODEL.codebook(), 30);
        rdo.encode(MODEL.prior(), lat, 0, 0, 24, 16);
        assertArrayEquals(TileCoder.encode(MODEL.prior(), rdo.codes, 24, 16), rdo.payload);
        assertArrayEquals(rdo.codes, TileCoder.decode(MODEL.prior(), rdo.payload, 24, 16));
        assertTrue(rdo.bits < 0.9 * nearest.bits, rdo.bits + " vs " + nearest.bits);

        // a sub-tile of the block: offsets into the latents are honoured
        TileEncoding part = new TileEncoding(null, 100);
        part.encode(MODEL.prior(), lat, 8, 4, 5, 3);
        assertEquals(lat.nearest[4 * 24 + 8], part.codes[0]);
        assertEquals(lat.nearest[6 * 24 + 12], part.codes[14]);
    }

    @Test
    void everyChoiceMinimisesDistortionPlusRateAmongTheNearestCandidates() throws IOException {
        int w = 20;
        int h = 12;
        NetworkTiles.Latents lat = NetworkTiles.encode(MODEL, new SourceImage(TestImages.kodakCrop(5, 4 * w, 4 * h)),
                0, 0, w, h, w, h);
        Codebook book = MODEL.codebook();
        double lambda = 0.4;
        int n = 8;
        TileEncoding t = new TileEncoding(book, lambda, n);
        t.encode(MODEL.prior(), lat, 0, 0, w, h);
        PriorCursor cursor = MODEL.prior().cursor(w, h);
        int changed = 0;
        for (int p = 0; p < w * h; p++) {
            int[] cdf = cursor.cdf();
            double[] dist = new double[book.size];
            for (int k = 0; k < book.size; k++) {
                for (int d = 0; d < book.dimension; d++) {
                    double v = lat.z[p * book.dimension + d] - book.words[k * book.dimension + d];
                    dist[k] += v * v;
                }
            }
            double[] sorted = dist.clone();
            Arrays.sort(sorted);
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < book.size; k++) {
                if (dist[k] <= sorted[n - 1]) {
                    best = Math.min(best, dist[k] / book.spacing() + lambda * Cdf.bits(cdf, k));
                }
            }
            int code = t.codes[p];
            assertTrue(dist[code] <= sorted[n - 1] * (1 + 1e-5), "position " + p + " outside the candidates");
            assertEquals(best, dist[code] / book.spacing() + lambda * Cdf.bits(cdf, code), 1e-4, "position " + p);
            changed += code != lat.nearest[p] ? 1 : 0;
            cursor.advance(code);
        }
        assertTrue(changed > w * h / 10, "the rate term changed only " + changed + " choices");
    }
}
