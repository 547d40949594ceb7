package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BdRateTest {
    /** A JPEG-like curve: PSNR grows with log-rate, not linearly. */
    private static List<BdRate.Point> anchor() {
        double[] bpp = {0.25, 0.5, 0.8, 1.3, 2.1, 3.4};
        double[] psnr = {26.1, 28.9, 31.0, 33.2, 35.9, 38.8};
        List<BdRate.Point> pts = new ArrayList<>();
        for (int i = 0; i < bpp.length; i++) {
            pts.add(new BdRate.Point(bpp[i], psnr[i]));
        }
        return pts;
    }

    private static List<BdRate.Point> scaled(List<BdRate.Point> pts, double rateFactor, double qualityShift) {
        List<BdRate.Point> out = new ArrayList<>();
        for (BdRate.Point p : pts) {
            out.add(new BdRate.Point(p.rate() * rateFactor, p.quality() + qualityShift));
        }
        return out;
    }

    @Test
    void rateScaledByConstantFactorGivesThatFactor() {
        assertEquals(-20.0, BdRate.bdRate(anchor(), scaled(anchor(), 0.8, 0)), 1e-9);
        assertEquals(25.0, BdRate.bdRate(anchor(), scaled(anchor(), 1.25, 0)), 1e-9);
        assertEquals(0.0, BdRate.bdRate(anchor(), anchor()), 1e-12);
    }

    @Test
    void qualityShiftedByConstantGivesThatBdQuality() {
        assertEquals(0.7, BdRate.bdQuality(anchor(), scaled(anchor(), 1, 0.7)), 1e-9);
    }

    @Test
    void betterQualityAtSameRateMeansNegativeBdRate() {
        assertTrue(BdRate.bdRate(anchor(), scaled(anchor(), 1, 1.0)) < -5);
    }

    @Test
    void linearLogRateCurvesHaveClosedFormAnswer() {
        // ln R = q / 10 for the anchor and ln R = q / 10 + ln 2 − 0.05 (q − 30) for the test: Δ(q) is
        // linear, so its mean over the shared range [30, 40] is ln 2 − 0.25, BD-rate = 2·e^−0.25 − 1
        List<BdRate.Point> a = new ArrayList<>();
        List<BdRate.Point> t = new ArrayList<>();
        for (double q = 25; q <= 45; q += 2.5) {
            a.add(new BdRate.Point(Math.exp(q / 10), q));
        }
        for (double q = 30; q <= 40; q += 2) {
            t.add(new BdRate.Point(Math.exp(q / 10 + Math.log(2) - 0.05 * (q - 30)), q));
        }
        assertEquals((2 * Math.exp(-0.25) - 1) * 100, BdRate.bdRate(a, t), 1e-9);
    }

    @Test
    void undefinedWithoutOverlapOrPoints() {
        assertTrue(Double.isNaN(BdRate.bdRate(anchor(), scaled(anchor(), 1, 50))));
        assertTrue(Double.isNaN(BdRate.bdRate(anchor(), List.of(new BdRate.Point(1, 30)))));
        // duplicate qualities and non-positive rates are dropped, leaving one point
        assertTrue(Double.isNaN(BdRate.bdRate(anchor(),
                List.of(new BdRate.Point(1, 30), new BdRate.Point(2, 30), new BdRate.Point(0, 31)))));
    }

    @Test
    void pointOrderDoesNotMatter() {
        List<BdRate.Point> test = scaled(anchor(), 0.9, 0.3);
        List<BdRate.Point> reversed = new ArrayList<>(test);
        java.util.Collections.reverse(reversed);
        assertEquals(BdRate.bdRate(anchor(), test), BdRate.bdRate(anchor(), reversed), 1e-12);
    }
}
