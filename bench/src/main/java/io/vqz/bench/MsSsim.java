package io.vqz.bench;

/**
 * MS-SSIM (Wang, Simoncelli and Bovik, 2003) over RGB, as CompressAI and {@code pytorch_msssim} compute
 * it: the standard five-scale index on each of R, G and B separately (samples 0..255), then the mean of
 * the three.
 * <p>
 * Per scale: an 11×11 Gaussian window (σ = 1.5, normalised), applied "valid" (no padding);
 * {@code C1 = (0.01·255)²}, {@code C2 = (0.03·255)²}; scales 1..4 contribute the mean contrast–structure
 * term, scale 5 the mean SSIM, with exponents 0.0448, 0.2856, 0.3001, 0.2363, 0.1333. Between scales a
 * 2×2 mean, the last row/column replicated when odd (Wang's {@code msssim.m}). Negative means are
 * clamped to 0 before the power, like {@code pytorch_msssim}.
 * <p>
 * Images too small to hold the window at the fifth scale (under 161 pixels on a side) use the
 * largest number of scales that fits, with the first weights renormalised to sum to one (and an image
 * under 11 pixels has no MS-SSIM: {@link Double#NaN}). Stateless and thread-safe.
 *
 * @since 0.1
 */
final class MsSsim {
    static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);
    private static final double[] KERNEL = gaussian();

    private MsSsim() {
    }

    /** The mean over R, G and B of the per-channel MS-SSIM. */
    static double rgb(RgbPixels a, RgbPixels b) {
        a.requireSameSize(b);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += channel(a.plane(c), b.plane(c), a.width(), a.height());
        }
        return sum / 3;
    }

    /** MS-SSIM in decibels, {@code −10·log10(1 − v)}, capped at 100 dB for identical images. */
    static double decibels(double v) {
        return v >= 1 ? Psnr.IDENTICAL : Math.min(Psnr.IDENTICAL, -10 * Math.log10(1 - v));
    }

    /** Number of scales used for a {@code w×h} image: 5, fewer for small images, 0 if none fits. */
    static int scales(int w, int h) {
        int n = 0;
        while (n < WEIGHTS.length && Math.min(w, h) >= WINDOW) {
            n++;
            w = (w + 1) / 2;
            h = (h + 1) / 2;
        }
        return n;
    }

    static double channel(double[] x, double[] y, int w, int h) {
        int scales = scales(w, h);
        if (scales == 0) {
            return Double.NaN;
        }
        double weightSum = 0;
        for (int s = 0; s < scales; s++) {
            weightSum += WEIGHTS[s];
        }
        double result = 1;
        for (int s = 0; s < scales; s++) {
            double[] means = stats(x, y, w, h);
            boolean last = s == scales - 1;
            double term = Math.max(0, last ? means[1] : means[0]);
            result *= Math.pow(term, WEIGHTS[s] / weightSum);
            if (!last) {
                x = halve(x, w, h);
                y = halve(y, w, h);
                w = (w + 1) / 2;
                h = (h + 1) / 2;
            }
        }
        return result;
    }

    /** {mean contrast–structure, mean SSIM} of one scale. */
    private static double[] stats(double[] x, double[] y, int w, int h) {
        int n = x.length;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = filter(x, w, h);
        double[] my = filter(y, w, h);
        double[] sxx = filter(xx, w, h);
        double[] syy = filter(yy, w, h);
        double[] sxy = filter(xy, w, h);
        double cs = 0;
        double ssim = 0;
        for (int i = 0; i < mx.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            double c = (2 * cov + C2) / (vx + vy + C2);
            double l = (2 * mx[i] * my[i] + C1) / (mx[i] * mx[i] + my[i] * my[i] + C1);
            cs += c;
            ssim += l * c;
        }
        return new double[] {cs / mx.length, ssim / mx.length};
    }

    /** Separable Gaussian filter, "valid" region only: (w−10)×(h−10). */
    private static double[] filter(double[] in, int w, int h) {
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        double[] rows = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * in[y * w + x + k];
                }
                rows[y * ow + x] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * rows[(y + k) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }

    private static double[] halve(double[] in, int w, int h) {
        int ow = (w + 1) / 2;
        int oh = (h + 1) / 2;
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            int y0 = 2 * y;
            int y1 = Math.min(2 * y + 1, h - 1);
            for (int x = 0; x < ow; x++) {
                int x0 = 2 * x;
                int x1 = Math.min(2 * x + 1, w - 1);
                out[y * ow + x] = (in[y0 * w + x0] + in[y0 * w + x1] + in[y1 * w + x0] + in[y1 * w + x1]) / 4;
            }
        }
        return out;
    }

    private static double[] gaussian() {
        double[] g = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            int d = i - WINDOW / 2;
            g[i] = Math.exp(-(d * d) / (2 * SIGMA * SIGMA));
            sum += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= sum;
        }
        return g;
    }
}
