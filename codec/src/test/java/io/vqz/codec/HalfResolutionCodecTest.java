package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A layered model run at half resolution (f = 8: its encoder after a 2x2 mean, its decoder before a fixed 2x
 * upsampler, both inside the ONNX networks): the pipeline needs nothing but the manifest's f.
 */
class HalfResolutionCodecTest {
    static TinyModelCase half;
    static TinyModelCase full;

    @BeforeAll
    static void load() throws IOException {
        half = new TinyModelCase(TinyModelCase.LAYERED_HALF);
        full = new TinyModelCase(TinyModelCase.LAYERED);
    }

    /**
     * The half-resolution model derived in Java from the full one codes as the bundle the exporter wrote for it
     * (tiny-layered-half.vqzm, from the same checkpoint): same manifest where it matters, same codes, the same
     * picture to within a level (the networks' float arithmetic differs in order).
     */
    @Test
    void theModelDerivedInJavaCodesAsTheExportedBundle() throws IOException {
        ModelBundle derived = full.model.halfResolution(half.model.id(), "derived");
        assertEquals(half.model.name(), derived.name());
        assertEquals(8, derived.downsampling());
        assertEquals(half.model.manifest().decoderRadius, derived.manifest().decoderRadius);
        assertEquals(half.model.manifest().encoderRadius, derived.manifest().encoderRadius);
        assertEquals(half.model.layers(), derived.layers());
        assertEquals(half.model.qualityBands(), derived.qualityBands());
        TinyModelCase viaJava = new TinyModelCase(derived);
        VqzContainer exported = half.encode(100, 2);
        VqzContainer java = viaJava.encode(100, 2);
        assertArrayEquals(TestImages.fileBytes(exported), TestImages.fileBytes(java));
        BufferedImage a = half.decoder(2).decode(exported, DecodeOptions.DEFAULT).image();
        BufferedImage b = viaJava.decoder(2).decode(exported, DecodeOptions.DEFAULT).image();
        assertTrue(TestImages.maxDiff(a, b) <= 1, "max difference " + TestImages.maxDiff(a, b));
        DecodeOptions region = DecodeOptions.builder().region(new java.awt.Rectangle(21, 13, 70, 40)).build();
        assertTrue(TestImages.maxDiff(half.decoder(2).decode(exported, region).image(),
                viaJava.decoder(2).decode(exported, region).image()) <= 1);
        IOException e = assertThrows(IOException.class, () -> half.model.halfResolution(half.model.id(), "x"));
        assertTrue(e.getMessage().contains("f = 4"), e.getMessage());
    }

    @Test
    void filesCarryTheirModelsDownsampling() throws IOException {
        assertEquals(8, half.model.downsampling());
        VqzContainer c = half.encode(100, 2);
        assertEquals(8, c.header().downsampling());
        assertEquals((136 + 7) / 8, c.header().gridWidth());
        assertEquals((72 + 7) / 8, c.header().gridHeight());
        BufferedImage out = half.decoder(2).decode(c, DecodeOptions.DEFAULT).image();
        assertEquals(136, out.getWidth());
        assertEquals(72, out.getHeight());
    }

    /** A quarter of the codes for a smaller file, and a picture that is still the picture. */
    @Test
    void aQuarterOfTheCodesForAFewDecibels() throws IOException {
        VqzContainer h = half.encode(100, 2);
        VqzContainer f = full.encode(100, 2);
        assertTrue(TestImages.fileBytes(h).length < TestImages.fileBytes(f).length / 2);
        for (int n = 1; n <= 3; n++) {
            DecodeOptions layers = DecodeOptions.builder().layers(n).build();
            double psnrHalf = TestImages.psnr(half.image, half.decoder(2).decode(h, layers).image());
            double psnrFull = TestImages.psnr(full.image, full.decoder(2).decode(f, layers).image());
            assertTrue(psnrHalf > 15 && psnrHalf < psnrFull, n + " layers: " + psnrHalf + " against " + psnrFull);
        }
    }

