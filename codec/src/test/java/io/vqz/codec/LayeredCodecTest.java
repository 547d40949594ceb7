package io.vqz.codec;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layered pipeline end to end with the tiny 3-layer test model (testdata/models/tiny-layered.vqzm). */
class LayeredCodecTest {
    static TinyModelCase tiny;
    static ModelBundle model;
    static BufferedImage image;

    @BeforeAll
    static void load() throws IOException {
        tiny = new TinyModelCase(TinyModelCase.LAYERED);
        model = tiny.model;
        image = tiny.image;
    }

    static VqzContainer encode(int quality, int threads) throws IOException {
        return tiny.encode(quality, threads);
    }

    static VqzDecoder decoder(int threads) {
        return tiny.decoder(threads);
    }

    @Test
    void theBundleIsLayered() throws IOException {
        assertTrue(model.layered());
        assertEquals(3, model.layers());
        assertEquals(4, model.manifest().codeDimension);
        for (int l = 0; l < 3; l++) {
            assertEquals(l == 0 ? 0 : 4, model.prior(l).coarseWidth());
            assertEquals(32, model.codebook(l).size);
        }
        assertTrue(ModelBundle.defaultBundle().layered());
        assertFalse(TestImages.v1().layered());
        assertEquals(1, TestImages.v1().layers());
    }

    @Test
    void qualityChoosesTheLayerCount() throws IOException {
        assertEquals(1, Quality.layers(0, 3));
        assertEquals(1, Quality.layers(33, 3));
        assertEquals(2, Quality.layers(34, 3));
        assertEquals(3, Quality.layers(100, 3));
        assertEquals(1, Quality.layers(100, 1));
        VqzContainer best = encode(100, 2);
        assertEquals(2, best.header().formatVersion());
        assertEquals(3, best.header().layers());
        assertEquals(1, encode(10, 2).header().layers());
        assertEquals(2, encode(60, 2).header().layers());
    }

    @Test
    void anOperatingPointSetDirectlyCodesAsTheQualityThatMapsToIt() throws IOException {
        for (int q : new int[] {20, 50, 100}) {
            OperatingPoint point = Quality.operatingPoint(q, 3);
            VqzEncoder direct = VqzEncoder.builder().model(model).quality(q).operatingPoint(point).threads(2).build();
            assertEquals(point, direct.operatingPoint());
            assertArrayEquals(TestImages.fileBytes(encode(q, 2)), TestImages.fileBytes(direct.encodeContainer(image, null)), "quality " + q);
        }
        VqzEncoder tooMany = VqzEncoder.builder().model(model).operatingPoint(new OperatingPoint(4, 0, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tooMany.encodeContainer(image, null));
        assertTrue(e.getMessage().contains("has 3 code layer(s)"), e.getMessage());
    }

    @Test
    void theRateWeightOfTheLastLayerTradesRateForDistortion() throws IOException {
        VqzEncoder nearest = VqzEncoder.builder().model(model).operatingPoint(new OperatingPoint(2, 0, 1)).build();
        VqzEncoder cheap = VqzEncoder.builder().model(model).operatingPoint(new OperatingPoint(2, 1.0, 32)).build();
        VqzContainer a = nearest.encodeContainer(image, null);
        VqzContainer b = cheap.encodeContainer(image, null);
        assertEquals(a.tileDataLength(0), b.tileDataLength(0), "the base layer takes the nearest codes either way");
        assertArrayEquals(a.tilePayload(0, 0), b.tilePayload(0, 0));
        assertTrue(b.tileDataLength(1) < a.tileDataLength(1),
                b.tileDataLength(1) + " bytes at λ = 1, " + a.tileDataLength(1) + " at nearest codes");
        double psnrA = TestImages.psnr(image, decoder(2).decode(a, DecodeOptions.DEFAULT).image());
        double psnrB = TestImages.psnr(image, decoder(2).decode(b, DecodeOptions.DEFAULT).image());
        assertTrue(psnrB < psnrA, psnrB + " dB at λ = 1, " + psnrA + " at nearest codes");
    }

    /** The tiny model with rate weights {@code w} (in units of each layer's codeword spacing) in its manifest. */
    static ModelBundle rateWeighted(Path dir, double... w) throws IOException {
        StringBuilder weights = new StringBuilder();
        for (int l = 0; l < w.length; l++) {
            weights.append(l == 0 ? "" : ",").append(w[l] * model.codebook(l).spacing());
        }
        return ModelBundle.load(BundleFiles.withManifest(TinyModelCase.LAYERED, dir.resolve("weighted.vqzm"),
                m -> m.replaceFirst("\\{", "{\"rate_weights\": [" + weights + "],")));
    }

    static VqzContainer encode(ModelBundle bundle, OperatingPoint point) throws IOException {
        return VqzEncoder.builder().model(bundle).operatingPoint(point).threads(2).build().encodeContainer(image, null);
    }

    @Test
    void aRateWeightedLayerChoosesCheaperCodesBelowTheLastLayerToo(@TempDir Path dir) throws IOException {
        ModelBundle weighted = rateWeighted(dir, 0, 1.0, 0);
        assertEquals(0, weighted.manifest().rateWeight(0));
        assertEquals(model.codebook(1).spacing(), weighted.manifest().rateWeight(1), 1e-9);
        VqzContainer plain = encode(model, new OperatingPoint(3, 0, 1));
        VqzContainer ecvq = encode(weighted, new OperatingPoint(3, 0, 1));
        assertArrayEquals(plain.tilePayload(0, 0), ecvq.tilePayload(0, 0), "layer 0 has no weight");
        assertTrue(ecvq.tileDataLength(1) < plain.tileDataLength(1),
                ecvq.tileDataLength(1) + " bytes with the weight, " + plain.tileDataLength(1) + " at nearest codes");
        VqzDecoder decoder = VqzDecoder.builder().registry(ModelRegistry.builder().add(weighted).build()).build();
        DecodeOptions two = DecodeOptions.builder().layers(2).build();
        double psnrPlain = TestImages.psnr(image, decoder(2).decode(plain, two).image());
        double psnrEcvq = TestImages.psnr(image, decoder.decode(ecvq, two).image());
        assertTrue(psnrEcvq < psnrPlain, psnrEcvq + " dB with the weight, " + psnrPlain + " at nearest codes");
        // sent last, the layer keeps its weight and the operating point's λ adds to it; with one candidate (quality
        // 100) it takes its nearest codewords
        VqzContainer last = encode(weighted, new OperatingPoint(2, 0, 32));
        assertArrayEquals(ecvq.tilePayload(1, 0), last.tilePayload(1, 0));
        assertArrayEquals(plain.tilePayload(1, 0), encode(weighted, new OperatingPoint(2, 0, 1)).tilePayload(1, 0));
        VqzContainer more = encode(weighted, new OperatingPoint(2, 1.0, 32));
        assertTrue(more.tileDataLength(1) < last.tileDataLength(1),
                more.tileDataLength(1) + " bytes at λ = 1 on top of the weight, " + last.tileDataLength(1) + " without");
    }

    @Test
    void rateWeightsAreChecked(@TempDir Path dir) throws IOException {
        for (String bad : new String[] {"[0, 1]", "[0, -1, 0]", "[0, \"x\", 0]", "0", "[0, 1e999, 0]"}) {
            Path file = BundleFiles.withManifest(TinyModelCase.LAYERED, dir.resolve("bad.vqzm"),
                    m -> m.replaceFirst("\\{", "{\"rate_weights\": " + bad + ","));
            ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(file), bad);
            assertTrue(e.getMessage().contains("rate_weights"), e.getMessage());
        }
    }

