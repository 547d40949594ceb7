package io.vqz.imageio;

import org.junit.jupiter.api.Test;

import javax.imageio.metadata.IIOMetadataFormat;

import static org.junit.jupiter.api.Assertions.*;

class VqzProviderInfoTest {

    private final VqzProviderInfo info = new VqzProviderInfo();

    @Test
    void namesSuffixAndMimeType() {
        assertArrayEquals(new String[] {"vqz", "VQZ"}, info.formatNames());
        assertArrayEquals(new String[] {"vqz"}, info.suffixes());
        assertArrayEquals(new String[] {"image/x-vqz"}, info.mimeTypes());
        assertEquals(VqzImageReader.class.getName(), info.readerClassName());
        assertEquals(VqzImageWriter.class.getName(), info.writerClassName());
    }

    @Test
    void metadataFormatsResolve() {
        assertTrue(info.supportsStandardImageMetadataFormat());
        assertFalse(info.supportsStandardStreamMetadataFormat());
        assertNull(info.nativeStreamMetadataFormatName());
        assertEquals("io_vqz_imageio_1.0", info.nativeImageMetadataFormatName());
        IIOMetadataFormat format = new VqzImageReaderSpi().getImageMetadataFormat("io_vqz_imageio_1.0");
        assertSame(VqzImageMetadataFormat.getInstance(), format);
        assertTrue(format.isAttributeRequired("Exif", "length"));
        assertEquals(IIOMetadataFormat.VALUE_ARBITRARY, format.getAttributeValueType("Compression", "model"));
    }
}
