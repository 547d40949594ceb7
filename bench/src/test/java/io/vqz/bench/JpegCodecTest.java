package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

class JpegCodecTest {
    @TempDir
    Path work;

    @Test
    void writesYCbCr420() throws Exception {
        RgbPixels src = ReferencePairs.load("ref-a.png");
        byte[] jpeg = JpegCodec.encode(src.toImage(), 75);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
            NodeList specs = root.getElementsByTagName("componentSpec");
            assertEquals(3, specs.getLength());
            String[] expected = {"2", "1", "1"};
            for (int i = 0; i < 3; i++) {
                IIOMetadataNode spec = (IIOMetadataNode) specs.item(i);
                assertEquals(expected[i], spec.getAttribute("HsamplingFactor"), "component " + i);
                assertEquals(expected[i], spec.getAttribute("VsamplingFactor"), "component " + i);
            }
            reader.dispose();
        }
    }

    @Test
    void higherQualityCostsMoreAndLooksBetter() throws Exception {
        RgbPixels src = ReferencePairs.load("ref-a.png");
        BenchCodec.Source source = new BenchCodec.Source("ref-a.png", src.toImage(), src, null);
        JpegCodec codec = new JpegCodec();
        assertNull(codec.unavailableReason());
        BenchResult.Measurement low = BenchRunner.measure(codec, source, 20, work);
        BenchResult.Measurement high = BenchRunner.measure(codec, source, 90, work);
        assertTrue(high.bytes() > low.bytes());
        assertTrue(high.psnr() > low.psnr() + 3, low.psnr() + " vs " + high.psnr());
        assertTrue(high.msssim() > low.msssim());
        assertEquals(low.bytes() * 8.0 / (224 * 192), low.bpp(), 1e-12);
        assertTrue(low.psnr() > 25 && high.psnr() < 50);
    }
}