    @Test
    void operatingPointsRejectValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(1, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new OperatingPoint(1, 0.5, 0));
        assertTrue(new OperatingPoint(1, 0.5, 1).nearest());
        assertEquals(new OperatingPoint(1, 0, 1), Quality.operatingPoint(100, 1));
        assertEquals(new OperatingPoint(3, 0, 1), Quality.operatingPoint(100, 3));
    }

    @Test
    void everyLayerCountRoundTripsAndMoreLayersLookBetter() throws IOException {
        VqzContainer c = encode(100, 2);
        double previous = 0;
        for (int n = 1; n <= 3; n++) {
            BufferedImage out = decoder(2).decode(c, DecodeOptions.builder().layers(n).build()).image();
            double psnr = TestImages.psnr(image, out);
            assertTrue(psnr > previous + 0.2, n + " layers: " + psnr + " dB after " + previous);
            previous = psnr;
        }
        assertTrue(previous > 20, "3 layers: " + previous + " dB");
    }

    @Test
    void trimmedFileDecodesExactlyAsTheFullFileWithFewerLayers() throws IOException {
        tiny.assertTrimmedFilesDecodeAsFewerLayers();
    }

    @Test
    void gridsDoNotDependOnThreadsInEitherDirection() throws IOException {
        VqzContainer one = encode(80, 1);
        VqzContainer four = encode(80, 4);
        assertArrayEquals(TestImages.fileBytes(one), TestImages.fileBytes(four));
        int[][] a = decoder(1).decodeGrids(one, 0);
        int[][] b = decoder(8).decodeGrids(one, 0);
        assertEquals(one.header().layers(), a.length);
        for (int l = 0; l < a.length; l++) {
            assertArrayEquals(a[l], b[l]);
        }
        assertArrayEquals(a[0], decoder(3).decodeGrid(one));
    }

    @Test
    void regionsAndPreviewsMatchTheFullDecode() throws IOException {
        tiny.assertRegionsAndPreviewsMatchTheFullDecode();
    }

    @Test
    void aFileNeedsItsLayeredModel() throws IOException {
        VqzContainer c = encode(100, 1);
        VqzHeader wrong = c.header().toBuilder().formatVersion(1).layers(1).build();
        VqzContainer.Builder b = VqzContainer.builder().header(wrong);
        for (int i = 0; i < wrong.tileCount(); i++) {
            b.tilePayload(i, c.tilePayload(i));
        }
        IOException e = assertThrows(IOException.class, () -> decoder(1).decodeGrid(b.build()));
        assertTrue(e.getMessage().contains("layered with 3 layers"), e.getMessage());
    }
}
