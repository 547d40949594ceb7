package io.vqz.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bjøntegaard delta rate with piecewise cubic (PCHIP) interpolation, as in the JVET/AOM common test
 * conditions and the {@code bjontegaard} Python package: the natural logarithm of the rate is interpolated
 * as a shape-preserving piecewise cubic Hermite function of the quality (Fritsch–Carlson slopes), both
 * curves are integrated exactly over the quality range they share, and the mean log-rate difference
 * {@code Δ} gives {@code BD-rate = (e^Δ − 1)·100 %}: the average rate change of the test codec at equal
 * quality; negative is better. {@link #bdQuality} is the companion BD-PSNR: quality interpolated over
 * log-rate. Stateless and thread-safe.
 *
 * @since 0.1
 */
final class BdRate {
    private BdRate() {
    }

    /** One rate–distortion point: rate (e.g. bits per pixel, &gt; 0) and quality (PSNR, MS-SSIM dB...). */
    record Point(double rate, double quality) {
    }

    /**
     * BD-rate of {@code test} against {@code anchor} in percent, or {@link Double#NaN} when either curve
     * has fewer than two distinct points or the quality ranges do not overlap.
     */
    static double bdRate(List<Point> anchor, List<Point> test) {
        double[][] a = curve(anchor, true);
        double[][] t = curve(test, true);
        double delta = meanDifference(a, t);
        return Double.isNaN(delta) ? Double.NaN : (Math.exp(delta) - 1) * 100;
    }

    /** BD-quality (BD-PSNR when quality is PSNR) of {@code test} against {@code anchor}; positive is better. */
    static double bdQuality(List<Point> anchor, List<Point> test) {
        return meanDifference(curve(anchor, false), curve(test, false));
    }

    /** {xs, ys} sorted by x with duplicate x removed: x = quality, y = ln rate (or the swap). */
    private static double[][] curve(List<Point> points, boolean rateOverQuality) {
        List<double[]> xy = new ArrayList<>();
        for (Point p : points) {
            if (p.rate() > 0 && Double.isFinite(p.rate()) && Double.isFinite(p.quality())) {
                double lr = Math.log(p.rate());
                xy.add(rateOverQuality ? new double[] {p.quality(), lr} : new double[] {lr, p.quality()});
            }
        }
        // for a repeated x keep the cheapest / best point; PCHIP needs strictly increasing knots
        xy.sort(Comparator.<double[]>comparingDouble(v -> v[0]).thenComparingDouble(v -> rateOverQuality ? v[1] : -v[1]));
        List<double[]> unique = new ArrayList<>();
        for (double[] v : xy) {
            if (unique.isEmpty() || unique.get(unique.size() - 1)[0] < v[0]) {
                unique.add(v);
            }
        }
        double[][] out = new double[2][unique.size()];
        for (int i = 0; i < unique.size(); i++) {
            out[0][i] = unique.get(i)[0];
            out[1][i] = unique.get(i)[1];
        }
        return out;
    }

    private static double meanDifference(double[][] a, double[][] t) {
        if (a[0].length < 2 || t[0].length < 2) {
            return Double.NaN;
        }
        double lo = Math.max(a[0][0], t[0][0]);
        double hi = Math.min(a[0][a[0].length - 1], t[0][t[0].length - 1]);
        if (!(hi > lo)) {
            return Double.NaN;
        }
        Pchip pa = new Pchip(a[0], a[1]);
        Pchip pt = new Pchip(t[0], t[1]);
        return (pt.integral(lo, hi) - pa.integral(lo, hi)) / (hi - lo);
    }
}
