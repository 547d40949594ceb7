package io.vqz.cli;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.vqz.codec.EncodeInput;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzMetadata;

/**
 * Reads input images and writes output images through ImageIO, choosing the writer by file extension.
 *
 * @since 0.1
 */
final class ImageFiles {

    /**
     * An image read from a file, with the metadata selected by {@code --metadata} (or {@code null}), and the memory
     * reserved for encoding it (null if none was), released by {@link #close()}.
     */
    record Loaded(BufferedImage image, VqzMetadata metadata, EncodeInput memory) implements AutoCloseable {
        @Override
        public void close() {
            if (memory != null) {
                memory.close();
            }
        }
    }

    private static final float JPEG_QUALITY = 0.92f;

    private ImageFiles() {
    }

    /**
     * Reads the first image of {@code file} and the selected kinds of its metadata; with an encoder, only after
     * reserving what reading and encoding it take ({@link EncodeInput}), so a huge input is refused unread.
     */
    static Loaded read(Path file, Set<MetadataKind> kinds, VqzEncoder encoder) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return read(in, kinds, encoder);
        }
    }

    /** As {@link #read(Path, Set, VqzEncoder)} from a stream (e.g. standard input). */
    static Loaded read(InputStream stream, Set<MetadataKind> kinds, VqzEncoder encoder) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(stream)) {
            return read(in, kinds, encoder);
        }
    }

    private static Loaded read(ImageInputStream in, Set<MetadataKind> kinds, VqzEncoder encoder)
            throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("not an image format ImageIO can read (readable: " + readableFormats() + ")");
        }
        ImageReader reader = readers.next();
        EncodeInput memory = null;
        try {
            reader.setInput(in, true, kinds.isEmpty());
            memory = encoder == null ? null
                    : EncodeInput.read(reader, encoder, reader.getFormatName().toUpperCase(Locale.ROOT) + " image");
            BufferedImage image = memory == null ? reader.read(0) : memory.image();
            VqzMetadata md = kinds.isEmpty() ? null : ImageMetadata.extract(reader.getImageMetadata(0), kinds);
            if (md != null && md.icc() != null && colourConverted(reader, image, md.icc())) {
                md = md.withIcc(null);
                md = md.isEmpty() ? null : md;
            }
            return new Loaded(image, md, memory);
        } catch (IOException | RuntimeException | Error e) {
            if (memory != null) {
                memory.close();
            }
            throw e;
        } finally {
            reader.dispose();
        }
    }

    /**
     * Whether the pixels no longer are in the space of the file's ICC profile, so that copying the profile
     * would apply it twice or to the wrong kind of pixels: the JDK's JPEG reader converts to sRGB itself,
     * TwelveMonkeys' converts CMYK and YCCK through the profile to sRGB, and an image tagged with a colour space
     * other than sRGB or grey is converted to sRGB by the encoder. (The JDK's PNG reader ignores {@code iCCP}:
     * its pixels stay as stored and the profile travels with them.)
     */
    static boolean colourConverted(ImageReader reader, BufferedImage image, byte[] icc) {
        ColorSpace cs = image.getColorModel().getColorSpace();
        boolean jdkJpeg = reader.getClass().getName().startsWith("com.sun.imageio.plugins.jpeg.");
        boolean asStored = cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY;
        return jdkJpeg || !asStored || profileSpace(icc) != cs.getType();
    }

    /** The colour space type of an ICC profile, or -1 if it cannot be parsed. */
    private static int profileSpace(byte[] icc) {
        try {
            return ICC_Profile.getInstance(icc).getColorSpaceType();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The image formats ImageIO can read here, as lower-case suffixes. */
    static Set<String> readableSuffixes() {
        Set<String> s = new TreeSet<>();
        for (String x : ImageIO.getReaderFileSuffixes()) {
            s.add(x.toLowerCase(Locale.ROOT));
        }
        s.remove("vqz");
        return s;
    }

    private static String readableFormats() {
        return String.join(", ", readableSuffixes());
    }

    /** Whether ImageIO can write files with this extension. */
    static boolean writable(String suffix) {
        if (suffix.equalsIgnoreCase("png")) {
            return true; // PngWriter: no plugin scan for the answer
        }
        return ImageIO.getImageWritersBySuffix(suffix.toLowerCase(Locale.ROOT)).hasNext();
    }

    /** The extension of {@code name} in lower case, or {@code ""}. */
    static String suffix(String name) {
        int dot = name.lastIndexOf('.');
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return dot > slash + 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /**
     * Writes {@code image} in the format of {@code suffix} (e.g. {@code png}). Formats without alpha
     * (JPEG, BMP) get the image flattened to RGB; JPEG uses quality 0.92.
     */
    static void write(BufferedImage image, String suffix, OutputStream out) throws IOException {
        write(image, suffix, out, null, Set.of());
    }

    /**
     * Writes {@code image} with the selected kinds of {@code md} embedded where the format has a place for
     * them: PNG through {@link PngWriter} (a picture of another kind first made 8-bit RGB or RGBA), JPEG through
     * ImageIO ({@link ImageMetadataWriter#forWriter}).
     */
    static void write(BufferedImage image, String suffix, OutputStream out, VqzMetadata md,
                      Set<MetadataKind> kinds) throws IOException {
        if (suffix.equalsIgnoreCase("png")) {
            BufferedImage im = PngWriter.canWrite(image) ? image
                    : packed(image, image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB
                            : BufferedImage.TYPE_INT_RGB);
            PngWriter.write(im, out, md, kinds.contains(MetadataKind.ICC), kinds.contains(MetadataKind.EXIF),
                    kinds.contains(MetadataKind.XMP));
            return;
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersBySuffix(suffix.toLowerCase(Locale.ROOT));
        if (!writers.hasNext()) {
            throw new IOException("no image writer for ." + suffix);
        }
        ImageWriter writer = writers.next();
        boolean jpeg = suffix.equalsIgnoreCase("jpg") || suffix.equalsIgnoreCase("jpeg");
        BufferedImage im = image;
        if ((jpeg && im.getColorModel().hasAlpha()) || !writer.getOriginatingProvider().canEncodeImage(im)) {
            im = toRgb(im);
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (jpeg) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
        }
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            IIOMetadata meta = ImageMetadataWriter.forWriter(writer, ImageTypeSpecifier.createFromRenderedImage(im), param,
                    md, kinds);
            writer.write(null, new IIOImage(im, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    /** The image without alpha, as 8-bit RGB (alpha dropped, not composited). */
    static BufferedImage toRgb(BufferedImage image) {
        return packed(image, BufferedImage.TYPE_INT_RGB);
    }

    /** The image in sRGB as {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB}. */
    private static BufferedImage packed(BufferedImage image, int type) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            copy.setRGB(0, y, w, 1, row, 0, w);
        }
        return copy;
    }
}
