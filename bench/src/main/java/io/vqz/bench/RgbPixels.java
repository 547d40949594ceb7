package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;

/**
 * An image as 8-bit sRGB samples, the common ground every codec's output is measured on.
 * <p>
 * Sources deeper than 8 bits (16-bit PNG from a decoder) are rounded to 8 bits, grey is replicated
 * to three channels and alpha is ignored, so that PSNR and MS-SSIM compare what a viewer would see.
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
final class RgbPixels {
    private final int width;
    private final int height;
    private final byte[] samples; // interleaved R, G, B

    private RgbPixels(int width, int height, byte[] samples) {
        this.width = width;
        this.height = height;
        this.samples = samples;
    }

    static RgbPixels of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int bits = cm.getComponentSize(0);
        boolean grey = cm.getNumColorComponents() == 1;
        if (grey || bits > 8 && cm.getColorSpace().isCS_sRGB()) {
            // getRGB would treat grey as linear light and re-gamma it; map the samples directly instead
            int bands = cm.getNumColorComponents();
            double max = (1 << bits) - 1;
            int[] px = new int[raster.getNumBands()];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    int i = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        int v = px[bands == 1 ? 0 : c];
                        out[i + c] = (byte) (int) Math.round(v * 255.0 / max);
                    }
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    out[i] = (byte) (row[x] >> 16);
                    out[i + 1] = (byte) (row[x] >> 8);
                    out[i + 2] = (byte) row[x];
                }
            }
        }
        return new RgbPixels(w, h, out);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Sample of channel {@code c} (0 = R) at {@code (x, y)}, 0..255. */
    int sample(int x, int y, int c) {
        return samples[(y * width + x) * 3 + c] & 0xff;
    }

    /** One channel as doubles in 0..255, row-major. */
    double[] plane(int c) {
        double[] p = new double[width * height];
        for (int i = 0; i < p.length; i++) {
            p[i] = samples[i * 3 + c] & 0xff;
        }
        return p;
    }

    /** A {@code TYPE_3BYTE_BGR} copy: the layout every in-process encoder accepts. */
    BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                row[x] = (samples[i] & 0xff) << 16 | (samples[i + 1] & 0xff) << 8 | samples[i + 2] & 0xff;
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    void requireSameSize(RgbPixels other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("size differs: " + width + "x" + height + " vs "
                    + other.width + "x" + other.height);
        }
    }
}
