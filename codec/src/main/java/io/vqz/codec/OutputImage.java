package io.vqz.codec;

import io.vqz.format.ColourLayout;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;

/**
 * The decoded image under construction: network blocks write their pixels (clamped, rounded to 8 bits) into
 * the part that overlaps the requested region. RGB decodes to {@code TYPE_INT_RGB} / {@code TYPE_INT_ARGB},
 * grey to {@code TYPE_BYTE_GRAY} or an 8-bit grey-alpha image.
 */
final class OutputImage {
    final BufferedImage image;
    private final int rx;
    private final int ry;
    private final int rw;
    private final int rh;
    private final boolean grey;

    OutputImage(ColourLayout layout, int rx, int ry, int rw, int rh) {
        this.rx = rx;
        this.ry = ry;
        this.rw = rw;
        this.rh = rh;
        this.grey = !layout.isColour();
        this.image = create(layout, rw, rh);
    }

    static BufferedImage create(ColourLayout layout, int w, int h) {
        switch (layout) {
            case RGB:
                return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            case RGB_ALPHA:
                return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            case GREY:
                return new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            default:
                ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
                return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        }
    }

    /** Writes the pixels of a block at image position (px, py), size pw × ph, planar RGB floats. */
    void put(float[] rgb, int px, int py, int pw, int ph) {
        int x0 = Math.max(px, rx);
        int y0 = Math.max(py, ry);
        int x1 = Math.min(px + pw, rx + rw);
        int y1 = Math.min(py + ph, ry + rh);
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int plane = pw * ph;
        WritableRaster raster = image.getRaster();
        int n = x1 - x0;
        int[] row = new int[n];
        for (int y = y0; y < y1; y++) {
            int s = (y - py) * pw + (x0 - px);
            if (grey) {
                for (int i = 0; i < n; i++) {
                    float v = (rgb[s + i] + rgb[plane + s + i] + rgb[2 * plane + s + i]) * (1f / 3f);
                    row[i] = to8(v);
                }
                raster.setSamples(x0 - rx, y - ry, n, 1, 0, row);
            } else {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < n; i++) {
                        row[i] = to8(rgb[c * plane + s + i]);
                    }
                    raster.setSamples(x0 - rx, y - ry, n, 1, c, row);
                }
            }
        }
    }

    /** Sets the alpha band from the container's full-image plane (imageWidth wide). */
    void putAlpha(byte[] alpha, int imageWidth) {
        WritableRaster raster = image.getRaster();
        int band = raster.getNumBands() - 1;
        int[] row = new int[rw];
        for (int y = 0; y < rh; y++) {
            int s = (ry + y) * imageWidth + rx;
            for (int x = 0; x < rw; x++) {
                row[x] = alpha[s + x] & 255;
            }
            raster.setSamples(0, y, rw, 1, band, row);
        }
    }

    static int to8(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);
        return (int) (c * 255f + 0.5f);
    }

    /** Area-average reduction by {@code s}: each output pixel is the rounded mean of the pixels it covers. */
    static BufferedImage reduce(BufferedImage src, int s) {
        if (s == 1) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int ow = (w + s - 1) / s;
        int oh = (h + s - 1) / s;
        ColorModel cm = src.getColorModel();
        WritableRaster out = cm.createCompatibleWritableRaster(ow, oh);
        java.awt.image.Raster in = src.getRaster();
        int bands = in.getNumBands();
        int[] row = new int[w];
        long[] sum = new long[ow];
        int[] outRow = new int[ow];
        for (int b = 0; b < bands; b++) {
            for (int oy = 0; oy < oh; oy++) {
                java.util.Arrays.fill(sum, 0);
                int y0 = oy * s;
                int y1 = Math.min(h, y0 + s);
                for (int y = y0; y < y1; y++) {
                    in.getSamples(0, y, w, 1, b, row);
                    for (int x = 0; x < w; x++) {
                        sum[x / s] += row[x];
                    }
                }
                for (int ox = 0; ox < ow; ox++) {
                    long count = (long) (Math.min(w, ox * s + s) - ox * s) * (y1 - y0);
                    outRow[ox] = (int) ((sum[ox] * 2 + count) / (2 * count));
                }
                out.setSamples(0, oy, ow, 1, b, outRow);
            }
        }
        return new BufferedImage(cm, out, cm.isAlphaPremultiplied(), null);
    }
}
