package io.vqz.bench;

/**
 * PSNR over RGB of the benchmark's pixel arrays, by the codec's one definition ({@link io.vqz.codec.Psnr}).
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
final class Psnr {
    /** The PSNR reported for identical images, in dB ({@link io.vqz.codec.Psnr#IDENTICAL}). */
    static final double IDENTICAL = io.vqz.codec.Psnr.IDENTICAL;

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
        return io.vqz.codec.Psnr.of(sum, 3L * a.width() * a.height());
    }
}
