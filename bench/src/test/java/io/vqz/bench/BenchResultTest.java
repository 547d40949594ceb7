package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultTest {
    /** Two images; codec "b" spends 0.8× the bits of "a" for the same PSNR and MS-SSIM. */
    static BenchResult synthetic() {
        BenchResult r = new BenchResult();
        r.anchor = "a";
        r.images.addAll(List.of("x.png", "y.png"));
        int[] qs = {20, 50, 80};
        double[] bpp = {0.4, 0.9, 2.0};
        double[] psnr = {28, 32, 37};
        double[] ssim = {0.95, 0.98, 0.995};
        for (int i = 0; i < 3; i++) {
            for (String img : r.images) {
                double offset = img.equals("x.png") ? -0.1 : 0.1; // images differ, means equal the table
                r.measurements.add(m(img, "a", qs[i], bpp[i] * (1 + offset), psnr[i] + offset, ssim[i], null, null));
                r.measurements.add(m(img, "b", qs[i], 0.8 * bpp[i] * (1 + offset), psnr[i] + offset, ssim[i],
                        1010.0, 1000.0));
            }
        }
        r.summarise(List.of("a", "b"), Map.of("a", "codec A", "b", "codec B"));
        return r;
    }

    private static BenchResult.Measurement m(String img, String codec, int q, double bpp, double psnr, double ssim,
                                             Double payload, Double ideal) {
        return new BenchResult.Measurement(img, codec, q, 100, 50, Math.round(bpp * 5000 / 8), bpp, psnr, ssim,
                MsSsim.decibels(ssim), 10, 5, payload, ideal);
    }

    @Test
    void meansPerQualityAndBdRatesAgainstAnchor() {
        BenchResult r = synthetic();
        assertEquals(2, r.summary.size());
        BenchResult.CodecSummary a = r.summary.get(0);
        BenchResult.CodecSummary b = r.summary.get(1);
        assertEquals("codec B", b.description());
        assertEquals(3, b.points().size());
        assertEquals(0.9, a.points().get(1).bpp(), 1e-12);
        assertEquals(32, a.points().get(1).psnr(), 1e-12);
        assertEquals(2, a.points().get(1).images());
        assertEquals(MsSsim.decibels(0.98), a.points().get(1).msssimDb(), 1e-12);
        assertEquals(0.0, a.bdRatePsnr(), 1e-12);
        assertEquals(-20.0, b.bdRatePsnr(), 1e-9);
        assertEquals(-20.0, b.bdRateMsssim(), 1e-9);
        assertNull(a.payloadOverIdeal());
        assertEquals(1.01, b.payloadOverIdeal(), 1e-12);
        // 6 codings of 5000 pixels each decoded in 5 ms: 30000 px / 30 ms = 1 MP/s
        assertEquals(1.0, a.decodeMegapixelsPerSecond(), 1e-12);
        assertEquals(0.5, a.encodeMegapixelsPerSecond(), 1e-12);
    }

    @Test
    void missingAnchorLeavesBdRatesUndefined() {
        BenchResult r = synthetic();
        r.anchor = "jpeg";
        r.summarise(List.of("a", "b"), Map.of());
        assertNull(r.summary.get(1).bdRatePsnr());
        assertNull(r.summary.get(1).bdRateMsssim());
    }
}
