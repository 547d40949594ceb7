package io.vqz.imageio;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadataNode;
import java.awt.image.BufferedImage;

import static io.vqz.imageio.VqzImageReaderTest.child;
import static org.junit.jupiter.api.Assertions.*;

class VqzImageMetadataTest {

    private static VqzImageMetadata metadata(byte[] icc) {
        VqzImageMetadata.Coding coding = new VqzImageMetadata.Coding();
        coding.width = 64;
        coding.height = 48;
        coding.colourLayout = "RGB_ALPHA";
        coding.modelName = "test-model";
        coding.modelId = "00ff";
        coding.quality = 60;
        coding.bitsPerPixel = 0.51234;
        coding.tileWidth = 16;
        return new VqzImageMetadata(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_4BYTE_ABGR),
                coding, icc, null, VqzTestImages.XMP);
    }

    @Test
    void nativeTree() {
        Node root = metadata(new byte[] {1, 2, 3}).getAsTree(VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME);
        assertEquals("io_vqz_imageio_1.0", root.getNodeName());
        Element image = child(root, "Image");
        assertEquals("64", image.getAttribute("width"));
        assertEquals("RGB_ALPHA", image.getAttribute("colourLayout"));
        Element compression = child(root, "Compression");
        assertEquals("test-model", compression.getAttribute("model"));
        assertEquals("60", compression.getAttribute("quality"));
        assertEquals("0.5123", compression.getAttribute("bitsPerPixel"));
        assertEquals("16", compression.getAttribute("tileWidth"));
        assertFalse(compression.hasAttribute("tileHeight"), "unknown values are left out");
        IIOMetadataNode icc = (IIOMetadataNode) child(root, "ICCProfile");
        assertEquals("3", icc.getAttribute("length"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) icc.getUserObject());
        assertNull(child(root, "Exif"));
        assertNotNull(child(root, "XMP"));
    }

    @Test
    void standardTreeNamesTheModelAndIsLossy() {
        Node root = metadata(null).getAsTree("javax_imageio_1.0");
        Element compression = child(root, "Compression");
        assertEquals("test-model", child(compression, "CompressionTypeName").getAttribute("value"));
        assertEquals("FALSE", child(compression, "Lossless").getAttribute("value"));
        assertEquals("RGB", child(child(root, "Chroma"), "ColorSpaceType").getAttribute("name"));
        assertNotNull(child(root, "Transparency"));
    }

    @Test
    void readOnly() {
        VqzImageMetadata metadata = metadata(null);
        assertTrue(metadata.isReadOnly());
        assertThrows(IllegalStateException.class, () -> metadata.mergeTree("javax_imageio_1.0",
                new IIOMetadataNode("javax_imageio_1.0")));
        assertArrayEquals(new String[] {"io_vqz_imageio_1.0", "javax_imageio_1.0"}, metadata.getMetadataFormatNames());
    }
}