    @Test
    void gridsDoNotDependOnThreads() throws IOException {
        VqzContainer one = half.encode(80, 1);
        assertArrayEquals(TestImages.fileBytes(one), TestImages.fileBytes(half.encode(80, 3)));
        int[][] a = half.decoder(1).decodeGrids(one, 0);
        int[][] b = half.decoder(8).decodeGrids(one, 0);
        for (int l = 0; l < a.length; l++) {
            assertArrayEquals(a[l], b[l]);
        }
    }

    @Test
    void trimmedFilesDecodeAsFewerLayers() throws IOException {
        half.assertTrimmedFilesDecodeAsFewerLayers();
    }

    /** The default model's lowest qualities go to its half-resolution form; an explicit operating point does not. */
    @Test
    void theDefaultModelsLowestQualitiesEncodeAtHalfResolution() throws IOException {
        ModelBundle half = ModelBundle.halfResolutionBundle();
        assertEquals(8, half.downsampling());
        // since 0.7 the default's own half-resolution form, derived from it
        ModelBundle source = ModelBundle.defaultBundle();
        assertEquals(HalfResolution.name(source.name()), half.name());
        assertEquals(source.layers(), half.layers());
        assertEquals(source.qualityBands(), half.qualityBands());
        assertEquals(half, VqzEncoder.builder().quality(Quality.HALF_RESOLUTION_BELOW - 1).build().model());
        assertEquals(half, VqzEncoder.builder().model(ModelBundle.defaultBundle()).quality(0).build().model());
        assertEquals(ModelBundle.defaultBundle(),
                VqzEncoder.builder().quality(Quality.HALF_RESOLUTION_BELOW).build().model());
        assertEquals(ModelBundle.defaultBundle(), VqzEncoder.builder().quality(0)
                .operatingPoint(new OperatingPoint(1, 0, 1)).build().model());
        assertEquals(Quality.operatingPoint(40, half.qualityBands()),
                VqzEncoder.builder().quality(10).build().operatingPoint());
        // trimming by quality follows the same mapping, for the half-resolution model of 0.5 and 0.6 too
        assertEquals(Quality.layers(40, half.qualityBands()), Quality.layers(10, half));
        assertEquals(Quality.layers(100, half.qualityBands()), Quality.layers(30, half));
        ModelBundle v2Half = ShippedModels.get(ShippedModels.V2_HALF_RESOLUTION_RESOURCE);
        assertEquals(Quality.layers(40, v2Half.qualityBands()), Quality.layers(10, v2Half));
        assertEquals(2, Quality.layers(10, v2Half));
        assertEquals(Quality.layers(75, ModelBundle.defaultBundle().qualityBands()),
                Quality.layers(75, ModelBundle.defaultBundle()));
        // chosen by name, the half-resolution model keeps its own scale
        assertEquals(Quality.operatingPoint(80, half.qualityBands()),
                VqzEncoder.builder().model(half).quality(80).build().operatingPoint());
        assertEquals(Quality.operatingPoint(10, half.qualityBands()),
                VqzEncoder.builder().model(half).quality(10).build().operatingPoint());
        BufferedImage image = TestImages.kodakCrop(3, 136, 72);
        long previous = 0;
        // the half-resolution scale's top and full resolution's low qualities overlap in size on smooth content
        // (this crop: quality 15 at half resolution 473 bytes and 28.4 dB, quality 40 at full 468 bytes and 27.2 dB)
        for (int q : new int[] {0, Quality.HALF_RESOLUTION_BELOW - 1, 60}) {
            VqzContainer c = VqzEncoder.builder().quality(q).threads(2).build().encodeContainer(image, null);
            assertEquals(q < Quality.HALF_RESOLUTION_BELOW ? 8 : 4, c.header().downsampling());
            assertEquals(q, c.header().quality());
            long bytes = TestImages.fileBytes(c).length;
            assertTrue(bytes > previous, "quality " + q + ": " + bytes + " bytes after " + previous);
            previous = bytes;
            BufferedImage out = VqzDecoder.builder().threads(2).build().decode(c, DecodeOptions.DEFAULT).image();
            assertTrue(TestImages.psnr(image, out) > 18, "quality " + q);
        }
    }

    /** Regions need the upsampler's reach in the decoder's receptive field; previews come out of the same path. */
    @Test
    void regionsAndPreviewsMatchTheFullDecode() throws IOException {
        half.assertRegionsAndPreviewsMatchTheFullDecode();
    }
}
