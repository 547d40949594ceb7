package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vqz.format.VqzMetadata;

class ImageMetadataTest {

    static final byte[] ICC = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    static final byte[] EXIF = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
    static final byte[] XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void pngIccExifAndXmp() throws Exception {
        Path p = dir.resolve("m.png");
        Files.write(p, png());
        VqzMetadata md = ImageFiles.read(p, MetadataKind.select(null), null).metadata();
        assertArrayEquals(ICC, md.icc());
        assertArrayEquals(EXIF, md.exif());
        assertArrayEquals(XMP, md.xmp());
        md = ImageFiles.read(p, EnumSet.of(MetadataKind.EXIF), null).metadata();
        assertNull(md.icc());
        assertArrayEquals(EXIF, md.exif());
        assertNull(md.xmp());
        assertNull(ImageFiles.read(p, MetadataKind.select(java.util.List.of(MetadataKind.NONE)), null).metadata());
    }

    @Test
    void jpegIccExifAndXmp() throws Exception {
        Path p = dir.resolve("m.jpg");
        Files.write(p, jpeg());
        VqzMetadata md = raw(p);
        assertArrayEquals(ICC, md.icc());
        assertArrayEquals(EXIF, md.exif());
        assertArrayEquals(XMP, md.xmp());
        // TwelveMonkeys' JPEG reader leaves RGB pixels in the profile's space (sRGB here): the profile travels
        // with them (a CMYK profile, applied on reading, does not: CmykInputTest)
        md = ImageFiles.read(p, MetadataKind.select(null), null).metadata();
        assertArrayEquals(ICC, md.icc());
        assertArrayEquals(EXIF, md.exif());
        assertArrayEquals(XMP, md.xmp());
    }

    /** All the metadata in a file, as found, without the reader-dependent ICC rule. */
    static VqzMetadata raw(Path p) throws IOException {
        try (var in = ImageIO.createImageInputStream(p.toFile())) {
            var reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return ImageMetadata.extract(reader.getImageMetadata(0), MetadataKind.select(null));
        }
    }

    @Test
    void imagesWithoutMetadataGiveNull() throws Exception {
        Path p = CliRun.png(dir, "plain.png", 8, 8);
        assertNull(ImageFiles.read(p, MetadataKind.select(null), null).metadata());
    }

    @Test
    void selection() {
        assertEquals(EnumSet.of(MetadataKind.ICC, MetadataKind.EXIF, MetadataKind.XMP), MetadataKind.select(null));
        assertEquals(EnumSet.of(MetadataKind.ICC, MetadataKind.XMP),
                MetadataKind.select(java.util.List.of(MetadataKind.XMP, MetadataKind.ICC)));
        assertEquals(EnumSet.noneOf(MetadataKind.class),
                MetadataKind.select(java.util.List.of(MetadataKind.ALL, MetadataKind.NONE)));
    }

    static byte[] png() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(CliRun.image(8, 8, false), "png", plain);
        byte[] b = plain.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, 33); // signature and IHDR
        ByteArrayOutputStream iccp = new ByteArrayOutputStream();
        iccp.writeBytes("sRGB\0\0".getBytes(StandardCharsets.ISO_8859_1));
        try (DeflaterOutputStream z = new DeflaterOutputStream(iccp)) {
            z.write(ICC);
        }
        chunk(out, "iCCP", iccp.toByteArray());
        chunk(out, "eXIf", EXIF);
        ByteArrayOutputStream itxt = new ByteArrayOutputStream();
        itxt.writeBytes("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        itxt.writeBytes(XMP);
        chunk(out, "iTXt", itxt.toByteArray());
        out.write(b, 33, b.length - 33);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    private static byte[] jpeg() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(CliRun.image(8, 8, false), "jpg", plain);
        byte[] b = plain.toByteArray();
        int app0End = 4 + ((b[4] & 0xFF) << 8 | (b[5] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, app0End);
        segment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), EXIF));
        segment(out, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1), XMP));
        segment(out, 0xE2, concat(concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1}), ICC));
        out.write(b, app0End, b.length - app0End);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write((data.length + 2) & 0xFF);
        out.writeBytes(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
