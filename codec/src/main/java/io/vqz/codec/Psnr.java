package io.vqz.codec;

import java.awt.image.BufferedImage;

/**
 * PSNR of 8-bit images over red, green and blue: one mean squared error over the three samples of every pixel,
 * {@code 10·log10(255² / MSE)}; grey images count as R = G = B, alpha is ignored. The one definition VQZ reports
 * everywhere: {@code vqz encode --verify}, the benchmark, the tests. Identical images give {@link #IDENTICAL}
 * rather than infinity, so that means, tables and JSON stay finite.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.3
 */
public final class Psnr {
    /** The PSNR of identical images, and the most any comparison reports, in dB. */
    public static final double IDENTICAL = 100.0;

    private Psnr() {
    }

    /**
     * The PSNR of a sum of squared 8-bit sample differences.
     *
     * @param sumSquaredError the sum over all samples compared
     * @param samples         how many samples (3 per pixel), at least 1
     * @return dB, at most {@link #IDENTICAL}
     */
    public static double of(double sumSquaredError, long samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("no samples");
        }
        if (sumSquaredError <= 0) {
            return IDENTICAL;
        }
        return Math.min(IDENTICAL, 10 * Math.log10(255.0 * 255.0 * samples / sumSquaredError));
    }

    /**
     * The PSNR of {@code b} against {@code a} over R, G, B.
     *
     * @throws IllegalArgumentException if the sizes differ
     */
    public static double rgb(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int h = a.getHeight();
        if (b.getWidth() != w || b.getHeight() != h) {
            throw new IllegalArgumentException("sizes differ: " + w + "x" + h + " and " + b.getWidth() + "x"
                    + b.getHeight());
        }
        int[] ra = new int[w];
        int[] rb = new int[w];
        double sse = 0;
        for (int y = 0; y < h; y++) {
            a.getRGB(0, y, w, 1, ra, 0, w);
            b.getRGB(0, y, w, 1, rb, 0, w);
            for (int x = 0; x < w; x++) {
                for (int s = 0; s <= 16; s += 8) {
                    int d = ((ra[x] >> s) & 0xFF) - ((rb[x] >> s) & 0xFF);
                    sse += d * d;
                }
            }
        }
        return of(sse, 3L * w * h);
    }
}
