package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.format.VqzContainer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work done on a bad file is bounded by its first bad tile, with any number of threads. */
class BadTileTest {

    /** A 512×512 image is 128×128 codes: 4 tiles; the first one's payload is emptied (CRCs stay valid). */
    private static VqzContainer firstTileEmptied() throws IOException {
        BufferedImage img = TestImages.kodakCrop(3, 512, 512);
        VqzContainer good = VqzDecoderTest.container(VqzDecoderTest.encode(img, 75));
        assertEquals(4, good.header().tileCount());
        return good.toBuilder().tilePayload(0, new byte[0]).build();
    }

    @Test
    void oneThreadStopsAtTheFirstBadTile() throws IOException {
        VqzContainer bad = firstTileEmptied();
        AtomicInteger tilesDone = new AtomicInteger();
        VqzDecoder one = VqzDecoder.builder().threads(1).build();
        EntropyDecodingException e = assertThrows(EntropyDecodingException.class, () -> one.decode(bad,
                DecodeOptions.builder().progress(p -> tilesDone.incrementAndGet()).build()));
        assertTrue(e.getMessage().startsWith("tile 0:"), e.getMessage());
        assertEquals(0, tilesDone.get(), "tiles decoded after the bad one");
        assertThrows(EntropyDecodingException.class, () -> one.decodeGrid(bad));
    }

    @Test
    void everyThreadCountReportsTheSameFirstFailure() throws IOException {
        VqzContainer bad = firstTileEmptied();
        for (int threads : new int[]{1, 2, 4}) {
            VqzDecoder d = VqzDecoder.builder().threads(threads).build();
            EntropyDecodingException e = assertThrows(EntropyDecodingException.class, () -> d.decode(bad, null));
            assertTrue(e.getMessage().startsWith("tile 0:"), threads + " threads: " + e.getMessage());
        }
    }
}
