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
 * <p>
 * A preview (scale s > 1) is reduced as the blocks arrive: every output pixel is the rounded mean of the s × s
 * region pixels it covers (fewer at the right and bottom edges), summed here block by block, so a preview
 * needs memory for the preview only, never for the full-size image.
 */
final class OutputImage {
    private final int rx;
    private final int ry;
    private final int rw;
    private final int rh;
    private final int scale;
    private final int ow;
    private final int oh;
    private final int bands;
    private final boolean grey;
    private final ColourLayout layout;
    /** Full size (scale 1): the image itself. */
    private final BufferedImage full;
    /** Preview: per band, the sum of the 8-bit samples under every output pixel. */
    private final int[][] sums;
    /** Where full-size samples go instead of {@link #full}, or null. */
    private final SampleSink sink;

    /** A full-size image of the region (rx, ry, rw, rh). */
    OutputImage(ColourLayout layout, int rx, int ry, int rw, int rh) {
        this(layout, rx, ry, rw, rh, 1);
    }

    /** The region (rx, ry, rw, rh) reduced by {@code scale} (rounded up). */
    OutputImage(ColourLayout layout, int rx, int ry, int rw, int rh, int scale) {
        this(layout, rx, ry, rw, rh, scale, null);
    }

    /**
     * The region (rx, ry, rw, rh) reduced by {@code scale}, or, with a {@code sink} (scale 1 only), delivered to it
     * instead of being kept.
     */
    OutputImage(ColourLayout layout, int rx, int ry, int rw, int rh, int scale, SampleSink sink) {
        if (sink != null && scale != 1) {
            throw new IllegalArgumentException("a sample sink takes full-size decodes only, not 1/" + scale);
        }
        this.sink = sink;
        this.rx = rx;
        this.ry = ry;
        this.rw = rw;
        this.rh = rh;
        this.scale = scale;
        this.ow = (rw + scale - 1) / scale;
        this.oh = (rh + scale - 1) / scale;
        this.layout = layout;
        this.grey = !layout.isColour();
        this.bands = (grey ? 1 : 3) + (layout.hasAlpha() ? 1 : 0);
        this.full = scale == 1 && sink == null ? create(layout, rw, rh) : null;
        this.sums = scale == 1 ? null : new int[bands][ow * oh];
    }

    /** Bytes of the Java heap an output of the region rw × rh reduced by {@code scale} takes while it is built. */
    static long bytes(ColourLayout layout, int rw, int rh, int scale) {
        long ow = (rw + scale - 1) / scale;
        long oh = (rh + scale - 1) / scale;
        int bands = (layout.isColour() ? 3 : 1) + (layout.hasAlpha() ? 1 : 0);
        long image = ow * oh * (layout.isColour() ? 4 : bands);
        return scale == 1 ? image : image + 4L * bands * ow * oh;
    }

    /**
     * The finished image: full size, or the preview with every sum turned into its rounded mean; null when the
     * samples went to a sink.
     */
    BufferedImage image() {
        if (full != null || sink != null) {
            return full;
        }
        BufferedImage img = create(layout, ow, oh);
        WritableRaster raster = img.getRaster();
        int[] row = new int[ow];
        for (int oy = 0; oy < oh; oy++) {
            int cy = Math.min(rh, oy * scale + scale) - oy * scale;
            for (int b = 0; b < bands; b++) {
                for (int ox = 0; ox < ow; ox++) {
                    int count = (Math.min(rw, ox * scale + scale) - ox * scale) * cy;
                    row[ox] = (2 * sums[b][oy * ow + ox] + count) / (2 * count);
                }
                raster.setSamples(0, oy, ow, 1, b, row);
            }
        }
        return img;
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
        int n = x1 - x0;
        int[] row = new int[n];
        for (int y = y0; y < y1; y++) {
            int s = (y - py) * pw + (x0 - px);
            if (grey) {
                for (int i = 0; i < n; i++) {
                    float v = (rgb[s + i] + rgb[plane + s + i] + rgb[2 * plane + s + i]) * (1f / 3f);
                    row[i] = to8(v);
                }
                store(row, x0 - rx, y - ry, 0);
            } else {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < n; i++) {
                        row[i] = to8(rgb[c * plane + s + i]);
                    }
                    store(row, x0 - rx, y - ry, c);
                }
            }
        }
    }

    /** Sets the alpha band from the container's full-image plane (imageWidth wide). */
    void putAlpha(byte[] alpha, int imageWidth) {
        int[] row = new int[rw];
        for (int y = 0; y < rh; y++) {
            int s = (ry + y) * imageWidth + rx;
            for (int x = 0; x < rw; x++) {
                row[x] = alpha[s + x] & 255;
            }
            store(row, 0, y, bands - 1);
        }
    }

    /** Stores one row of 8-bit samples of band b at region position (x, y). */
    private void store(int[] row, int x, int y, int b) {
        if (sink != null) {
            sink.put(b, x, y, row, row.length);
            return;
        }
        if (full != null) {
            full.getRaster().setSamples(x, y, row.length, 1, b, row);
            return;
        }
        int[] sum = sums[b];
        int base = (y / scale) * ow;
        for (int i = 0; i < row.length; i++) {
            sum[base + (x + i) / scale] += row[i];
        }
    }

    static int to8(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);
        return (int) (c * 255f + 0.5f);
    }
}
