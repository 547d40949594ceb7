package io.vqz.codec;

import io.vqz.entropy.TileCoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TileEncodingTest {
    private static final ModelBundle MODEL = ModelBundle.defaultBundle();

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
}
