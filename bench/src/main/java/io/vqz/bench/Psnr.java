package io.vqz.bench;

/**
 * PSNR over RGB of 8-bit images: one mean squared error over the three channels of every pixel,
 * {@code 10·log10(255² / MSE)}. Identical images give {@link #IDENTICAL} instead of infinity, so that
 * averages and JSON stay finite. Stateless and thread-safe.
 *
 * @since 0.1
 */
final class Psnr {
    /** The PSNR reported for identical images, in dB. */
    static final double IDENTICAL = 100.0;

    private Psnr() {
    }

    static double rgb(RgbPixels a, RgbPixels b) {
        a.requireSameSize(b);
        long sum = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    int d = a.sample(x, y, c) - b.sample(x, y, c);
                    sum += d * d;
                }
            }
        }
        if (sum == 0) {
            return IDENTICAL;
        }
        double mse = sum / (3.0 * a.width() * a.height());
        return Math.min(IDENTICAL, 10 * Math.log10(255.0 * 255.0 / mse));
    }
}
