package io.vqz.imageio;

import com.twelvemonkeys.imageio.util.ImageReaderAbstractTest;
import io.vqz.codec.MissingModelException;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzFormatException;
import io.vqz.format.VqzMetadata;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzWriter;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.ArgumentMatchers.*;
import static org.mockito.Mockito.*;

class VqzImageReaderTest extends ImageReaderAbstractTest<VqzImageReader> {

    @Override
    protected ImageReaderSpi createProvider() {
        return new VqzImageReaderSpi();
    }

    @Override
    protected List<TestData> getTestData() {
        return Arrays.asList(
                new TestData(VqzTestImages.rgbFile(), new Dimension(48, 40)),
                new TestData(VqzTestImages.greyFile(), new Dimension(32, 32)),
                new TestData(VqzTestImages.rgbaFile(), new Dimension(36, 28)),
                new TestData(VqzTestImages.adobeRgbFile(), new Dimension(40, 32)),
                new TestData(VqzTestImages.layeredFile(), new Dimension(56, 40))
        );
    }

    @Override
    protected List<String> getFormatNames() {
        return Arrays.asList("vqz", "VQZ");
    }

    @Override
    protected List<String> getSuffixes() {
        return List.of("vqz");
    }

    @Override
    protected List<String> getMIMETypes() {
        return List.of("image/x-vqz");
    }

    private ImageReader readerFor(byte[] bytes) throws IOException {
        ImageReader reader = createReader();
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
        return reader;
    }

