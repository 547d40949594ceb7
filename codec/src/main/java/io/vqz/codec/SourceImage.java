package io.vqz.codec;

import java.io.IOException;

import io.vqz.format.ColourLayout;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;

/**
 * Reads any {@link RenderedImage} as sRGB float planes in [0,1], one rectangle at a time, so a huge image is
 * never converted whole. Coordinates outside the image repeat the nearest edge pixel: that is the padding to
 * the grid multiple.
 * <p>
 * Grey images (one colour component in a grey colour space) are read as their stored values, replicated to
 * R, G and B: the codec treats grey samples as already perceptually coded, as PNG and JPEG readers do.
 * Colour (the codec's one policy, which {@link VqzEncoder} and the ImageIO writer share): RGB samples in a colour
 * space with an ICC profile other than sRGB (Adobe RGB, Display P3, ...) are coded as they are, and the profile
 * travels with them ({@link #profile()}, stored as the file's {@code iccp}), so wide-gamut colours survive and a
 * colour-managed viewer shows them right; every other space (CMYK, linear RGB, custom spaces without a profile) is
 * converted to sRGB by {@link ColorConvertOp}. Premultiplied alpha is divided out.
 */
final class SourceImage {
    private final RenderedImage image;
    private final ColorModel cm;
    private final int minX;
    private final int minY;
    final int width;
    final int height;
    final boolean grey;
    final boolean alpha;
    private final boolean srgb;
    /** RGB samples in an ICC profile other than sRGB, coded as they are (see the class comment). */
    private final boolean profiled;

    /**
     * Checks that an image of {@code w × h} pixels can be coded: the one size check of every path that takes an
     * image (encoder, scorer), with one message.
     *
     * @throws IOException if a side is below 1 or above {@link io.vqz.format.VqzHeader#MAX_DIMENSION}
     */
    static void checkSize(int w, int h) throws IOException {
        int max = io.vqz.format.VqzHeader.MAX_DIMENSION;
        if (w < 1 || h < 1 || w > max || h > max) {
            throw new IOException("image size " + w + "x" + h + " outside 1x1.." + max + "x" + max);
        }
    }

