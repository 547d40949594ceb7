package io.vqz.imageio;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadataFormat;
import javax.imageio.metadata.IIOMetadataFormatImpl;

/**
 * Describes the native image metadata tree {@value VqzProviderInfo#NATIVE_IMAGE_METADATA_FORMAT_NAME}:
 * <pre>
 * &lt;io_vqz_imageio_1.0&gt;
 *   &lt;Image width height colourLayout/&gt;                       GREY, GREY_ALPHA, RGB or RGB_ALPHA
 *   &lt;Compression model modelId quality bitsPerPixel downsampling codebookSize
 *                tileWidth tileHeight tilesAcross tilesDown/&gt;   modelId: SHA-256 of the model bundle, hex
 *   &lt;ICCProfile length/&gt;  &lt;Exif length/&gt;  &lt;XMP length/&gt;   optional, user object: the bytes
 * &lt;/io_vqz_imageio_1.0&gt;
 * </pre>
 * Public only because ImageIO loads it reflectively. Immutable singleton, thread-safe.
 *
 * @since 0.1
 */
public final class VqzImageMetadataFormat extends IIOMetadataFormatImpl {

    private static final VqzImageMetadataFormat INSTANCE = new VqzImageMetadataFormat();

    private VqzImageMetadataFormat() {
        super(VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME, CHILD_POLICY_SOME);

        addElement("Image", getRootName(), CHILD_POLICY_EMPTY);
        addAttribute("Image", "width", DATATYPE_INTEGER, false, null, "1", null, true, false);
        addAttribute("Image", "height", DATATYPE_INTEGER, false, null, "1", null, true, false);
        addAttribute("Image", "colourLayout", DATATYPE_STRING, false, null,
                java.util.Arrays.asList("GREY", "GREY_ALPHA", "RGB", "RGB_ALPHA"));

        addElement("Compression", getRootName(), CHILD_POLICY_EMPTY);
        addAttribute("Compression", "model", DATATYPE_STRING, false, null);
        addAttribute("Compression", "modelId", DATATYPE_STRING, false, null);
        addAttribute("Compression", "quality", DATATYPE_INTEGER, false, null, "0", "100", true, true);
        addAttribute("Compression", "bitsPerPixel", DATATYPE_FLOAT, false, null, "0", null, true, false);
        for (String name : new String[] {"downsampling", "codebookSize", "tileWidth", "tileHeight", "tilesAcross", "tilesDown"}) {
            addAttribute("Compression", name, DATATYPE_INTEGER, false, null, "1", null, true, false);
        }

        for (String blob : new String[] {"ICCProfile", "Exif", "XMP"}) {
            addElement(blob, getRootName(), CHILD_POLICY_EMPTY);
            addAttribute(blob, "length", DATATYPE_INTEGER, true, null, "0", null, true, false);
            addObjectValue(blob, byte.class, 0, Integer.MAX_VALUE);
        }
    }

    @Override
    public boolean canNodeAppear(String elementName, ImageTypeSpecifier imageType) {
        return true;
    }

    /** The singleton; the name ImageIO looks up reflectively. */
    public static IIOMetadataFormat getInstance() {
        return INSTANCE;
    }
}