    @Test
    void decodedTypesFollowTheColourLayout() throws IOException {
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, ImageIO.read(VqzTestImages.rgbFile()).getType());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ImageIO.read(VqzTestImages.greyFile()).getType());
        BufferedImage rgba = ImageIO.read(VqzTestImages.rgbaFile());
        assertEquals(BufferedImage.TYPE_4BYTE_ABGR, rgba.getType());
        // alpha is stored losslessly
        BufferedImage original = VqzTestImages.rgba(36, 28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 36; x++) {
                assertEquals(original.getRGB(x, y) >>> 24, rgba.getRGB(x, y) >>> 24, "alpha at " + x + "," + y);
            }
        }
    }

    @Test
    void decodesCloseToTheOriginal() throws IOException {
        BufferedImage original = VqzTestImages.image(BufferedImage.TYPE_3BYTE_BGR, 48, 40);
        BufferedImage decoded = ImageIO.read(VqzTestImages.rgbFile());
        long sum = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                int a = original.getRGB(x, y);
                int b = decoded.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    sum += Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff));
                }
            }
        }
        double meanError = sum / (48.0 * 40 * 3);
        // a lossy codec, but not noise (noise against this image would be ~80)
        assertTrue(meanError < 30, "mean absolute error " + meanError);
    }

    @Test
    void sizeTypesAndMetadataDoNotNeedTheModel() throws IOException {
        // A file coded by a model that is not installed: everything but the pixels is still available.
        byte[] bytes = VqzTestImages.bytes(VqzTestImages.rgbFile());
        VqzContainer container = VqzReader.read(new ByteArrayInputStream(bytes), VqzLimits.DEFAULT);
        byte[] unknownId = new byte[32];
        Arrays.fill(unknownId, (byte) 0x5a);
        VqzContainer foreign = container.toBuilder()
                .header(container.header().toBuilder().modelId(unknownId).modelName("elsewhere").build())
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.write(foreign, out);

        ImageReader reader = readerFor(out.toByteArray());
        assertEquals(48, reader.getWidth(0));
        assertEquals(40, reader.getHeight(0));
        assertNotNull(reader.getRawImageType(0));
        IIOMetadata metadata = reader.getImageMetadata(0);
        Element compression = child(metadata.getAsTree(VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME), "Compression");
        assertEquals("elsewhere", compression.getAttribute("model"));
        MissingModelException e = assertThrows(MissingModelException.class, () -> reader.read(0));
        assertTrue(e.getMessage().contains("elsewhere") || e.getMessage().contains("5a5a"), e.getMessage());
        reader.dispose();
    }

    @Test
    void sourceRegionDecodesOnlyTheTilesItNeeds() throws IOException {
        // 1024x16 pixels = 256x4 codes = 4 code tiles across; the last tile is damaged
        byte[] bytes = VqzTestImages.encode(VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 1024, 16), null, 50);
        VqzContainer container = VqzReader.read(new ByteArrayInputStream(bytes), VqzLimits.DEFAULT);
        int last = container.header().tileCount() - 1;
        assertTrue(last >= 3, "tiles: " + container.header().tileCount());
        VqzContainer damaged = container.toBuilder().tilePayload(last, new byte[0]).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.write(damaged, out);

        ImageReader reader = readerFor(out.toByteArray());
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(new Rectangle(0, 0, 64, 16));
        BufferedImage left = reader.read(0, param);
        assertEquals(64, left.getWidth());
        assertThrows(IOException.class, () -> reader.read(0), "the full image needs the damaged tile");
        reader.dispose();
    }

    @Test
    void malformedInputIsAnIOException() throws IOException {
        byte[] bytes = VqzTestImages.bytes(VqzTestImages.rgbFile());
        // cut inside the base layer (a cut after it reads as the complete layers: VqzLayeredReadTest)
        long baseEnd = io.vqz.format.VqzReader.read(new java.io.ByteArrayInputStream(bytes),
                io.vqz.format.VqzLimits.DEFAULT).chunks().stream().filter(c -> c.type().equals("TDAT")).findFirst()
                .orElseThrow().offset() + 8;
        ImageReader truncated = readerFor(Arrays.copyOf(bytes, (int) baseEnd + 3));
        assertThrows(io.vqz.format.VqzTruncatedException.class, () -> truncated.read(0));

        ImageReader garbage = readerFor("definitely not a vqz file, just text".getBytes());
        assertThrows(VqzFormatException.class, () -> garbage.getWidth(0));
    }

    @Test
    void readsStreamsOfUnknownLength() throws IOException {
        byte[] bytes = VqzTestImages.bytes(VqzTestImages.rgbaFile());
        ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        assertEquals(-1, stream.length());
        ImageReader reader = createReader();
        reader.setInput(stream, true, true);
        BufferedImage image = reader.read(0);
        assertEquals(36, image.getWidth());
        assertEquals(28, image.getHeight());
        reader.dispose();
    }

    @Test
    void readsFromTheCurrentStreamPosition() throws IOException {
        byte[] vqz = VqzTestImages.bytes(VqzTestImages.greyFile());
        byte[] prefixed = new byte[vqz.length + 7];
        System.arraycopy(vqz, 0, prefixed, 7, vqz.length);
        ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(prefixed));
        stream.seek(7);
        assertTrue(createProvider().canDecodeInput(stream));
        ImageReader reader = createReader();
        reader.setInput(stream);
        assertEquals(32, reader.getWidth(0));
        BufferedImage first = reader.read(0);
        BufferedImage second = reader.read(0);
        assertEquals(first.getRGB(5, 5), second.getRGB(5, 5));
        reader.dispose();
    }

    @Test
    void regionSubsamplingAndOffsetPickTheRightPixels() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbFile()));
        BufferedImage full = reader.read(0);

        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(new Rectangle(5, 7, 31, 21));
        param.setSourceSubsampling(3, 2, 1, 1);
        param.setDestinationOffset(new Point(2, 3));
        BufferedImage part = reader.read(0, param);

        int w = (31 - 1 + 2) / 3;
        int h = (21 - 1 + 1) / 2;
        assertEquals(2 + w, part.getWidth());
        assertEquals(3 + h, part.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertRGBEquals("pixel " + x + "," + y, full.getRGB(5 + 1 + 3 * x, 7 + 1 + 2 * y),
                        part.getRGB(2 + x, 3 + y), 2);
            }
        }
        assertEquals(0, part.getRGB(0, 0) & 0xffffff, "offset area is left untouched");
        reader.dispose();
    }

    @Test
    void sourceAndDestinationBands() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbFile()));
        BufferedImage full = reader.read(0);

        ImageReadParam param = reader.getDefaultReadParam();
        BufferedImage blue = new BufferedImage(48, 40, BufferedImage.TYPE_3BYTE_BGR);
        param.setDestination(blue);
        param.setSourceBands(new int[] {2});
        param.setDestinationBands(new int[] {2});
        assertSame(blue, reader.read(0, param));
        for (int y = 0; y < 40; y += 3) {
            for (int x = 0; x < 48; x += 3) {
                assertEquals(full.getRGB(x, y) & 0xff, blue.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
        reader.dispose();
    }

    @Test
    void readRasterGivesTheRawSamples() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbaFile()));
        assertTrue(reader.canReadRaster());
        BufferedImage full = reader.read(0);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(new Rectangle(4, 2, 10, 6));
        param.setDestinationOffset(new Point(100, 100)); // ignored by readRaster
        java.awt.image.Raster raster = reader.readRaster(0, param);
        assertEquals(10, raster.getWidth());
        assertEquals(6, raster.getHeight());
        assertEquals(4, raster.getNumBands());
        assertArrayEquals(full.getRaster().getPixel(7, 5, (int[]) null), raster.getPixel(3, 3, (int[]) null));
        param.setSourceBands(new int[] {3});
        java.awt.image.Raster alpha = reader.readRaster(0, param);
        assertEquals(1, alpha.getNumBands());
        assertEquals(full.getRaster().getSample(7, 5, 3), alpha.getSample(3, 3, 0));
        reader.dispose();
    }

    @Test
    void iccProfileBecomesTheColourSpace() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.adobeRgbFile()));
        BufferedImage image = reader.read(0);
        assertTrue(image.getColorModel().getColorSpace() instanceof ICC_ColorSpace);
        assertFalse(image.getColorModel().getColorSpace().isCS_sRGB());
        byte[] profile = ((ICC_ColorSpace) image.getColorModel().getColorSpace()).getProfile().getData();
        // the same colorant data as the embedded profile (the header may be sanitised)
        assertEquals(VqzTestImages.adobeRgb().getData().length, profile.length);
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        while (types.hasNext()) {
            assertSame(image.getColorModel().getColorSpace(), types.next().getColorModel().getColorSpace());
        }
        reader.dispose();
    }

    @Test
    void unusableIccProfileIsAWarning() throws IOException {
        byte[] bad = new byte[200];
        Arrays.fill(bad, (byte) 7);
        byte[] bytes = VqzTestImages.encode(VqzTestImages.image(BufferedImage.TYPE_3BYTE_BGR, 16, 16),
                VqzMetadata.of(bad, null, null), 75);
        ImageReader reader = readerFor(bytes);
        IIOReadWarningListener warnings = mock(IIOReadWarningListener.class);
        reader.addIIOReadWarningListener(warnings);
        BufferedImage image = reader.read(0);
        assertTrue(image.getColorModel().getColorSpace().isCS_sRGB());
        verify(warnings).warningOccurred(same(reader), contains("ICC"));
        reader.dispose();
    }

    @Test
    void metadataTrees() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbFile()));
        IIOMetadata metadata = reader.getImageMetadata(0);
        assertEquals(VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME, metadata.getNativeMetadataFormatName());
        assertTrue(metadata.isStandardMetadataFormatSupported());

        Node standard = metadata.getAsTree("javax_imageio_1.0");
        Element compression = child(standard, "Compression");
        String model = io.vqz.codec.ModelBundle.defaultBundle().name();
        assertEquals(model, child(compression, "CompressionTypeName").getAttribute("value"));
        assertEquals("FALSE", child(compression, "Lossless").getAttribute("value"));

        Node nativeTree = metadata.getAsTree(VqzProviderInfo.NATIVE_IMAGE_METADATA_FORMAT_NAME);
        Element coding = child(nativeTree, "Compression");
        assertEquals(model, coding.getAttribute("model"));
        assertEquals(io.vqz.codec.ModelBundle.defaultBundle().idHex(), coding.getAttribute("modelId"));
        assertEquals("75", coding.getAttribute("quality"));
        double bpp = Double.parseDouble(coding.getAttribute("bitsPerPixel"));
        assertEquals(VqzTestImages.bytes(VqzTestImages.rgbFile()).length * 8.0 / (48 * 40), bpp, 1e-3);
        assertEquals("RGB", child(nativeTree, "Image").getAttribute("colourLayout"));
        assertArrayEquals(VqzTestImages.EXIF, (byte[]) ((IIOMetadataNode) child(nativeTree, "Exif")).getUserObject());
        assertArrayEquals(VqzTestImages.XMP, (byte[]) ((IIOMetadataNode) child(nativeTree, "XMP")).getUserObject());
        assertNull(child(nativeTree, "ICCProfile"));
        reader.dispose();
    }

    @Test
    void abortWhileDecoding() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbFile()));
        IIOReadProgressListener listener = mock(IIOReadProgressListener.class);
        doAnswer(invocation -> {
            reader.abort();
            return null;
        }).when(listener).imageProgress(any(), anyFloat());
        reader.addIIOReadProgressListener(listener);
        BufferedImage image = reader.read(0);
        assertNotNull(image);
        verify(listener).readAborted(reader);
        verify(listener, never()).imageComplete(reader);
        reader.dispose();
    }

    @Test
    void readsThroughIioImageWithMetadata() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbaFile()));
        IIOImage image = reader.readAll(0, null);
        assertEquals(36, image.getRenderedImage().getWidth());
        assertTrue(image.getMetadata() instanceof VqzImageMetadata);
        reader.dispose();
    }

    static Element child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.equals(n.getNodeName())) {
                return (Element) n;
            }
        }
        return null;
    }

    /** The file with one byte of its tile data changed and TDAT's chunk CRC made to match: only the tile's own CRC fails. */
    private static byte[] corruptTileData(byte[] file) {
        return corruptTileData(file, false);
    }

    /** As above, at the middle of the tile data or (last) at its final byte, which belongs to the last tile. */
    private static byte[] corruptTileData(byte[] file, boolean last) {
        byte[] f = file.clone();
        int pos = 8;
        while (pos + 12 <= f.length) {
            int length = (f[pos] & 0xFF) << 24 | (f[pos + 1] & 0xFF) << 16 | (f[pos + 2] & 0xFF) << 8 | (f[pos + 3] & 0xFF);
            if (new String(f, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("TDAT")) {
                f[pos + 8 + (last ? length - 1 : length / 2)] ^= 0x55;
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(f, pos + 4, 4 + length);
                long v = crc.getValue();
                for (int k = 0; k < 4; k++) {
                    f[pos + 8 + length + k] = (byte) (v >>> (24 - 8 * k));
                }
                return f;
            }
            pos += 12 + length;
        }
        throw new AssertionError("no TDAT");
    }

    @Test
    void typesAndMetadataComeWithoutReadingTheTileData() throws IOException {
        byte[] bad = corruptTileData(VqzTestImages.bytes(VqzTestImages.rgbFile()));
        ImageReader reader = createReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bad))) {
            // a stream of unknown length is read whole: the damaged tile shows at once
            reader.setInput(in);
            assertThrows(VqzFormatException.class, () -> reader.getImageTypes(0));
        }
        java.io.File file = VqzTestImages.file("corrupt-tile.vqz", bad);
        try (ImageInputStream in = ImageIO.createImageInputStream(file)) {
            reader.setInput(in);
            assertEquals(48, reader.getWidth(0));
            assertTrue(reader.getImageTypes(0).hasNext());
            IIOMetadata md = reader.getImageMetadata(0);
            assertNotNull(md);
            assertEquals(in.length(), Math.round(((VqzImageMetadata) md).coding().bitsPerPixel * 48 * 40 / 8));
            assertEquals(0, in.getStreamPosition());
            VqzFormatException e = assertThrows(VqzFormatException.class, () -> reader.read(0));
            assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        }
        reader.dispose();
    }

    @Test
    void aRegionReadReadsOnlyTheTilesUnderIt() throws IOException {
        // 1000 x 560 pixels = 250 x 140 codes: 4 x 3 tiles of 64 codes, decoder blocks of 128 codes
        BufferedImage image = new BufferedImage(1000, 560, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 560; y++) {
            for (int x = 0; x < 1000; x++) {
                image.setRGB(x, y, (x / 4) << 16 | (y / 3) << 8 | ((x + y) / 7 & 255));
            }
        }
        byte[] bad = corruptTileData(VqzTestImages.encode(image, null, 50), true); // the last tile
        java.io.File file = VqzTestImages.file("region-corrupt-last-tile.vqz", bad);
        ImageReader reader = createReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(file)) {
            reader.setInput(in);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(0, 0, 256, 256)); // block (0,0): tiles of columns 0-2, rows 0-2
            BufferedImage region = reader.read(0, param);
            assertEquals(256, region.getWidth());
            VqzFormatException e = assertThrows(VqzFormatException.class, () -> reader.read(0));
            assertTrue(e.getMessage().contains("tile 11 CRC"), e.getMessage());
        }
        reader.dispose();
    }
}
