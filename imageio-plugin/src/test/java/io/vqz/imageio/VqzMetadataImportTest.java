package io.vqz.imageio;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class VqzMetadataImportTest {

    @Test
    void xmpOfPngMetadata() throws Exception {
        ImageWriter png = ImageIO.getImageWritersByFormatName("png").next();
        IIOMetadata metadata = png.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB), null);
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", "XML:com.adobe.xmp");
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", new String(VqzTestImages.XMP, StandardCharsets.UTF_8));
        itxt.appendChild(entry);
        root.appendChild(itxt);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        png.dispose();

        VqzMetadataImport.Blobs blobs = VqzMetadataImport.from(metadata);
        assertArrayEquals(VqzTestImages.XMP, blobs.xmp);
        assertNull(blobs.exif);
    }

    @Test
    void nothingFromUnknownOrMissingMetadata() {
        VqzMetadataImport.Blobs blobs = VqzMetadataImport.from(null);
        assertNull(blobs.exif);
        assertNull(blobs.xmp);
        VqzImageMetadata own = new VqzImageMetadata(
                ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB),
                new VqzImageMetadata.Coding(), null, VqzTestImages.EXIF, null);
        assertArrayEquals(VqzTestImages.EXIF, VqzMetadataImport.from(own).exif);
    }
}
