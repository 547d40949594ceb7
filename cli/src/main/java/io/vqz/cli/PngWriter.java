package io.vqz.cli;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import io.vqz.format.VqzMetadata;

/**
 * Writes the pictures a decode makes (8-bit RGB, RGBA, grey and grey with alpha) as PNG, without ImageIO.
 * <p>
 * Why not ImageIO's PNG writer: in a cold {@code vqz decode} ImageIO's plugin scan and its writer's Java row
 * filters (run interpreted, then compiled on-stack-replaced) took about 0.15 s of a 1.2 s command. This writer
 * writes the file's ICC profile as {@code iCCP}, EXIF as {@code eXIf} and XMP as an {@code iTXt} entry, where
 * {@link ImageMetadata} reads them back, and the pixels with one row filter, Up (Sub for the first row), at zlib
 * level 4 (the JDK writer's default). On decoded Kodak pictures that is as small as choosing among all five filters
 * per row (libpng's heuristic: kodim23 at quality 75 in 502 kB against 501) at 40 % of the time, and 43 % smaller
 * than ImageIO's PNG writer, which left the rows unfiltered (873 kB); on original photographs, noisier, Up is 3-5 %
 * larger than the per-row choice.
 * {@link ImageFiles} makes any other kind of picture 8-bit RGB or RGBA first ({@link #canWrite}).
 * <p>
 * Stateless; thread-safe.
 *
 * @since 0.9
 */
final class PngWriter {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The JDK writer's default; on kodim23 level 6 took three times as long for 4 % less, level 1 made 7 % more. */
    private static final int LEVEL = 4;
    private static final int IDAT_BYTES = 1 << 16;

    private PngWriter() {
    }

    /** Whether {@link #write} takes this picture: the four kinds a decode makes. */
    static boolean canWrite(BufferedImage image) {
        return colourType(image) >= 0;
    }

