package io.vqz.bench;

/**
 * Shape-preserving piecewise cubic Hermite interpolant (Fritsch and Carlson 1980; the slopes of MATLAB's
 * {@code pchip} and SciPy's {@code PchipInterpolator}), with exact integration. Immutable.
 *
 * @since 0.1
 */
final class Pchip {
    private final double[] x;
    private final double[] y;
    private final double[] d;

    /** @param x strictly increasing knots, at least two; @param y values at the knots */
    Pchip(double[] x, double[] y) {
        if (x.length < 2 || x.length != y.length) {
            throw new IllegalArgumentException("need at least two knots");
        }
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("knots must increase strictly");
            }
        }
        this.x = x.clone();
        this.y = y.clone();
        this.d = slopes(this.x, this.y);
    }

    private static double[] slopes(double[] x, double[] y) {
        int n = x.length;
        double[] h = new double[n - 1];
        double[] del = new double[n - 1];
        for (int k = 0; k < n - 1; k++) {
            h[k] = x[k + 1] - x[k];
            del[k] = (y[k + 1] - y[k]) / h[k];
        }
        double[] d = new double[n];
        if (n == 2) {
            d[0] = del[0];
            d[1] = del[0];
            return d;
        }
        for (int k = 1; k < n - 1; k++) {
            if (del[k - 1] * del[k] <= 0) {
                d[k] = 0;
            } else {
                double w1 = 2 * h[k] + h[k - 1];
                double w2 = h[k] + 2 * h[k - 1];
                d[k] = (w1 + w2) / (w1 / del[k - 1] + w2 / del[k]);
            }
        }
        d[0] = endSlope(h[0], h[1], del[0], del[1]);
        d[n - 1] = endSlope(h[n - 2], h[n - 3], del[n - 2], del[n - 3]);
        return d;
    }

    /** The non-centred three-point end slope, made shape-preserving. */
    private static double endSlope(double h0, double h1, double m0, double m1) {
        double s = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
        if (Math.signum(s) != Math.signum(m0)) {
            return 0;
        }
        if (Math.signum(m0) != Math.signum(m1) && Math.abs(s) > Math.abs(3 * m0)) {
            return 3 * m0;
        }
        return s;
    }

    double value(double t) {
        int k = segment(t);
        double h = x[k + 1] - x[k];
        double s = (t - x[k]) / h;
        double s2 = s * s;
        double s3 = s2 * s;
        return (2 * s3 - 3 * s2 + 1) * y[k] + (s3 - 2 * s2 + s) * h * d[k]
                + (-2 * s3 + 3 * s2) * y[k + 1] + (s3 - s2) * h * d[k + 1];
    }

    /** ∫ from a to b (a ≤ b, within the knots' range); two-point Gauss–Legendre per piece is exact for cubics. */
    double integral(double a, double b) {
        double sum = 0;
        double g = 1 / Math.sqrt(3);
        double lo = a;
        while (lo < b) {
            int k = segment(lo);
            double hi = Math.min(b, x[k + 1]);
            if (hi <= lo) {
                hi = b; // lo sits on the last knot
            }
            double mid = (lo + hi) / 2;
            double half = (hi - lo) / 2;
            sum += half * (value(mid - half * g) + value(mid + half * g));
            lo = hi;
        }
        return sum;
    }

    /** Index k of the piece [x[k], x[k+1]] that holds t (clamped to the ends). */
    private int segment(double t) {
        int lo = 0;
        int hi = x.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (x[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
