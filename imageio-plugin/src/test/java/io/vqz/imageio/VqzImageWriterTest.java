package io.vqz.imageio;

import com.twelvemonkeys.imageio.util.ImageWriterAbstractTest;
import io.vqz.codec.ModelBundle;
import io.vqz.format.ColourLayout;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.Mockito.*;

class VqzImageWriterTest extends ImageWriterAbstractTest<VqzImageWriter> {

    @Override
    protected ImageWriterSpi createProvider() {
        return new VqzImageWriterSpi();
    }

    @Override
    protected List<? extends RenderedImage> getTestData() {
        return Arrays.asList(
                new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB),
                new BufferedImage(32, 24, BufferedImage.TYPE_INT_ARGB),
                new BufferedImage(24, 32, BufferedImage.TYPE_BYTE_GRAY),
                new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED)
        );
    }

    private byte[] write(RenderedImage image, IIOMetadata metadata, ImageWriteParam param) throws IOException {
        ImageWriter writer = createWriter();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buffer)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
        }
        finally {
            writer.dispose();
        }
        return buffer.toByteArray();
    }

    private static VqzContainer container(byte[] bytes) throws IOException {
        return VqzReader.read(new ByteArrayInputStream(bytes), VqzLimits.DEFAULT);
    }

    @Test
    void anImageTooLargeForTheMemoryLimitIsRefusedBeforeItIsConvertedOrWritten() throws IOException {
        BufferedImage big = new BufferedImage(2000, 1000, BufferedImage.TYPE_INT_RGB);
        System.setProperty("vqz.limits.maxMemoryBytes", "4m");
        try {
            IOException e = assertThrows(IOException.class, () -> write(big, null, null));
            assertTrue(e.getMessage().startsWith("writing the 2000 x 1000 image as VQZ needs")
                    && e.getMessage().contains("memory budget 4.0 MiB") && e.getMessage().contains("maxMemoryBytes"),
                    e.getMessage());
        } finally {
            System.clearProperty("vqz.limits.maxMemoryBytes");
        }
        assertTrue(write(new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB), null, null).length > 0);
    }

    @Test
    void everyCommonImageTypeIsWrittenWithTheRightLayout() throws IOException {
        int[][] cases = {
                {BufferedImage.TYPE_INT_RGB, ColourLayout.RGB.code()},
                {BufferedImage.TYPE_INT_BGR, ColourLayout.RGB.code()},
                {BufferedImage.TYPE_3BYTE_BGR, ColourLayout.RGB.code()},
                {BufferedImage.TYPE_USHORT_565_RGB, ColourLayout.RGB.code()},
                {BufferedImage.TYPE_INT_ARGB_PRE, ColourLayout.RGB_ALPHA.code()},
                {BufferedImage.TYPE_4BYTE_ABGR, ColourLayout.RGB_ALPHA.code()},
                {BufferedImage.TYPE_BYTE_GRAY, ColourLayout.GREY.code()},
                {BufferedImage.TYPE_USHORT_GRAY, ColourLayout.GREY.code()},
                {BufferedImage.TYPE_BYTE_BINARY, ColourLayout.GREY.code()},
                {BufferedImage.TYPE_BYTE_INDEXED, ColourLayout.RGB.code()},
        };
        for (int[] c : cases) {
            BufferedImage image = VqzTestImages.image(c[0], 16, 12);
            if (image.getColorModel().hasAlpha()) {
                image.setRGB(0, 0, 0x40112233); // the codec drops an alpha channel that is opaque everywhere
            }
            assertTrue(ImageIO.getImageWriters(ImageTypeSpecifier.createFromRenderedImage(image), "vqz").hasNext());
            byte[] bytes = write(image, null, null);
            VqzContainer container = container(bytes);
            assertEquals(ColourLayout.fromCode(c[1]), container.header().colourLayout(), "type " + c[0]);
            assertEquals(16, container.header().width());
            assertEquals(12, container.header().height());
        }
    }

    @Test
    void greyAlphaAndRgbaKeepAlphaExactly() throws IOException {
        BufferedImage rgba = VqzTestImages.rgba(20, 12);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(write(rgba, null, null)));
        ColorModel greyAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                ColorModel.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = greyAlpha.createCompatibleWritableRaster(20, 12);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                raster.setPixel(x, y, new int[] {x * 12, rgba.getRGB(x, y) >>> 24});
                assertEquals(rgba.getRGB(x, y) >>> 24, back.getRGB(x, y) >>> 24);
            }
        }
        BufferedImage ga = new BufferedImage(greyAlpha, raster, false, null);
        byte[] bytes = write(ga, null, null);
        assertEquals(ColourLayout.GREY_ALPHA, container(bytes).header().colourLayout());
        Raster decoded = ImageIO.read(new ByteArrayInputStream(bytes)).getRaster();
        assertEquals(2, decoded.getNumBands());
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(raster.getSample(x, y, 1), decoded.getSample(x, y, 1));
            }
        }
    }

    @Test
    void bareRastersAreWritten() throws IOException {
        BufferedImage argb = VqzTestImages.rgba(16, 16);
        ImageWriter writer = createWriter();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buffer)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(argb.getRaster(), null, null), null);
        }
        assertEquals(ColourLayout.RGB_ALPHA, container(buffer.toByteArray()).header().colourLayout());
    }

    @Test
    void whatCannotBeEncodedIsRefusedWithAReason() throws IOException {
        Raster fiveBands = Raster.createBandedRaster(DataBuffer.TYPE_BYTE, 8, 8, 5, null);
        ImageWriter writer = createWriter();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buffer)) {
            writer.setOutput(out);
            IIOException e = assertThrows(IIOException.class,
                    () -> writer.write(null, new IIOImage(fiveBands, null, null), null));
            assertTrue(e.getMessage().contains("5"), e.getMessage());
        }
        assertEquals(0, buffer.size());
    }

    @Test
    void compressionTypesAndQuality() throws IOException {
        ImageWriteParam param = createWriter().getDefaultWriteParam();
        assertTrue(param.canWriteCompressed());
        String model = ModelBundle.defaultBundle().name();
        assertEquals(model, param.getCompressionTypes()[0]);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        assertEquals(model, param.getCompressionType());
        assertFalse(param.isCompressionLossless());
        assertThrows(IllegalArgumentException.class, () -> param.setCompressionType("no such model"));
        param.setCompressionQuality(0.3f);

        BufferedImage image = VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 16, 16);
        assertEquals(30, container(write(image, null, param)).header().quality());
        param.setCompressionQuality(1f);
        assertEquals(100, container(write(image, null, param)).header().quality());
        param.setCompressionMode(ImageWriteParam.MODE_DEFAULT);
        assertEquals(VqzImageWriteParam.DEFAULT_QUALITY, container(write(image, null, param)).header().quality());
    }

    @Test
    void compressionCannotBeDisabled() throws IOException {
        ImageWriteParam param = createWriter().getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
        ImageWriter writer = createWriter();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buffer)) {
            writer.setOutput(out);
            IIOException e = assertThrows(IIOException.class, () -> writer.write(null,
                    new IIOImage(VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 8, 8), null, null), param));
            assertTrue(e.getMessage().contains("lossy"));
        }
        assertEquals(0, buffer.size());
    }

    @Test
    void reSavingKeepsQualityAndMetadata() throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("vqz").next();
        reader.setInput(ImageIO.createImageInputStream(VqzTestImages.rgbFile()));
        IIOImage image = reader.readAll(0, null);
        reader.dispose();

        ImageWriteParam param = createWriter().getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.4f);
        VqzContainer explicit = container(write(image.getRenderedImage(), image.getMetadata(), param));
        assertEquals(40, explicit.header().quality());
        assertArrayEquals(VqzTestImages.EXIF, explicit.metadata().exif());
        assertArrayEquals(VqzTestImages.XMP, explicit.metadata().xmp());

        // MODE_COPY_FROM_METADATA, the initial mode: the quality of the file read
        VqzContainer copied = container(write(image.getRenderedImage(), image.getMetadata(), null));
        assertEquals(75, copied.header().quality());
    }

    @Test
    void exifAndXmpOfJpegMetadataAreKept() throws IOException {
        BufferedImage image = VqzTestImages.image(BufferedImage.TYPE_3BYTE_BGR, 16, 16);
        ImageWriter jpeg = ImageIO.getImageWritersByFormatName("jpeg").next();
        IIOMetadata metadata = jpeg.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode sequence = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        sequence.appendChild(app1("Exif\0\0", VqzTestImages.EXIF));
        sequence.appendChild(app1("http://ns.adobe.com/xap/1.0/\0", VqzTestImages.XMP));
        metadata.setFromTree(format, root);
        jpeg.dispose();

        ImageWriter writer = createWriter();
        IIOMetadata converted = writer.convertImageMetadata(metadata, ImageTypeSpecifier.createFromRenderedImage(image), null);
        assertArrayEquals(VqzTestImages.EXIF, ((VqzImageMetadata) converted).exif());

        VqzContainer container = container(write(image, metadata, null));
        assertArrayEquals(VqzTestImages.EXIF, container.metadata().exif());
        assertArrayEquals(VqzTestImages.XMP, container.metadata().xmp());
    }

    private static IIOMetadataNode app1(String prefix, byte[] payload) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = Arrays.copyOf(p, p.length + payload.length);
        System.arraycopy(payload, 0, data, p.length, payload.length);
        IIOMetadataNode node = new IIOMetadataNode("unknown");
        node.setAttribute("MarkerTag", "225");
        node.setUserObject(data);
        return node;
    }

    @Test
    void iccProfileOfTheColourSpaceTravelsWithRawSamples() throws IOException {
        ICC_ColorSpace adobe = new ICC_ColorSpace(VqzTestImages.adobeRgb());
        ColorModel cm = new ComponentColorModel(adobe, false, false, ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage image = VqzTestImages.draw(new BufferedImage(cm, cm.createCompatibleWritableRaster(24, 16), false, null));
        byte[] bytes = write(image, null, null);
        VqzContainer container = container(bytes);
        assertArrayEquals(VqzTestImages.adobeRgb().getData(), container.metadata().icc());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes));
        assertFalse(back.getColorModel().getColorSpace().isCS_sRGB());
        // raw samples were coded, so the decoded samples are near the originals, not near their sRGB conversion
        int[] original = image.getRaster().getPixel(12, 8, (int[]) null);
        int[] decoded = back.getRaster().getPixel(12, 8, (int[]) null);
        for (int b = 0; b < 3; b++) {
            assertEquals(original[b], decoded[b], 40, "band " + b);
        }

        BufferedImage srgb = VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 8, 8);
        assertNull(container(write(srgb, null, null)).metadata().icc());
    }

    @Test
    void sourceRegionAndSubsampling() throws IOException {
        ImageWriteParam param = createWriter().getDefaultWriteParam();
        param.setSourceRegion(new Rectangle(4, 4, 20, 17));
        param.setSourceSubsampling(2, 3, 0, 0);
        VqzContainer container = container(write(VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 32, 32), null, param));
        assertEquals(10, container.header().width());
        assertEquals(6, container.header().height());
    }

    @Test
    void abortLeavesTheOutputEmpty() throws IOException {
        ImageWriter writer = createWriter();
        IIOWriteProgressListener listener = mock(IIOWriteProgressListener.class);
        doAnswer(invocation -> {
            writer.abort();
            return null;
        }).when(listener).imageStarted(any(), anyInt());
        writer.addIIOWriteProgressListener(listener);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buffer)) {
            writer.setOutput(out);
            writer.write(VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 16, 16));
        }
        verify(listener).writeAborted(writer);
        verify(listener, never()).imageComplete(writer);
        assertEquals(0, buffer.size());
    }

    @Test
    void abortFromAProgressListenerStopsTheRunningEncode() throws IOException {
        ImageWriter writer = createWriter();
        List<Float> seen = new java.util.ArrayList<>();
        IIOWriteProgressListener listener = mock(IIOWriteProgressListener.class);
        doAnswer(invocation -> {
            float percent = invocation.getArgument(1);
            seen.add(percent);
            if (percent > 20f) { // the codec reported its first network block
                writer.abort();
            }
            return null;
        }).when(listener).imageProgress(any(), anyFloat());
        writer.addIIOWriteProgressListener(listener);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buffer)) {
            writer.setOutput(out);
            // two code tiles, so the encode has a tile left when the abort comes
            writer.write(VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 512, 64));
        }
        verify(listener).imageStarted(writer, 0);
        verify(listener).writeAborted(writer);
        verify(listener, never()).imageComplete(writer);
        assertEquals(0, buffer.size());
        float last = seen.get(seen.size() - 1);
        assertTrue(last > 20f && last < 90f, "stopped during encoding: " + seen);
    }

    @Test
    void indexedGreyPaletteIsGrey() throws IOException {
        byte[] ramp = new byte[16];
        for (int i = 0; i < 16; i++) {
            ramp[i] = (byte) (i * 17);
        }
        IndexColorModel grey = new IndexColorModel(4, 16, ramp, ramp, ramp);
        BufferedImage image = VqzTestImages.draw(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, grey));
        assertEquals(ColourLayout.GREY, container(write(image, null, null)).header().colourLayout());
    }
}
