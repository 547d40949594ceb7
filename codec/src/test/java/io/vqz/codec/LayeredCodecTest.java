package io.vqz.codec;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzTileIndex;
import io.vqz.format.VqzWriter;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layered pipeline end to end with the tiny 3-layer test model (testdata/models/tiny-layered.vqzm). */
class LayeredCodecTest {
    static ModelBundle model;
    static ModelRegistry registry;
    static BufferedImage image;

    @BeforeAll
    static void load() throws IOException {
        model = ModelBundle.load(tinyModel());
        registry = ModelRegistry.builder().add(model).build();
        image = TestImages.kodakCrop(3, 136, 72);
    }

    static Path tinyModel() {
        return TestData.file("models/tiny-layered.vqzm");
    }

    static VqzContainer encode(int quality, int threads) throws IOException {
        return VqzEncoder.builder().model(model).quality(quality).threads(threads).build()
                .encodeContainer(image, null);
    }

    static VqzDecoder decoder(int threads) {
        return VqzDecoder.builder().registry(registry).threads(threads).build();
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
        byte[] full = TestImages.fileBytes(encode(100, 2));
        for (int n = 1; n <= 3; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VqzWriter.trim(new SeekableInMemoryByteChannel(full), out, n, VqzLimits.DEFAULT);
            byte[] trimmed = out.toByteArray();
            assertTrue(n == 3 ? trimmed.length == full.length : trimmed.length < full.length);
            VqzContainer t = VqzReader.read(new ByteArrayInputStream(trimmed), VqzLimits.DEFAULT);
            assertEquals(n, t.header().layers());
            BufferedImage a = decoder(2).decode(t, DecodeOptions.DEFAULT).image();
            VqzContainer f = VqzReader.read(new ByteArrayInputStream(full), VqzLimits.DEFAULT);
            BufferedImage b = decoder(2).decode(f, DecodeOptions.builder().layers(n).build()).image();
            assertTrue(TestImages.samePixels(a, b), "layers " + n);
        }
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
        byte[] file = TestImages.fileBytes(encode(100, 2));
        VqzContainer c = VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
        BufferedImage whole = decoder(2).decode(c, DecodeOptions.DEFAULT).image();
        Rectangle r = new Rectangle(37, 11, 60, 40);
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(file);
        VqzTileIndex index = VqzReader.readIndex(channel, VqzLimits.DEFAULT);
        BufferedImage part = decoder(2).decode(index.tiles(channel), DecodeOptions.builder().region(r).build()).image();
        assertTrue(TestImages.samePixels(TestImages.crop(whole, r.x, r.y, r.width, r.height), part));
        BufferedImage preview = decoder(2).decode(c, DecodeOptions.builder().scale(2).build()).image();
        assertEquals(68, preview.getWidth());
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
