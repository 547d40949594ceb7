package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import org.junit.jupiter.api.Test;

/** Decoding into the caller's destination: every sample once, equal to the decoder's own image. */
class SampleSinkTest {

    private static void decodesAsTheImageDoes(BufferedImage source, Rectangle region) throws Exception {
        VqzContainer c = VqzDecoderTest.container(VqzDecoderTest.encode(source, 70));
        VqzDecoder decoder = VqzDecoder.builder().threads(2).build();
        DecodeOptions.Builder plain = DecodeOptions.builder();
        if (region != null) {
            plain.region(region);
        }
        BufferedImage expected = decoder.decode(c, plain.build()).image();
        int bands = c.header().colourLayout().bands();
        int[][][] got = new int[bands][expected.getHeight()][expected.getWidth()];
        int[][] seen = new int[expected.getHeight()][expected.getWidth()];
        DecodeOptions.Builder withSink = DecodeOptions.builder().sink((band, x, y, samples, count) -> {
            for (int i = 0; i < count; i++) {
                got[band][y][x + i] = samples[i];
                seen[y][x + i]++;
            }
        });
        if (region != null) {
            withSink.region(region);
        }
        DecodedImage d = decoder.decode(c, withSink.build());
        assertNull(d.image());
        Raster r = expected.getRaster();
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(bands, seen[y][x], "samples at " + x + "," + y);
                for (int b = 0; b < bands; b++) {
                    assertEquals(r.getSample(x, y, b), got[b][y][x], "band " + b + " at " + x + "," + y);
                }
            }
        }
        assertTrue(decoder.memoryNeeded(c.header(), withSink.build()) < decoder.memoryNeeded(c.header(), plain.build()));
    }

    @Test
    void rgb() throws Exception {
        decodesAsTheImageDoes(TestImages.kodakCrop(7, 70, 45), null);
    }

    @Test
    void rgbaRegion() throws Exception {
        BufferedImage src = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        BufferedImage k = TestImages.kodakCrop(8, 40, 30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                src.setRGB(x, y, k.getRGB(x, y) & 0xFFFFFF | (x * 6) << 24);
            }
        }
        decodesAsTheImageDoes(src, new Rectangle(5, 3, 30, 20));
    }

    @Test
    void grey() throws Exception {
        BufferedImage grey = new BufferedImage(33, 21, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(TestImages.kodakCrop(9, 33, 21), 0, 0, null);
        decodesAsTheImageDoes(grey, null);
    }

    @Test
    void previewsHaveNoSink() {
        assertThrows(IllegalArgumentException.class,
                () -> DecodeOptions.builder().scale(2).sink((b, x, y, s, n) -> { }).build());
    }
}
