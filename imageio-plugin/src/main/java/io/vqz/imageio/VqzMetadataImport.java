package io.vqz.imageio;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.w3c.dom.Node;

/**
 * Picks EXIF and XMP out of image metadata from other plugins, so that {@code ImageIO} transcoding keeps them:
 * {@code .vqz} metadata as is, JPEG ({@code javax_imageio_jpeg_image_1.0}: APP1 segments) and PNG
 * ({@code javax_imageio_png_1.0}: the {@code XML:com.adobe.xmp} iTXt entry). The ICC profile is not taken from
 * metadata but from the colour space of the pixels actually written. Thread-safe (stateless).
 */
final class VqzMetadataImport {

    private static final byte[] EXIF_APP1 = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP_APP1 = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final String JPEG = "javax_imageio_jpeg_image_1.0";
    private static final String PNG = "javax_imageio_png_1.0";

    /** EXIF (TIFF structure, from the byte-order mark) and XMP packet; either may be {@code null}. */
    static final class Blobs {
        byte[] exif;
        byte[] xmp;
    }

    private VqzMetadataImport() {
    }

    static Blobs from(IIOMetadata metadata) {
        Blobs blobs = new Blobs();
        if (metadata instanceof VqzImageMetadata) {
            blobs.exif = ((VqzImageMetadata) metadata).exif();
            blobs.xmp = ((VqzImageMetadata) metadata).xmp();
            return blobs;
        }
        if (metadata == null || metadata.getNativeMetadataFormatName() == null) {
            return blobs;
        }
        try {
            String format = metadata.getNativeMetadataFormatName();
            if (JPEG.equals(format)) {
                fromJpeg(metadata.getAsTree(JPEG), blobs);
            }
            else if (PNG.equals(format)) {
                fromPng(metadata.getAsTree(PNG), blobs);
            }
        }
        catch (RuntimeException e) {
            // Foreign metadata we cannot interpret is simply not carried over.
        }
        return blobs;
    }

    private static void fromJpeg(Node root, Blobs blobs) {
        for (Node seq = root.getFirstChild(); seq != null; seq = seq.getNextSibling()) {
            if (!"markerSequence".equals(seq.getNodeName())) {
                continue;
            }
            for (Node marker = seq.getFirstChild(); marker != null; marker = marker.getNextSibling()) {
                if (!(marker instanceof IIOMetadataNode) || !"unknown".equals(marker.getNodeName())
                        || !"225".equals(((IIOMetadataNode) marker).getAttribute("MarkerTag"))) {
                    continue;
                }
                Object data = ((IIOMetadataNode) marker).getUserObject();
                if (!(data instanceof byte[])) {
                    continue;
                }
                byte[] bytes = (byte[]) data;
                if (blobs.exif == null && startsWith(bytes, EXIF_APP1)) {
                    blobs.exif = Arrays.copyOfRange(bytes, EXIF_APP1.length, bytes.length);
                }
                else if (blobs.xmp == null && startsWith(bytes, XMP_APP1)) {
                    blobs.xmp = Arrays.copyOfRange(bytes, XMP_APP1.length, bytes.length);
                }
            }
        }
    }

    private static void fromPng(Node root, Blobs blobs) {
        for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
            if (!"iTXt".equals(chunk.getNodeName())) {
                continue;
            }
            for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                if (entry instanceof IIOMetadataNode
                        && "XML:com.adobe.xmp".equals(((IIOMetadataNode) entry).getAttribute("keyword"))) {
                    blobs.xmp = ((IIOMetadataNode) entry).getAttribute("text").getBytes(StandardCharsets.UTF_8);
                }
            }
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
