package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import java.awt.image.BufferedImage;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One progress and abort contract for encode and decode: on the calling thread only, non-decreasing, to 1.0. */
class ProgressTest {

    @Test
    void reportsGrowingFractionsEndingExactlyAtOne() throws InterruptedIOException {
        List<Double> seen = new ArrayList<>();
        Progress p = new Progress(seen::add, null, "encoding");
        p.total(3);
        p.done(1);
        p.report(); // nothing new: not reported again
        p.done(1);
        p.done(1);
        p.done(1); // more units than announced never pass 1.0
        assertEquals(List.of(1 / 3.0, 2 / 3.0, 1.0), seen);
    }

    @Test
    void anAbortSeenByTheCallerStopsTheWorkers() throws InterruptedIOException {
        boolean[] stop = {false};
        Progress p = new Progress(null, () -> stop[0], "decoding");
        p.check();
        assertTrue(!p.stopped());
        stop[0] = true;
        InterruptedIOException e = assertThrows(InterruptedIOException.class, p::check);
        assertEquals("decoding aborted", e.getMessage());
        assertTrue(p.stopped());
    }

    @Test
    void encodeAndDecodeCallTheListenerOnTheCallingThreadOnly() throws Exception {
        BufferedImage image = TestImages.kodakCrop(11, 320, 256); // 80 x 64 codes: 2 tiles
        Set<Thread> threads = new HashSet<>();
        List<Double> fractions = new ArrayList<>();
        VqzContainer c = VqzEncoder.builder().threads(4).build().encodeContainer(image, null,
                EncodeOptions.builder().progress(f -> {
                    threads.add(Thread.currentThread());
                    fractions.add(f);
                }).build());
        VqzDecoder.builder().threads(4).build().decode(c, DecodeOptions.builder().progress(f -> {
            threads.add(Thread.currentThread());
            fractions.add(f);
        }).build());
        assertEquals(Set.of(Thread.currentThread()), threads);
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        assertTrue(fractions.size() >= 4, fractions.toString());
    }

    @Test
    void anAbortFromTheListenerStopsADecode() throws Exception {
        VqzContainer c = VqzEncoder.builder().threads(2).build().encodeContainer(TestImages.kodakCrop(12, 320, 256),
                null);
        boolean[] stop = {false};
        InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> VqzDecoder.builder().threads(2)
                .build().decode(c, DecodeOptions.builder().progress(f -> stop[0] = true).abort(() -> stop[0]).build()));
        assertEquals("decoding aborted", e.getMessage());
    }

    @Test
    void anInterruptOfTheDecodingThreadStopsItOnOneThreadOrMany() throws Exception {
        VqzContainer c = VqzEncoder.builder().threads(2).build().encodeContainer(TestImages.kodakCrop(12, 320, 256),
                null);
        for (int threads : new int[] {1, 2}) {
            VqzDecoder d = VqzDecoder.builder().threads(threads).build();
            Thread.currentThread().interrupt();
            try {
                assertThrows(InterruptedIOException.class, () -> d.decode(c, null));
                assertTrue(Thread.interrupted(), "the thread stays interrupted");
            } finally {
                Thread.interrupted();
            }
            assertEquals(320, d.decode(c, null).image().getWidth(), "the next decode runs");
        }
    }

    @Test
    void anAbortStopsAOneThreadDecodeBetweenTiles() throws Exception {
        VqzContainer c = VqzEncoder.builder().threads(2).build().encodeContainer(TestImages.kodakCrop(11, 768, 512),
                null); // 192 x 128 codes: 6 tiles
        int[] polls = {0};
        assertThrows(InterruptedIOException.class, () -> VqzDecoder.builder().threads(1).build().decode(c,
                DecodeOptions.builder().abort(() -> ++polls[0] > 1).build()));
    }

    @Test
    void aDecodeOverTheWorkLimitFailsBeforeItStarts() throws Exception {
        VqzContainer c = VqzEncoder.builder().threads(2).build().encodeContainer(TestImages.kodakCrop(12, 320, 256),
                null);
        int layers = c.header().layers();
        long work = 320L * 256 * layers;
        VqzDecoder tight = VqzDecoder.builder().limits(io.vqz.format.VqzLimits.builder().maxPixelLayers(work - 1)
                .build()).build();
        io.vqz.format.VqzLimitException e = assertThrows(io.vqz.format.VqzLimitException.class,
                () -> tight.decode(c, null));
        assertEquals(work, e.declared());
        // fewer layers, or a region, is less work
        tight.decode(c, DecodeOptions.builder().layers(layers - 1).build());
        tight.decode(c, DecodeOptions.builder().region(new java.awt.Rectangle(0, 0, 160, 256)).build());
        assertThrows(io.vqz.format.VqzLimitException.class, () -> tight.decodeGrids(c, 0));
    }
}