    /**
     * Writes {@code image} as a PNG file to {@code out} (not closed).
     *
     * @param md    the metadata to embed, or null
     * @param icc   whether to embed {@code md}'s ICC profile; likewise {@code exif} and {@code xmp}
     * @throws IllegalArgumentException if {@link #canWrite} is false for the image
     */
    static void write(BufferedImage image, OutputStream out, VqzMetadata md, boolean icc, boolean exif, boolean xmp)
            throws IOException {
        int type = colourType(image);
        if (type < 0) {
            throw new IllegalArgumentException("not an 8-bit RGB, RGBA, grey or grey-alpha picture: " + image);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        DataOutputStream o = new DataOutputStream(out);
        o.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8;
        ihdr[9] = (byte) type;
        chunk(o, "IHDR", ihdr, ihdr.length);
        if (md != null && icc && md.icc() != null) {
            byte[] name = "ICC profile".getBytes(StandardCharsets.ISO_8859_1);
            byte[] z = deflate(md.icc(), Deflater.BEST_COMPRESSION);
            byte[] data = new byte[name.length + 2 + z.length];
            System.arraycopy(name, 0, data, 0, name.length);
            System.arraycopy(z, 0, data, name.length + 2, z.length); // separator 0, method 0 (deflate)
            chunk(o, "iCCP", data, data.length);
        }
        if (md != null && exif && md.exif() != null) {
            chunk(o, "eXIf", md.exif(), md.exif().length);
        }
        if (md != null && xmp && md.xmp() != null) {
            byte[] key = ImageMetadata.XMP_KEYWORD.getBytes(StandardCharsets.ISO_8859_1);
            byte[] data = new byte[key.length + 5 + md.xmp().length];
            System.arraycopy(key, 0, data, 0, key.length);
            // separator, uncompressed, method 0, empty language tag and translated keyword (each 0-terminated)
            System.arraycopy(md.xmp(), 0, data, key.length + 5, md.xmp().length);
            chunk(o, "iTXt", data, data.length);
        }
        pixels(o, image, type);
        chunk(o, "IEND", new byte[0], 0);
        o.flush();
    }

    /** PNG's colour type for the picture (0 grey, 2 RGB, 4 grey-alpha, 6 RGBA), or -1 for other kinds. */
    private static int colourType(BufferedImage image) {
        switch (image.getType()) {
            case BufferedImage.TYPE_INT_RGB:
                return 2;
            case BufferedImage.TYPE_INT_ARGB:
                return 6;
            case BufferedImage.TYPE_BYTE_GRAY:
                return 0;
            default:
                break;
        }
        Raster r = image.getRaster();
        boolean greyAlpha = image.getColorModel() instanceof ComponentColorModel
                && image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && image.getColorModel().hasAlpha() && !image.getColorModel().isAlphaPremultiplied()
                && r.getNumBands() == 2 && r.getTransferType() == DataBuffer.TYPE_BYTE
                && r.getSampleModel().getSampleSize(0) == 8 && r.getSampleModel().getSampleSize(1) == 8;
        return greyAlpha ? 4 : -1;
    }

    /** The IDAT chunks: each row's filter byte and filtered bytes, deflated. */
    private static void pixels(DataOutputStream o, BufferedImage image, int type) throws IOException {
        int w = image.getWidth();
        int bpp = type == 2 ? 3 : type == 6 ? 4 : type == 4 ? 2 : 1;
        int n = w * bpp;
        byte[] prev = new byte[n];
        byte[] cur = new byte[n];
        byte[] row = new byte[n + 1];
        int[] ints = type == 2 || type == 6 ? new int[w] : null;
        Raster raster = image.getRaster();
        Deflater d = new Deflater(LEVEL);
        byte[] buf = new byte[IDAT_BYTES];
        try {
            for (int y = 0; y < image.getHeight(); y++) {
                if (ints != null) {
                    raster.getDataElements(0, y, w, 1, ints);
                    unpack(ints, cur, w, type == 6);
                } else {
                    raster.getDataElements(0, y, w, 1, cur);
                }
                filter(cur, prev, bpp, y, row);
                d.setInput(row, 0, n + 1);
                while (!d.needsInput()) {
                    drain(o, d, buf, Deflater.NO_FLUSH);
                }
                byte[] t = prev;
                prev = cur;
                cur = t;
            }
            d.finish();
            while (!d.finished()) {
                drain(o, d, buf, Deflater.NO_FLUSH);
            }
        } finally {
            d.end();
        }
    }

    private static void drain(DataOutputStream o, Deflater d, byte[] buf, int flush) throws IOException {
        int len = d.deflate(buf, 0, buf.length, flush);
        if (len > 0) {
            chunk(o, "IDAT", buf, len);
        }
    }

    /** Packed (A)RGB ints as R, G, B (, A) bytes. */
    private static void unpack(int[] px, byte[] out, int w, boolean alpha) {
        int j = 0;
        for (int i = 0; i < w; i++) {
            int p = px[i];
            out[j] = (byte) (p >> 16);
            out[j + 1] = (byte) (p >> 8);
            out[j + 2] = (byte) p;
            if (alpha) {
                out[j + 3] = (byte) (p >>> 24);
                j += 4;
            } else {
                j += 3;
            }
        }
    }

    private static void chunk(DataOutputStream o, String type, byte[] data, int len) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, len);
        o.writeInt(len);
        o.write(t);
        o.write(data, 0, len);
        o.writeInt((int) crc.getValue());
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static byte[] deflate(byte[] data, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(data);
            d.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Row {@code cur} filtered into {@code out} (type byte first): Sub for the first row, Up for the others. */
    private static void filter(byte[] cur, byte[] prev, int bpp, int y, byte[] out) {
        if (y == 0) {
            out[0] = 1;
            for (int i = 0; i < cur.length; i++) {
                out[i + 1] = (byte) (cur[i] - (i >= bpp ? cur[i - bpp] : 0));
            }
        } else {
            out[0] = 2;
            for (int i = 0; i < cur.length; i++) {
                out[i + 1] = (byte) (cur[i] - prev[i]);
            }
        }
    }
}
