package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalCodecTest {
    @TempDir
    Path work;

    @Test
    void missingToolIsNotFound() {
        assertNull(ExternalCodec.onPath("vqz-bench-no-such-tool"));
        assertNotNull(ExternalCodec.onPath("sh"));
    }

    @Test
    void jxlDistanceFollowsCjxlQualityMappingAndStaysInRange() {
        assertEquals(1.0, ExternalCodec.jxlDistance(90), 1e-12);
        assertEquals(0.1 + 70 * 0.09, ExternalCodec.jxlDistance(30), 1e-12);
        assertEquals(6.4 + Math.pow(2.5, 2) / 6.25, ExternalCodec.jxlDistance(20), 1e-12);
        assertEquals(25.0, ExternalCodec.jxlDistance(2), 1e-12);
        assertEquals(25.0, ExternalCodec.jxlDistance(0), 1e-12);
    }

    @Test
    void everyAvailableToolRoundTripsAtTwoQualities() throws Exception {
        RgbPixels src = ReferencePairs.load("ref-b.png");
        Path png = work.resolve("src.png");
        ImageIO.write(src.toImage(), "png", png.toFile());
        BenchCodec.Source source = new BenchCodec.Source("ref-b.png", src.toImage(), src, png);
        int ran = 0;
        for (ExternalCodec codec : List.of(ExternalCodec.webp(), ExternalCodec.avif(), ExternalCodec.jxl(),
                ExternalCodec.heic())) {
            if (codec.unavailableReason() != null) {
                assertTrue(codec.unavailableReason().endsWith("not on PATH"));
                continue;
            }
            ran++;
            assertTrue(codec.description().contains(codec.version()));
            BenchResult.Measurement lowest = BenchRunner.measure(codec, source, 2, work);
            assertTrue(lowest.bytes() > 0, codec.name());
            BenchResult.Measurement low = BenchRunner.measure(codec, source, 20, work);
            BenchResult.Measurement high = BenchRunner.measure(codec, source, 90, work);
            assertEquals(64, low.width());
            assertTrue(high.bytes() > low.bytes(), codec.name());
            assertTrue(high.psnr() > low.psnr(), codec.name());
            assertTrue(low.psnr() > 20, codec.name() + " " + low.psnr());
        }
        // CI machines without the Debian packages skip the round trips (the note in the report says why)
        assumeTrue(ran > 0, "no external codec tools on the PATH");
    }
}
