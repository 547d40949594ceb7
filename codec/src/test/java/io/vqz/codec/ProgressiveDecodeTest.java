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
        TinyModelCase tiny = new TinyModelCase(TinyModelCase.LAYERED);
        VqzContainer c = tiny.encode(100, 2);
        int layers = c.header().layers();
        assertTrue(layers >= 3, "layers " + layers);
        int w = c.header().width();
        int h = c.header().height();
        Passes passes = new Passes(w, h);
        DecodedImage d = tiny.decoder(2).decode(c, DecodeOptions.builder().sink(passes).passes(passes).build());
        List<String> expected = new ArrayList<>();
        for (int p = 1; p <= layers; p++) {
            expected.add(p + "/" + layers);
        }
        assertEquals(expected, passes.calls);
        assertEquals(layers, d.layers());
        BufferedImage plain = tiny.decoder(2).decode(c, DecodeOptions.DEFAULT).image();
        assertTrue(TestImages.samePixels(plain, passes.pictures.get(layers - 1)), "the last pass is the plain decode");
        for (int p = 1; p < layers; p++) {
            BufferedImage network = tiny.decoder(2).decode(c, DecodeOptions.builder().layers(p).build()).image();
            double db = TestImages.psnr(network, passes.pictures.get(p - 1));
            // the tiny model: 22.9 and 21.5 dB (a flat picture of the mean colour would be far below)
            assertTrue(db > 19, "pass " + p + " against the network's decode of " + p + " layers: " + db + " dB");
        }
        // without a sink the returned image is the plain decode's too
        List<String> calls = new ArrayList<>();
        BufferedImage image = tiny.decoder(1).decode(c, DecodeOptions.builder()
                .passes((p, n) -> calls.add(p + "/" + n)).build()).image();
        assertTrue(TestImages.samePixels(plain, image));
        assertEquals(expected, calls);
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
