package io.vqz.imageio;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layered (version 2) files through ImageIO: read like any file, with the base layer as a thumbnail. */
class VqzLayeredReadTest {
    static ModelBundle model;
    static BufferedImage source;
    static byte[] layered;

    @BeforeAll
    static void encode() throws Exception {
        model = ModelBundle.load(TestData.file("models/tiny-layered.vqzm"));
        source = VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 72, 40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().model(model).quality(100).build().encode(source, null, out);
        layered = out.toByteArray();
    }

    static ImageReader reader(byte[] file) throws Exception {
        ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file));
        ImageReader r = ImageIO.getImageReaders(in).next();
        r.setInput(in);
        return r;
    }

    static VqzDecoder decoder() {
        return VqzDecoder.builder().registry(ModelRegistry.builder().add(model).build()).build();
    }

    @Test
    void readsTheFullImageAsTheCodecDecodesIt() throws Exception {
        ImageReader r = reader(layered);
        BufferedImage image = r.read(0);
        VqzContainer c = VqzReader.read(new ByteArrayInputStream(layered), VqzLimits.DEFAULT);
        BufferedImage expected = decoder().decode(c, DecodeOptions.DEFAULT).image();
        assertEquals(expected.getWidth(), image.getWidth());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), image.getRGB(x, y), x + "," + y);
            }
        }
        org.w3c.dom.Element tree = (org.w3c.dom.Element) r.getImageMetadata(0).getAsTree("javax_imageio_1.0");
        assertEquals("2", tree.getElementsByTagName("FormatVersion").item(0).getAttributes().getNamedItem("value")
                .getNodeValue());
    }

    @Test
    void theBaseLayerIsAnEighthSizeThumbnail() throws Exception {
        ImageReader r = reader(layered);
        assertTrue(r.readerSupportsThumbnails());
        assertTrue(r.hasThumbnails(0));
        assertEquals(1, r.getNumThumbnails(0));
        assertEquals(9, r.getThumbnailWidth(0, 0));
        assertEquals(5, r.getThumbnailHeight(0, 0));
        BufferedImage thumb = r.readThumbnail(0, 0);
        VqzContainer c = VqzReader.read(new ByteArrayInputStream(layered), VqzLimits.DEFAULT);
        BufferedImage base = decoder().decode(c, DecodeOptions.builder().scale(8).layers(1).build()).image();
        assertEquals(9, thumb.getWidth());
        for (int y = 0; y < thumb.getHeight(); y++) {
            for (int x = 0; x < thumb.getWidth(); x++) {
                assertEquals(base.getRGB(x, y), thumb.getRGB(x, y));
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> r.readThumbnail(0, 1));
        // the image is still there after the thumbnail
        assertEquals(72, r.read(0).getWidth());
    }

    @Test
    void singleLayerFilesHaveNoThumbnail() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBundle v1 = ModelRegistry.standard().findByName("vqz-f4-k512-v1").orElseThrow();
        VqzEncoder.builder().model(v1).quality(50).build().encode(source, null, out);
        ImageReader r = reader(out.toByteArray());
        assertFalse(r.hasThumbnails(0));
        assertEquals(0, r.getNumThumbnails(0));
    }

    @Test
    void aFileCutShortReadsAsItsCompleteLayersWithAWarning() throws Exception {
        VqzContainer full = VqzReader.read(new ByteArrayInputStream(layered), VqzLimits.DEFAULT);
        long[] ends = full.chunks().stream().filter(k -> k.type().equals("TDAT"))
                .mapToLong(k -> k.offset() + 12 + k.length()).toArray();
        assertTrue(ends.length >= 2, "a layered file");
        byte[] cut = java.util.Arrays.copyOf(layered, (int) ends[1] + 5); // inside layer 2's TTBL
        BufferedImage expected = decoder().decode(full, DecodeOptions.builder().layers(2).build()).image();
        for (boolean knownLength : new boolean[] {true, false}) {
            ImageInputStream in = knownLength ? ImageIO.createImageInputStream(new ByteArrayInputStream(cut))
                    : new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(cut)) {
                        @Override
                        public long length() {
                            return -1; // a download in progress: no length known
                        }
                    };
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            java.util.List<String> warnings = new java.util.ArrayList<>();
            r.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = r.read(0);
            for (int y = 0; y < image.getHeight(); y += 3) {
                for (int x = 0; x < image.getWidth(); x += 3) {
                    assertEquals(expected.getRGB(x, y), image.getRGB(x, y), x + "," + y);
                }
            }
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).startsWith("the file is cut short: decoded the 2 complete of the "
                    + full.header().layers() + " layers"), warnings.get(0));
        }
        byte[] base = java.util.Arrays.copyOf(layered, (int) ends[0] - 1); // inside the base layer: an error
        assertThrows(io.vqz.format.VqzTruncatedException.class, () -> reader(base).read(0));
    }

    @Test
    void updateListenersSeeOnePassPerLayerTheLastAPlainRead() throws Exception {
        ImageReader r = reader(layered);
        java.util.List<String> events = new java.util.ArrayList<>();
        BufferedImage[] last = new BufferedImage[1];
        r.addIIOReadUpdateListener(new javax.imageio.event.IIOReadUpdateListener() {
            @Override
            public void passStarted(ImageReader source, BufferedImage theImage, int pass, int minPass, int maxPass,
                                    int minX, int minY, int periodX, int periodY, int[] bands) {
                events.add("start " + pass + " of " + minPass + ".." + maxPass);
            }

            @Override
            public void imageUpdate(ImageReader source, BufferedImage theImage, int minX, int minY, int width,
                                    int height, int periodX, int periodY, int[] bands) {
                events.add("update " + width + "x" + height);
            }

            @Override
            public void passComplete(ImageReader source, BufferedImage theImage) {
                events.add("complete");
                BufferedImage copy = new BufferedImage(theImage.getWidth(), theImage.getHeight(),
                        BufferedImage.TYPE_INT_RGB);
                copy.getGraphics().drawImage(theImage, 0, 0, null);
                last[0] = copy;
            }

            @Override
            public void thumbnailPassStarted(ImageReader source, BufferedImage theThumbnail, int pass, int minPass,
                                             int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {
            }

            @Override
            public void thumbnailUpdate(ImageReader source, BufferedImage theThumbnail, int minX, int minY,
                                        int width, int height, int periodX, int periodY, int[] bands) {
            }

            @Override
            public void thumbnailPassComplete(ImageReader source, BufferedImage theThumbnail) {
            }
        });
        BufferedImage image = r.read(0);
        int layers = VqzReader.read(new ByteArrayInputStream(layered), VqzLimits.DEFAULT).header().layers();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int p = 0; p < layers; p++) {
            expected.addAll(java.util.List.of("start " + p + " of 0.." + (layers - 1), "update 72x40", "complete"));
        }
        assertEquals(expected, events);
        BufferedImage plain = reader(layered).read(0);
        for (int y = 0; y < plain.getHeight(); y++) {
            for (int x = 0; x < plain.getWidth(); x++) {
                assertEquals(plain.getRGB(x, y), image.getRGB(x, y));
                assertEquals(plain.getRGB(x, y), last[0].getRGB(x, y), "the last pass shows the plain read");
            }
        }
    }
}
