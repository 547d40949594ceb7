package io.vqz.imageio;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import io.vqz.format.ColourLayout;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.util.function.DoubleConsumer;

/**
 * Turns whatever {@code ImageWriter.write} is handed into one of the four 8-bit images the codec codes (grey,
 * grey+alpha, RGB, RGBA), applying the write param's source region, subsampling and source bands on the way.
 * <p>
 * Grey and RGB images in an ICC colour space other than sRGB keep their raw samples and the colour space's profile
 * travels with them (so nothing is converted twice); other colour spaces (CMYK, Lab...) are converted to sRGB.
 * Not thread-safe; one instance per conversion.
 */
final class VqzPixelConverter {

    private static final ColorSpace GREY = ColorSpace.getInstance(ColorSpace.CS_GRAY);

    /** The converted image and the ICC profile of its samples ({@code null} for sRGB / plain grey). */
    static final class Result {
        final BufferedImage image;
        final byte[] icc;
        final ColourLayout layout;

        Result(BufferedImage image, byte[] icc, ColourLayout layout) {
            this.image = image;
            this.icc = icc;
            this.layout = layout;
        }
    }

    private VqzPixelConverter() {
    }

    /**
     * Why an image of this colour and sample model cannot be encoded, or {@code null} if it can.
     *
     * @param cm the colour model; {@code null} for a bare raster
     */
    static String refusal(ColorModel cm, SampleModel sm) {
        if (sm == null) {
            return "the image has no sample model";
        }
        int bands = sm.getNumBands();
        if (bands < 1) {
            return "the image has no bands";
        }
        if (cm == null) {
            if (bands > 4) {
                return "a raster without colour model must have 1 to 4 bands (grey, grey+alpha, RGB, RGBA), not "
                        + bands;
            }
            if (!isIntegral(sm.getDataType())) {
                return "a raster of floating-point samples needs a colour model to scale from";
            }
            return null;
        }
        if (!(cm instanceof IndexColorModel) && cm.getNumComponents() != bands) {
            return "the colour model has " + cm.getNumComponents() + " components but the image has " + bands
                    + " bands";
        }
        if (cm instanceof IndexColorModel && bands != 1) {
            return "an indexed image must have one band, not " + bands;
        }
        return null;
    }

    static boolean isIntegral(int dataType) {
        return dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_USHORT
                || dataType == DataBuffer.TYPE_SHORT || dataType == DataBuffer.TYPE_INT;
    }

