package io.vqz.cli;

import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

import org.w3c.dom.Node;

import io.vqz.format.VqzMetadata;

/**
 * Reads ICC profile, EXIF and XMP from the JDK's native ImageIO metadata trees of PNG ({@code iCCP},
 * {@code eXIf}, {@code iTXt} "XML:com.adobe.xmp") and JPEG ({@code APP2 ICC_PROFILE}, {@code APP1 Exif},
 * {@code APP1} XMP). Other formats carry no metadata through. {@link ImageMetadataWriter} writes them back. EXIF is kept as the bare TIFF structure
 * (without JPEG's {@code "Exif\0\0"} prefix), as PNG's {@code eXIf} and WebP's {@code EXIF} hold it.
 *
 * @since 0.1
 */
final class ImageMetadata {

    static final String PNG = "javax_imageio_png_1.0";
    static final String JPEG = "javax_imageio_jpeg_image_1.0";
    static final String XMP_KEYWORD = "XML:com.adobe.xmp";
    static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] XMP_PREFIX = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] ICC_PREFIX = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    // a compressed ICC profile inflating past this is refused rather than risk running out of memory
    private static final int MAX_PROFILE = 16 << 20;

    private ImageMetadata() {
    }

    /** The selected kinds of metadata found in {@code md}, or {@code null} when there is none. */
    static VqzMetadata extract(IIOMetadata md, Set<MetadataKind> kinds) {
        byte[][] found = new byte[3][];
        if (md != null && !kinds.isEmpty()) {
            Set<String> names = Set.of(md.getNativeMetadataFormatName() == null ? new String[0]
                    : new String[] {md.getNativeMetadataFormatName()});
            if (names.contains(PNG)) {
                png(md.getAsTree(PNG), found);
            } else if (names.contains(JPEG)) {
                jpeg(md.getAsTree(JPEG), found);
            }
        }
        byte[] icc = kinds.contains(MetadataKind.ICC) ? found[0] : null;
        byte[] exif = kinds.contains(MetadataKind.EXIF) ? found[1] : null;
        byte[] xmp = kinds.contains(MetadataKind.XMP) ? found[2] : null;
        return icc == null && exif == null && xmp == null ? null : VqzMetadata.of(icc, exif, xmp);
    }

    private static void png(Node root, byte[][] found) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeName()) {
                case "iCCP" -> found[0] = inflate(userObject(n));
                case "iTXt" -> {
                    for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
                        if (XMP_KEYWORD.equals(attr(e, "keyword")) && attr(e, "text") != null) {
                            found[2] = attr(e, "text").getBytes(StandardCharsets.UTF_8);
                        }
                    }
                }
                case "UnknownChunks" -> {
                    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if ("eXIf".equals(attr(c, "type"))) {
                            found[1] = userObject(c);
                        }
                    }
                }
                default -> { }
            }
        }
    }

    private static void jpeg(Node root, byte[][] found) {
        Map<Integer, byte[]> iccParts = new TreeMap<>();
        visitJpeg(root, found, iccParts);
        if (found[0] == null && !iccParts.isEmpty()) {
            ByteArrayOutputStream icc = new ByteArrayOutputStream();
            iccParts.values().forEach(icc::writeBytes);
            found[0] = icc.toByteArray();
        }
    }

    private static void visitJpeg(Node node, byte[][] found, Map<Integer, byte[]> iccParts) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("app2ICC".equals(n.getNodeName()) && n instanceof IIOMetadataNode m
                    && m.getUserObject() instanceof ICC_Profile p) {
                found[0] = p.getData();
            } else if ("unknown".equals(n.getNodeName()) && userObject(n) != null) {
                byte[] data = userObject(n);
                String tag = attr(n, "MarkerTag");
                if ("225".equals(tag) && startsWith(data, EXIF_PREFIX)) {
                    found[1] = Arrays.copyOfRange(data, EXIF_PREFIX.length, data.length);
                } else if ("225".equals(tag) && startsWith(data, XMP_PREFIX)) {
                    found[2] = Arrays.copyOfRange(data, XMP_PREFIX.length, data.length);
                } else if ("226".equals(tag) && startsWith(data, ICC_PREFIX) && data.length > ICC_PREFIX.length + 2) {
                    iccParts.put(data[ICC_PREFIX.length] & 0xFF,
                            Arrays.copyOfRange(data, ICC_PREFIX.length + 2, data.length));
                }
            }
            visitJpeg(n, found, iccParts);
        }
    }

    private static byte[] userObject(Node n) {
        return n instanceof IIOMetadataNode m && m.getUserObject() instanceof byte[] b
                ? b : null;
    }

    private static String attr(Node n, String name) {
        Node a = n.getAttributes() == null ? null : n.getAttributes().getNamedItem(name);
        return a == null ? null : a.getNodeValue();
    }

    static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    // the JDK keeps iCCP's profile zlib-compressed, as stored in the file
    private static byte[] inflate(byte[] compressed) {
        if (compressed == null) {
            return null;
        }
        Inflater inf = new Inflater();
        try {
            inf.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 2);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_PROFILE) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }
}
