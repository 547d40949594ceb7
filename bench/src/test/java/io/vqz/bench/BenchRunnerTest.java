package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    /** Decodes to the source itself, so every metric is known; fails at quality 13; counts warm-ups. */
    static final class Identity implements BenchCodec {
        int warmUps;

        @Override
        public String name() {
            return "identity";
        }

        @Override
        public String description() {
            return "no-op";
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public void warmUp(Source source, int quality, Path work) {
            warmUps++;
        }

        @Override
        public Coded code(Source source, int quality, Path work) throws IOException {
            if (quality == 13) {
                throw new IOException("unlucky");
            }
            BufferedImage copy = source.pixels().toImage();
            return new Coded(quality * 10L, 1_000_000, 2_000_000, copy);
        }
    }

    static final class Missing implements BenchCodec {
        @Override
        public String name() {
            return "missing";
        }

        @Override
        public String description() {
            return "never runs";
        }

        @Override
        public String unavailableReason() {
            return "missing-tool not on PATH";
        }

        @Override
        public Coded code(Source source, int quality, Path work) {
            throw new AssertionError("a skipped codec ran");
        }
    }

    @Test
    void measuresEveryImageAndQualityAndKeepsGoingAfterErrors() throws Exception {
        Path tiny = ReferencePairs.dir().resolve("tiny");
        Identity id = new Identity();
        BenchRunner runner = new BenchRunner(List.of(id, new Missing()),
                Map.of("identity", new int[] {10, 13, 20}, "missing", new int[] {50}), "identity");
        BenchResult r = runner.run(List.of(tiny.resolve("kodim05-64x64.png"), tiny.resolve("kodim19-96x48.png")),
                BenchProgress.silent());
        assertEquals(1, id.warmUps);
        assertEquals(List.of("kodim05-64x64.png", "kodim19-96x48.png"), r.images);
        assertEquals(4, r.measurements.size());
        assertEquals(2, r.errors.size());
        assertTrue(r.errors.get(0).contains("identity q13 on kodim05-64x64.png"), r.errors.get(0));
        assertEquals(List.of(new BenchResult.Skipped("missing", "missing-tool not on PATH")), r.skipped);
        BenchResult.Measurement m = r.measurements.get(0);
        assertEquals(Psnr.IDENTICAL, m.psnr());
        assertEquals(1.0, m.msssim(), 1e-12);
        assertEquals(100 * 8.0 / (64 * 64), m.bpp(), 1e-12);
        assertEquals(1.0, m.encodeMs(), 1e-12);
        assertEquals(2.0, m.decodeMs(), 1e-12);
        assertEquals(96, r.measurements.get(2).width());
        assertEquals(1, r.summary.size());
        assertTrue(r.machine.containsKey("java"));
    }
}
