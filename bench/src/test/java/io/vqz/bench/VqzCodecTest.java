package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqzCodecTest {
    @TempDir
    Path work;

    @Test
    void codesWithTheDefaultModelAndReportsEntropyCoderEfficiency() throws Exception {
        VqzCodec codec = VqzCodec.create();
        assumeTrue(codec.unavailableReason() == null, "no default model: " + codec.unavailableReason());
        RgbPixels src = RgbPixels.of(javax.imageio.ImageIO.read(
                ReferencePairs.dir().resolve("tiny/kodim05-64x64.png").toFile()));
        BenchCodec.Source source = new BenchCodec.Source("kodim05-64x64.png", src.toImage(), src, null);
        BenchResult.Measurement best = BenchRunner.measure(codec, source, 100, work);
        BenchResult.Measurement low = BenchRunner.measure(codec, source, 10, work);
        assertEquals(64, best.width());
        assertTrue(best.psnr() > 15, "PSNR " + best.psnr());
        assertTrue(low.bytes() <= best.bytes(), low.bytes() + " > " + best.bytes());
        assertNotNull(best.payloadBits());
        assertTrue(best.payloadBits() < best.bytes() * 8.0);
        double efficiency = best.payloadBits() / best.idealBits();
        assertTrue(efficiency >= 0.99 && efficiency < 1.2, "payload / ideal = " + efficiency);
        assertTrue(codec.description().contains("model "), codec.description());
    }

    @Test
    void missingModelFileMakesTheCodecUnavailable() {
        VqzCodec codec = VqzCodec.create(work.resolve("no-such-model.vqzm"));
        assertTrue(codec.unavailableReason().startsWith("cannot load the model"), codec.unavailableReason());
        assertThrows(IOException.class, () -> codec.code(null, 50, work));
    }
}
