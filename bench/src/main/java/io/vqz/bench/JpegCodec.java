package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * Baseline JPEG in-process through the JDK's ImageIO writer: JFIF, YCbCr 4:2:0 (set explicitly in the
 * SOF metadata, which is also the JDK's default for three-channel images), optimised Huffman tables
 * (as {@code cjpeg -optimize}), the IJG quality scale. Decoded with the JDK's ImageIO reader.
 * Not thread-safe (one writer instance per codec object is reused).
 *
 * @since 0.1
 */
final class JpegCodec implements BenchCodec {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    @Override
    public String name() {
        return "jpeg";
    }

    @Override
    public String description() {
        return "JPEG, JDK ImageIO writer (Java " + System.getProperty("java.version")
                + "), 4:2:0, optimised Huffman, IJG quality";
    }

    @Override
    public String unavailableReason() {
        return ImageIO.getImageWritersByFormatName("jpeg").hasNext() ? null : "no ImageIO JPEG writer";
    }

    @Override
    public void warmUp(Source source, int quality, Path work) throws IOException {
        for (int i = 0; i < 5; i++) {
            code(source, quality, work);
        }
    }

    @Override
    public Coded code(Source source, int quality, Path work) throws IOException {
        long t0 = System.nanoTime();
        byte[] jpeg = encode(source.image(), quality);
        long t1 = System.nanoTime();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        long t2 = System.nanoTime();
        if (decoded == null) {
            throw new IOException("the JDK could not read back its own JPEG");
        }
        return new Coded(jpeg.length, t1 - t0, t2 - t1, decoded);
    }

    /** Encodes a three-channel image at IJG quality 0..100. */
    static byte[] encode(BufferedImage image, int quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no ImageIO JPEG writer");
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(Math.max(0, Math.min(100, quality)) / 100f);
            if (param instanceof JPEGImageWriteParam jpegParam) {
                jpegParam.setOptimizeHuffmanTables(true);
            }
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            subsample420(meta);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, meta), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static void subsample420(IIOMetadata meta) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        NodeList specs = root.getElementsByTagName("componentSpec");
        if (specs.getLength() != 3) {
            throw new IOException("expected three JPEG components, got " + specs.getLength());
        }
        for (int i = 0; i < 3; i++) {
            IIOMetadataNode spec = (IIOMetadataNode) specs.item(i);
            String factor = i == 0 ? "2" : "1";
            spec.setAttribute("HsamplingFactor", factor);
            spec.setAttribute("VsamplingFactor", factor);
        }
        meta.setFromTree(FORMAT, root);
    }
}
