package io.vqz.spark;

import io.vqz.format.ColourLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Spark's image struct ({@code origin, height, width, nChannels, mode, data}, the schema of Spark's built-in
 * {@code image} source and {@code ImageSchema}) and the conversions between it and {@link BufferedImage}. Pixels
 * are 8-bit, row by row, in OpenCV's order: grey ({@code CV_8UC1}, mode 0), BGR ({@code CV_8UC3}, mode 16) or
 * BGRA ({@code CV_8UC4}, mode 24).
 */
final class ImageRows {
    static final StructType IMAGE = new StructType(new StructField[] {
        DataTypes.createStructField("origin", DataTypes.StringType, true),
        DataTypes.createStructField("height", DataTypes.IntegerType, true),
        DataTypes.createStructField("width", DataTypes.IntegerType, true),
        DataTypes.createStructField("nChannels", DataTypes.IntegerType, true),
        DataTypes.createStructField("mode", DataTypes.IntegerType, true),
        DataTypes.createStructField("data", DataTypes.BinaryType, true)});
    static final int CV_8UC1 = 0;
    static final int CV_8UC3 = 16;
    static final int CV_8UC4 = 24;

    private ImageRows() {
    }

    static int mode(int channels) {
        return channels == 1 ? CV_8UC1 : channels == 3 ? CV_8UC3 : CV_8UC4;
    }

    /** The image as OpenCV-ordered bytes: grey as its stored values, colour as sRGB. */
    static byte[] bytes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * channels];
        if (channels == 1) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRaster().getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) row[x];
                }
            }
            return out;
        }
        int[] argb = new int[w];
        int i = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                out[i++] = (byte) p;
                out[i++] = (byte) (p >> 8);
                out[i++] = (byte) (p >> 16);
                if (channels == 4) {
                    out[i++] = (byte) (p >>> 24);
                }
            }
        }
        return out;
    }

    /** The channels an image keeps in the struct: 1 for grey, 4 with alpha, else 3. */
    static int channels(BufferedImage image) {
        if (image.getColorModel().hasAlpha()) {
            return 4;
        }
        return image.getRaster().getNumBands() == 1 ? 1 : 3;
    }

    /** The channels a file of this layout decodes to in the struct. */
    static int channels(ColourLayout layout) {
        return layout.hasAlpha() ? 4 : layout.bands() == 1 ? 1 : 3;
    }

    /** An image struct (external row) as an image, sharing its bytes. */
    static BufferedImage toImage(Row image) {
        if (image == null) {
            throw new IllegalArgumentException("the image is null");
        }
        // by name where the row knows its schema (a struct built with its fields in another order), else in order
        boolean named = image.schema() != null;
        int h = image.getInt(named ? image.fieldIndex("height") : 1);
        int w = image.getInt(named ? image.fieldIndex("width") : 2);
        int channels = image.getInt(named ? image.fieldIndex("nChannels") : 3);
        int mode = image.getInt(named ? image.fieldIndex("mode") : 4);
        byte[] data = (byte[]) image.get(named ? image.fieldIndex("data") : 5);
        return toImage(w, h, channels, mode, data);
    }

    static BufferedImage toImage(int w, int h, int channels, int mode, byte[] data) {
        if (mode != mode(channels) || (channels != 1 && channels != 3 && channels != 4)) {
            throw new IllegalArgumentException("unsupported image mode " + mode + " with " + channels
                    + " channels (8-bit grey, BGR or BGRA: modes 0, 16, 24)");
        }
        if (w <= 0 || h <= 0 || data == null || data.length != (long) w * h * channels) {
            throw new IllegalArgumentException("image data of " + (data == null ? "null" : data.length + " bytes")
                    + " does not match " + w + "x" + h + "x" + channels);
        }
        return interleaved(data, w, h, channels);
    }

    /** An image struct as a row of {@link #IMAGE}. */
    static Row row(String origin, BufferedImage image) {
        int channels = channels(image);
        return RowFactory.create(origin, image.getHeight(), image.getWidth(), channels, mode(channels),
                bytes(image, channels));
    }

    /** An image struct as Spark's internal row; {@code image} null gives the header fields only. */
    static InternalRow internalRow(String origin, int width, int height, int channels, BufferedImage image) {
        return new GenericInternalRow(new Object[] {UTF8String.fromString(origin), height, width, channels,
            mode(channels), image == null ? null : bytes(image, channels)});
    }

    private static BufferedImage interleaved(byte[] data, int w, int h, int channels) {
        int[] offsets = channels == 1 ? new int[] {0} : channels == 3 ? new int[] {2, 1, 0} : new int[] {2, 1, 0, 3};
        ColorSpace space = ColorSpace.getInstance(channels == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(space, channels == 4, false,
                channels == 4 ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, channels, w * channels, offsets),
                new DataBufferByte(data, data.length), null);
        return new BufferedImage(model, raster, false, null);
    }
}
