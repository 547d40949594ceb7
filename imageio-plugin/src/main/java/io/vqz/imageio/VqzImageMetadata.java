package io.vqz.imageio;

import com.twelvemonkeys.imageio.StandardImageMetadataSupport;
import io.vqz.format.VqzHeader;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadataNode;
import java.util.Locale;
import org.w3c.dom.Node;

/**
 * Image metadata of a {@code .vqz} image, read-only. The standard {@code javax_imageio_1.0} tree describes the
 * pixels and names the model as the (lossy) compression; the native {@value VqzProviderInfo#NATIVE_IMAGE_METADATA_FORMAT_NAME}
 * tree (see {@link VqzImageMetadataFormat}) adds the model identifier, quality, bits per pixel, the tile layout and
 * the embedded ICC profile, EXIF and XMP as {@code byte[]} user objects.
 * <p>
 * Immutable, hence thread-safe.
 */
final class VqzImageMetadata extends StandardImageMetadataSupport {

    /** What the header says about the coding; all fields may be absent (writer defaults). */
    static final class Coding {
        int width = -1;
        int height = -1;
        String colourLayout;
        String modelName;
        String modelId;
        int quality = -1;
        double bitsPerPixel = Double.NaN;
        int downsampling = -1;
        int codebookSize = -1;
        int tileWidth = -1;
        int tileHeight = -1;
        int tilesAcross = -1;
        int tilesDown = -1;
        /** The container version: 1 until a file says otherwise (what the default model writes). */
        int formatVersion = 1;

        static Coding of(VqzHeader header) {
            Coding c = new Coding();
            c.formatVersion = header.formatVersion();
            c.width = header.width();
            c.height = header.height();
            c.colourLayout = header.colourLayout().name();
            c.modelName = header.modelName();
            c.modelId = header.model().hex();
            c.quality = header.quality();
            c.downsampling = header.downsampling();
            c.codebookSize = header.codebookSize();
            c.tileWidth = header.tileWidth();
            c.tileHeight = header.tileHeight();
            c.tilesAcross = header.tilesAcross();
            c.tilesDown = header.tilesDown();
            return c;
        }
    }

    private final Coding coding;
    private final byte[] icc;
    private final byte[] exif;
    private final byte[] xmp;

    VqzImageMetadata(ImageTypeSpecifier type, Coding coding, byte[] icc, byte[] exif, byte[] xmp) {
        super(builder(type)
                .withCompressionTypeName(coding.modelName != null ? coding.modelName : "VQZ")
                .withCompressionLossless(false)
                .withFormatVersion(String.valueOf(coding.formatVersion)));
        this.nativeMetadataFormatName = VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME;
        this.nativeMetadataFormatClassName = VqzImageMetadataFormat.class.getName();
        this.coding = coding;
        this.icc = icc;
        this.exif = exif;
        this.xmp = xmp;
    }

    Coding coding() {
        return coding;
    }

    byte[] icc() {
        return icc;
    }

    byte[] exif() {
        return exif;
    }

    byte[] xmp() {
        return xmp;
    }

    @Override
    protected Node getNativeTree() {
        IIOMetadataNode root = new IIOMetadataNode(VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME);

        IIOMetadataNode image = new IIOMetadataNode("Image");
        setInt(image, "width", coding.width);
        setInt(image, "height", coding.height);
        if (coding.colourLayout != null) {
            image.setAttribute("colourLayout", coding.colourLayout);
        }
        root.appendChild(image);

        IIOMetadataNode compression = new IIOMetadataNode("Compression");
        if (coding.modelName != null) {
            compression.setAttribute("model", coding.modelName);
        }
        if (coding.modelId != null) {
            compression.setAttribute("modelId", coding.modelId);
        }
        setInt(compression, "quality", coding.quality);
        if (!Double.isNaN(coding.bitsPerPixel)) {
            compression.setAttribute("bitsPerPixel", String.format(Locale.ROOT, "%.4f", coding.bitsPerPixel));
        }
        setInt(compression, "downsampling", coding.downsampling);
        setInt(compression, "codebookSize", coding.codebookSize);
        setInt(compression, "tileWidth", coding.tileWidth);
        setInt(compression, "tileHeight", coding.tileHeight);
        setInt(compression, "tilesAcross", coding.tilesAcross);
        setInt(compression, "tilesDown", coding.tilesDown);
        root.appendChild(compression);

        appendBlob(root, "ICCProfile", icc);
        appendBlob(root, "Exif", exif);
        appendBlob(root, "XMP", xmp);
        return root;
    }

    private static void setInt(IIOMetadataNode node, String name, int value) {
        if (value >= 0) {
            node.setAttribute(name, Integer.toString(value));
        }
    }

    private static void appendBlob(IIOMetadataNode root, String name, byte[] data) {
        if (data != null) {
            IIOMetadataNode node = new IIOMetadataNode(name);
            node.setAttribute("length", Integer.toString(data.length));
            node.setUserObject(data.clone());
            root.appendChild(node);
        }
    }
}
