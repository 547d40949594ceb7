package io.vqz.imageio;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Row readers that deliver 8-bit samples in colour-layout band order (grey[, alpha] or R, G, B[, A]), picking
 * every {@code xSub}-th pixel: from ARGB (any {@link BufferedImage}, converted to sRGB by its colour model) or
 * from the raw samples of a raster (scaled from their bit depth, premultiplied alpha divided out).
 * Not thread-safe: each holds its row buffer.
 */
final class VqzSamplers {

    private VqzSamplers() {
    }

    interface Sampler {
        /** Fills {@code out} with {@code count} pixels (layout band order, 0..255) from row {@code y}. */
        void row(int x0, int y, int xSub, int count, int[] out);
    }

    static final class ArgbSampler implements Sampler {
        private final BufferedImage image;
        private final int[] argb;
        private final int bands;

        ArgbSampler(BufferedImage image, int span, int bands) {
            this.image = image;
            this.argb = new int[span];
            this.bands = bands;
        }

        @Override
        public void row(int x0, int y, int xSub, int count, int[] out) {
            int span = (count - 1) * xSub + 1;
            image.getRGB(x0, y, span, 1, argb, 0, span);
            for (int i = 0, o = 0; i < count; i++) {
                int p = argb[i * xSub];
                if (bands <= 2) {
                    out[o++] = p & 0xff;
                }
                else {
                    out[o++] = (p >> 16) & 0xff;
                    out[o++] = (p >> 8) & 0xff;
                    out[o++] = p & 0xff;
                }
                if (bands == 2 || bands == 4) {
                    out[o++] = p >>> 24;
                }
            }
        }
    }

    static final class RawSampler implements Sampler {
        private final Raster raster;
        private final int bands;
        private final boolean premultiplied;
        private final boolean floating;
        private final long[] max;
        private final int[] ints;
        private final float[] floats;

        RawSampler(Raster raster, int span, int bands, boolean premultiplied) {
            this.raster = raster;
            this.bands = bands;
            this.premultiplied = premultiplied && (bands == 2 || bands == 4);
            this.floating = !VqzPixelConverter.isIntegral(raster.getSampleModel().getDataType());
            this.max = new long[bands];
            int[] sizes = raster.getSampleModel().getSampleSize();
            for (int b = 0; b < bands; b++) {
                max[b] = (1L << Math.min(32, sizes[b])) - 1;
            }
            this.ints = floating ? null : new int[span * bands];
            this.floats = floating ? new float[span * bands] : null;
        }

        @Override
        public void row(int x0, int y, int xSub, int count, int[] out) {
            int span = (count - 1) * xSub + 1;
            int rx = raster.getMinX() + x0;
            int ry = raster.getMinY() + y;
            if (floating) {
                raster.getPixels(rx, ry, span, 1, floats);
            }
            else {
                raster.getPixels(rx, ry, span, 1, ints);
            }
            for (int i = 0; i < count; i++) {
                int in = i * xSub * bands;
                int o = i * bands;
                for (int b = 0; b < bands; b++) {
                    out[o + b] = floating ? scaleFloat(floats[in + b]) : scale(ints[in + b], max[b]);
                }
                if (premultiplied) {
                    int a = out[o + bands - 1];
                    for (int b = 0; b < bands - 1; b++) {
                        out[o + b] = a == 0 ? 0 : Math.min(255, (out[o + b] * 255 + a / 2) / a);
                    }
                }
            }
        }

        private static int scale(int value, long max) {
            long v = value & 0xffffffffL;
            if (max == 255) {
                return (int) Math.min(255, v);
            }
            return (int) Math.min(255, (v * 255 + max / 2) / max);
        }

        private static int scaleFloat(float value) {
            if (!(value > 0)) {
                return 0;
            }
            return value >= 1 ? 255 : Math.round(value * 255);
        }
    }
}