    /**
     * Converts an image.
     *
     * @param image       a {@link RenderedImage}, or {@code null} when {@code raster} is given
     * @param raster      a bare raster, or {@code null} when {@code image} is given
     * @param region      source region relative to the image's (or raster's) top-left corner, clipped, not empty
     * @param xSub        horizontal subsampling period (1 for none)
     * @param ySub        vertical subsampling period
     * @param sourceBands bands to take (raw samples, layout from their count), or {@code null} for all
     * @param progress    receives the fraction of rows done
     * @param aborted     polled once per row band; {@code true} stops the conversion ({@code null} returned)
     */
    static Result convert(RenderedImage image, Raster raster, Rectangle region, int xSub, int ySub,
                          int[] sourceBands, DoubleConsumer progress, java.util.function.BooleanSupplier aborted) {
        ColorModel cm = image != null ? image.getColorModel() : null;
        Raster source;
        BufferedImage buffered = null;
        if (image instanceof BufferedImage) {
            buffered = (BufferedImage) image;
            source = buffered.getRaster();
        }
        else if (image != null) {
            // Only the region is copied, so a large tiled image is not materialised whole.
            WritableRaster copy = cm.createCompatibleWritableRaster(region.width, region.height);
            image.copyData(copy.createWritableTranslatedChild(image.getMinX() + region.x, image.getMinY() + region.y));
            buffered = new BufferedImage(cm, copy, cm.isAlphaPremultiplied(), null);
            source = buffered.getRaster();
            region = new Rectangle(0, 0, region.width, region.height);
        }
        else {
            source = raster;
        }

        Mode mode = sourceBands != null || cm == null ? Mode.RAW : mode(cm);
        int bands;
        boolean premultiplied = false;
        if (sourceBands != null) {
            source = source.createChild(source.getMinX(), source.getMinY(), source.getWidth(), source.getHeight(),
                    source.getMinX(), source.getMinY(), sourceBands);
            bands = sourceBands.length;
            if (bands > 4) {
                throw new IllegalArgumentException("at most 4 source bands can be written, not " + bands);
            }
        }
        else if (mode == Mode.RAW) {
            bands = source.getNumBands();
            premultiplied = cm != null && cm.isAlphaPremultiplied();
        }
        else if (mode == Mode.GREY_PALETTE) {
            bands = cm.hasAlpha() ? 2 : 1;
        }
        else {
            bands = cm.hasAlpha() ? 4 : 3;
        }
        ColourLayout layout = layoutFor(bands);
        byte[] icc = mode == Mode.RAW && sourceBands == null && cm != null ? iccOf(cm.getColorSpace()) : null;

        int outWidth = (region.width + xSub - 1) / xSub;
        int outHeight = (region.height + ySub - 1) / ySub;
        BufferedImage out = createTarget(layout, outWidth, outHeight);
        WritableRaster target = out.getRaster();
        int[] samples = new int[outWidth * bands];
        int span = (outWidth - 1) * xSub + 1;
        VqzSamplers.Sampler sampler = mode == Mode.RAW
                ? new VqzSamplers.RawSampler(source, span, bands, premultiplied)
                : new VqzSamplers.ArgbSampler(buffered, span, bands);
        for (int y = 0; y < outHeight; y++) {
            if ((y & 15) == 0) {
                if (aborted.getAsBoolean()) {
                    return null;
                }
                progress.accept(y / (double) outHeight);
            }
            sampler.row(region.x, region.y + y * ySub, xSub, outWidth, samples);
            target.setPixels(0, y, outWidth, 1, samples);
        }
        progress.accept(1.0);
        return new Result(out, icc, layout);
    }

    private enum Mode { RAW, ARGB, GREY_PALETTE }

    private static Mode mode(ColorModel cm) {
        if (cm instanceof IndexColorModel) {
            return isGreyPalette((IndexColorModel) cm) ? Mode.GREY_PALETTE : Mode.ARGB;
        }
        ColorSpace cs = cm.getColorSpace();
        boolean components = cm instanceof ComponentColorModel || cm instanceof DirectColorModel;
        if (cs.getType() == ColorSpace.TYPE_GRAY && components) {
            return Mode.RAW;
        }
        if (cs.getType() == ColorSpace.TYPE_RGB && components && !cs.isCS_sRGB() && cs instanceof ICC_ColorSpace) {
            return Mode.RAW;
        }
        return Mode.ARGB;
    }

    private static boolean isGreyPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int rgb = icm.getRGB(i);
            int r = (rgb >> 16) & 0xff;
            if (r != ((rgb >> 8) & 0xff) || r != (rgb & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] iccOf(ColorSpace cs) {
        if (!(cs instanceof ICC_ColorSpace) || cs.isCS_sRGB()) {
            return null;
        }
        ICC_Profile profile = ((ICC_ColorSpace) cs).getProfile();
        // Plain grey images conventionally carry no profile: keep them so.
        if (cs == GREY || ColorProfiles.isCS_GRAY(profile)) {
            return null;
        }
        return profile.getData();
    }

    static ColourLayout layoutFor(int bands) {
        switch (bands) {
            case 1: return ColourLayout.GREY;
            case 2: return ColourLayout.GREY_ALPHA;
            case 3: return ColourLayout.RGB;
            case 4: return ColourLayout.RGB_ALPHA;
            default: throw new IllegalArgumentException("cannot code " + bands + " bands");
        }
    }

    /** The standard 8-bit image for a layout: the type the codec codes and the reader returns by default. */
    static BufferedImage createTarget(ColourLayout layout, int width, int height) {
        switch (layout) {
            case GREY:
                return new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            case RGB:
                return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            case RGB_ALPHA:
                return new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
            default:
                return VqzImageTypes.greyAlpha(GREY).createBufferedImage(width, height);
        }
    }
}
