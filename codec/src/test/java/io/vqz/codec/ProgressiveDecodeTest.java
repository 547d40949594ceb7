package io.vqz.codec;

import io.vqz.format.VqzContainer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A decode with passes shows every layer in turn and ends with the plain decode's pixels. */
class ProgressiveDecodeTest {

    /** The samples a sink received, as an RGB image, one per pass. */
    private static final class Passes implements SampleSink, PassListener {
        final int w;
        final int h;
        final int[] rgb;
        final List<BufferedImage> pictures = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        Passes(int w, int h) {
            this.w = w;
            this.h = h;
            rgb = new int[w * h];
        }

        @Override
        public void put(int band, int x, int y, int[] samples, int count) {
            for (int i = 0; i < count; i++) {
                int p = y * w + x + i;
                rgb[p] = rgb[p] & ~(0xFF << (16 - 8 * band)) | samples[i] << (16 - 8 * band);
            }
        }

        @Override
        public void passComplete(int pass, int passes) {
            calls.add(pass + "/" + passes);
            BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            im.setRGB(0, 0, w, h, rgb, 0, w);
            pictures.add(im);
        }
    }

    @Test
    void everyLayerIsAPassAndTheLastIsThePlainDecode() throws Exception {
        // the bundled model (the tiny test model's decodes are too smooth to tell a preview from a flat colour)
        VqzContainer c = VqzEncoder.builder().quality(80).threads(2).build()
                .encodeContainer(TestImages.kodakCrop(23, 256, 192), null);
        VqzDecoder decoder = VqzDecoder.builder().threads(2).build();
        int layers = c.header().layers();
        assertTrue(layers >= 3, "layers " + layers);
        int w = c.header().width();
        int h = c.header().height();
        Passes passes = new Passes(w, h);
        DecodedImage d = decoder.decode(c, DecodeOptions.builder().sink(passes).passes(passes).build());
        List<String> expected = new ArrayList<>();
        for (int p = 1; p <= layers; p++) {
            expected.add(p + "/" + layers);
        }
        assertEquals(expected, passes.calls);
        assertEquals(layers, d.layers());
        BufferedImage plain = decoder.decode(c, DecodeOptions.DEFAULT).image();
        assertTrue(TestImages.samePixels(plain, passes.pictures.get(layers - 1)), "the last pass is the plain decode");
        for (int p = 1; p < layers; p++) {
            BufferedImage network = decoder.decode(c, DecodeOptions.builder().layers(p).build()).image();
            double db = TestImages.psnr(network, passes.pictures.get(p - 1));
            double flat = TestImages.psnr(network, meanColour(network));
            assertTrue(db > flat + 5, // 21.5-21.9 dB against 13.1-13.3 for the mean colour
                    "pass " + p + " against the network's decode of " + p + " layers: " + db
                    + " dB, its mean colour " + flat + " dB");
        }
        // without a sink the returned image is the plain decode's too
        List<String> calls = new ArrayList<>();
        BufferedImage image = VqzDecoder.builder().threads(1).build().decode(c, DecodeOptions.builder()
                .passes((p, n) -> calls.add(p + "/" + n)).build()).image();
        assertTrue(TestImages.samePixels(plain, image));
        assertEquals(expected, calls);
    }

    /** A picture of one colour, the mean of the image's. */
    private static BufferedImage meanColour(BufferedImage image) {
        long[] sum = new long[3];
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sum[0] += rgb >> 16 & 0xFF;
                sum[1] += rgb >> 8 & 0xFF;
                sum[2] += rgb & 0xFF;
            }
        }
        BufferedImage flat = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int c = (int) (sum[0] / n) << 16 | (int) (sum[1] / n) << 8 | (int) (sum[2] / n);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                flat.setRGB(x, y, c);
            }
        }
        return flat;
    }

    @Test
    void aDecodeThatCannotGoLayerByLayerIsOnePass() throws Exception {
        TinyModelCase tiny = new TinyModelCase(TinyModelCase.LAYERED);
        VqzContainer c = tiny.encode(100, 2);
        List<String> calls = new ArrayList<>();
        tiny.decoder(2).decode(c, DecodeOptions.builder().scale(2).passes((p, n) -> calls.add(p + "/" + n)).build());
        assertEquals(List.of("1/1"), calls);
    }
}
