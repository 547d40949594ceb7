package io.vqz.cli;

import java.awt.color.ICC_Profile;
import java.util.Arrays;
import java.util.Set;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

import org.w3c.dom.Node;

import io.vqz.format.VqzMetadata;

/**
 * Embeds a {@code .vqz} file's ICC profile, EXIF and XMP in JPEG outputs through the JDK's native ImageIO
 * metadata tree, in the places {@link ImageMetadata} reads them from (PNG outputs get theirs from
 * {@link PngWriter}).
 *
 * @since 0.1
 */
final class ImageMetadataWriter {

    private ImageMetadataWriter() {
    }

    /**
     * Image metadata for {@code writer} carrying what {@code md} holds (of the selected kinds), or {@code null}
     * when there is nothing to write or the writer's format has no place for it: JPEG gets an {@code APP2} ICC
     * profile and {@code APP1} Exif and XMP segments.
     */
    static IIOMetadata forWriter(ImageWriter writer, ImageTypeSpecifier type, ImageWriteParam param,
                                 VqzMetadata md, Set<MetadataKind> kinds) {
        if (md == null || kinds.isEmpty()) {
            return null;
        }
        byte[] icc = kinds.contains(MetadataKind.ICC) ? md.icc() : null;
        byte[] exif = kinds.contains(MetadataKind.EXIF) ? md.exif() : null;
        byte[] xmp = kinds.contains(MetadataKind.XMP) ? md.xmp() : null;
        if (icc == null && exif == null && xmp == null) {
            return null;
        }
        IIOMetadata meta = writer.getDefaultImageMetadata(type, param);
        if (meta == null || meta.isReadOnly()) {
            return null;
        }
        String format = meta.getNativeMetadataFormatName();
        try {
            if (ImageMetadata.JPEG.equals(format)) {
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(ImageMetadata.JPEG);
                jpegTree(root, icc, exif, xmp);
                meta.setFromTree(ImageMetadata.JPEG, root);
            } else {
                return null;
            }
        } catch (IIOInvalidTreeException | IllegalArgumentException e) {
            // a profile or segment the writer rejects: write the pixels without it rather than fail
            return null;
        }
        return meta;
    }

    private static void jpegTree(IIOMetadataNode root, byte[] icc, byte[] exif, byte[] xmp) {
        Node seq = root.getElementsByTagName("markerSequence").item(0);
        Node jfif = root.getElementsByTagName("app0JFIF").item(0);
        if (icc != null && jfif != null) {
            IIOMetadataNode n = new IIOMetadataNode("app2ICC");
            n.setUserObject(ICC_Profile.getInstance(icc));
            jfif.appendChild(n);
        }
        if (seq == null) {
            return;
        }
        // APP1 segments go first in the marker sequence: they must precede the tables and the frame
        Node first = seq.getFirstChild();
        if (exif != null && ImageMetadata.EXIF_PREFIX.length + exif.length <= 65533) {
            seq.insertBefore(unknown(0xE1, concat(ImageMetadata.EXIF_PREFIX, exif)), first);
        }
        if (xmp != null && ImageMetadata.XMP_PREFIX.length + xmp.length <= 65533) {
            seq.insertBefore(unknown(0xE1, concat(ImageMetadata.XMP_PREFIX, xmp)), first);
        }
    }

    private static IIOMetadataNode unknown(int marker, byte[] data) {
        IIOMetadataNode n = new IIOMetadataNode("unknown");
        n.setAttribute("MarkerTag", Integer.toString(marker));
        n.setUserObject(data);
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