    SourceImage(RenderedImage image) {
        this.image = image;
        this.cm = image.getColorModel();
        this.minX = image.getMinX();
        this.minY = image.getMinY();
        this.width = image.getWidth();
        this.height = image.getHeight();
        ColorSpace cs = cm == null ? null : cm.getColorSpace();
        this.grey = cm instanceof ComponentColorModel && cs.getType() == ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1;
        this.alpha = cm != null && cm.hasAlpha();
        this.profiled = !grey && cm != null && !(cm instanceof IndexColorModel) && !cs.isCS_sRGB()
                && cs instanceof ICC_ColorSpace && cs.getType() == ColorSpace.TYPE_RGB
                && cs != ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB) && !cm.isAlphaPremultiplied()
                && (cm instanceof ComponentColorModel || cm instanceof java.awt.image.DirectColorModel);
        this.srgb = cm == null || cm instanceof IndexColorModel || cs.isCS_sRGB() || profiled;
    }

    /**
     * The ICC profile the samples are in when they are coded as they are (an RGB space with a profile other than
     * sRGB), else null.
     */
    byte[] profile() {
        return profiled ? ((ICC_ColorSpace) cm.getColorSpace()).getProfile().getData() : null;
    }

    ColourLayout layout(boolean keepAlpha) {
        boolean a = alpha && keepAlpha;
        return grey ? (a ? ColourLayout.GREY_ALPHA : ColourLayout.GREY) : (a ? ColourLayout.RGB_ALPHA : ColourLayout.RGB);
    }

    /**
     * Fills {@code out} (planar R, G, B, each w·h) with the pixels of the rectangle at (x0, y0), edge-replicating
     * outside the image.
     */
    void readRgb(int x0, int y0, int w, int h, float[] out) {
        int rx0 = clamp(x0, width);
        int ry0 = clamp(y0, height);
        int rx1 = clamp(x0 + w - 1, width) + 1;
        int ry1 = clamp(y0 + h - 1, height) + 1;
        int rw = rx1 - rx0;
        int rh = ry1 - ry0;
        float[] region = new float[3 * rw * rh];
        readInside(rx0, ry0, rw, rh, region);
        int plane = w * h;
        int rplane = rw * rh;
        for (int y = 0; y < h; y++) {
            int sy = clamp(y0 + y, height) - ry0;
            for (int x = 0; x < w; x++) {
                int sx = clamp(x0 + x, width) - rx0;
                int s = sy * rw + sx;
                int d = y * w + x;
                out[d] = region[s];
                out[plane + d] = region[rplane + s];
                out[2 * plane + d] = region[2 * rplane + s];
            }
        }
    }

    /** The 8-bit alpha plane (w·h, row-major), or null if the image has none. */
    byte[] alphaPlane() {
        if (!alpha) {
            return null;
        }
        byte[] plane = new byte[width * height];
        int band = cm.getNumComponents() - 1;
        int strip = Math.max(1, (1 << 20) / Math.max(1, width));
        for (int y0 = 0; y0 < height; y0 += strip) {
            int h = Math.min(strip, height - y0);
            Raster r = raster(0, y0, width, h);
            if (cm instanceof ComponentColorModel) {
                int max = (1 << cm.getComponentSize(band)) - 1;
                int[] row = new int[width];
                for (int y = 0; y < h; y++) {
                    r.getSamples(0, y, width, 1, band, row);
                    for (int x = 0; x < width; x++) {
                        plane[(y0 + y) * width + x] = (byte) to8(row[x], max);
                    }
                }
            } else {
                Object px = null;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < width; x++) {
                        px = r.getDataElements(x, y, px);
                        plane[(y0 + y) * width + x] = (byte) cm.getAlpha(px);
                    }
                }
            }
        }
        return plane;
    }

    private void readInside(int x0, int y0, int w, int h, float[] out) {
        Raster r = raster(x0, y0, w, h);
        int plane = w * h;
        if (grey) {
            int max = (1 << cm.getComponentSize(0)) - 1;
            float scale = 1f / max;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    float v = Math.min(1f, row[x] * scale);
                    int d = y * w + x;
                    out[d] = v;
                    out[plane + d] = v;
                    out[2 * plane + d] = v;
                }
            }
            return;
        }
        if (srgb && eightBitSamples()) {
            int[] row = new int[w];
            for (int band = 0; band < 3; band++) {
                for (int y = 0; y < h; y++) {
                    r.getSamples(0, y, w, 1, band, row);
                    int base = band * plane + y * w;
                    for (int x = 0; x < w; x++) {
                        out[base + x] = row[x] / 255f;
                    }
                }
            }
            return;
        }
        if (profiled) {
            // RGB samples of another size in their own profile: scaled to [0,1] as they are, never converted
            int[] row = new int[w];
            for (int band = 0; band < 3; band++) {
                float scale = 1f / ((1 << cm.getComponentSize(band)) - 1);
                for (int y = 0; y < h; y++) {
                    r.getSamples(0, y, w, 1, band, row);
                    int base = band * plane + y * w;
                    for (int x = 0; x < w; x++) {
                        out[base + x] = Math.min(1f, row[x] * scale);
                    }
                }
            }
            return;
        }
        int[] argb = new int[w * h];
        if (srgb) {
            Object px = null;
            ColorModel model = cm == null ? ColorModel.getRGBdefault() : cm;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px = r.getDataElements(x, y, px);
                    argb[y * w + x] = model.getRGB(px);
                }
            }
        } else {
            BufferedImage src = new BufferedImage(cm, (WritableRaster) r, cm.isAlphaPremultiplied(), null);
            BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(src, dst);
            dst.getRGB(0, 0, w, h, argb, 0, w);
        }
        for (int i = 0; i < w * h; i++) {
            int p = argb[i];
            out[i] = ((p >> 16) & 255) / 255f;
            out[plane + i] = ((p >> 8) & 255) / 255f;
            out[2 * plane + i] = (p & 255) / 255f;
        }
    }

    /** Whether bands 0..2 of the raster are straight 8-bit sRGB R, G, B, so samples can be read directly. */
    private boolean eightBitSamples() {
        if (cm == null || cm.isAlphaPremultiplied() || cm instanceof IndexColorModel
                || !(cm instanceof ComponentColorModel || cm instanceof java.awt.image.DirectColorModel)
                || cm.getNumColorComponents() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (cm.getComponentSize(i) != 8) {
                return false;
            }
        }
        return true;
    }

    /** A writable copy of the rectangle (image coordinates from 0), translated to the origin. */
    private Raster raster(int x0, int y0, int w, int h) {
        Raster r = image.getData(new Rectangle(minX + x0, minY + y0, w, h));
        WritableRaster copy = r instanceof WritableRaster ? (WritableRaster) r : null;
        if (copy == null) {
            copy = r.createCompatibleWritableRaster(r.getBounds());
            copy.setRect(r);
        }
        return copy.createWritableTranslatedChild(0, 0);
    }

    private static int to8(int v, int max) {
        return max == 255 ? v : (int) ((v * 255L + max / 2) / max);
    }

    static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }
}
