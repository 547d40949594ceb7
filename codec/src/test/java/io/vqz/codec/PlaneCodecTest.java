package io.vqz.codec;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vqz.entropy.PlaneCoder;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A plane model (bundle format 3) end to end: testdata/models/tiny-planes.vqzm, a base layer and 4 planes. */
class PlaneCodecTest {
    static TinyModelCase tiny;
    static ModelBundle model;
    static BufferedImage image;

    @BeforeAll
    static void load() throws IOException {
        tiny = new TinyModelCase(TinyModelCase.PLANES);
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
    void theBundleIsAPlaneModel() throws IOException {
        assertTrue(model.planes());
        assertTrue(model.layered());
        assertEquals(5, model.layers());
        assertEquals(1, model.codeLayers());
        assertEquals(4, model.planeContext().width());
        assertThrows(IndexOutOfBoundsException.class, () -> model.codebook(1));
        assertEquals(false, ModelBundle.defaultBundle().planes());
    }

    /** The Java context network against PyTorch's outputs recorded in the bundle's parity.json. */
    @Test
    void contextNetworkMatchesPyTorch() throws IOException {
        JsonObject par = JsonParser.parseString(new String(model.entry("parity.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonArray rows = par.getAsJsonArray("codes");
        int h = rows.size();
        int w = rows.get(0).getAsJsonArray().size();
        int d = 4;
        int[] codes = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                codes[y * w + x] = rows.get(y).getAsJsonArray().get(x).getAsInt();
            }
        }
        float[] base = model.codebook(0).accumulate(null, codes);
        float[] mu = new float[w * h * d];
        int[] scales = new int[w * h * d];
        model.planeContext().evaluate(base, w, h, mu, scales);
        JsonArray positions = par.getAsJsonArray("positions");
        for (int i = 0; i < positions.size(); i++) {
            int y = positions.get(i).getAsJsonArray().get(0).getAsInt();
            int x = positions.get(i).getAsJsonArray().get(1).getAsInt();
            for (int c = 0; c < d; c++) {
                float expectedMu = par.getAsJsonArray("mu").get(i).getAsJsonArray().get(c).getAsFloat();
                float logScale = par.getAsJsonArray("log_scale").get(i).getAsJsonArray().get(c).getAsFloat();
                assertEquals(expectedMu, mu[(y * w + x) * d + c], 1e-4, "mu at " + y + "," + x);
                int scale = scales[(y * w + x) * d + c];
                assertTrue(Math.abs(scale - PlaneCoder.scaleIndex(logScale)) <= 1, "scale at " + y + "," + x);
            }
        }
    }

    @Test
    void filesAreVersion3AndQualityChoosesThePlanes() throws IOException {
        VqzContainer best = encode(100, 2);
        assertEquals(3, best.header().formatVersion());
        assertEquals(5, best.header().layers());
        assertEquals(1, encode(10, 2).header().layers());
    }

    @Test
    void everyLayerCountRoundTripsAndMorePlanesLookBetter() throws IOException {
        VqzContainer c = encode(100, 2);
        double first = TestImages.psnr(image, decoder(2).decode(c, DecodeOptions.builder().layers(1).build()).image());
        double previous = first;
        for (int n = 2; n <= 5; n++) {
            double psnr = TestImages.psnr(image, decoder(2).decode(c, DecodeOptions.builder().layers(n).build())
                    .image());
            assertTrue(psnr > previous - 0.05, n + " layers: " + psnr + " dB after " + previous);
            previous = psnr;
        }
        assertTrue(previous > first + 2, "5 layers: " + previous + " dB, the base layer " + first);
    }

    /** Below a band's top the last plane keeps a bit only where it pays: fewer bytes, only last bits cleared. */
    @Test
    void theRateWeightThinsTheLastPlane() throws IOException {
        VqzEncoder all = VqzEncoder.builder().model(model).operatingPoint(new OperatingPoint(4, 0, 1)).build();
        VqzEncoder thin = VqzEncoder.builder().model(model).operatingPoint(new OperatingPoint(4, 0.5, 16)).build();
        VqzContainer a = all.encodeContainer(image, null);
        VqzContainer b = thin.encodeContainer(image, null);
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(a.tilePayload(l, 0), b.tilePayload(l, 0), "layer " + l + " does not change");
        }
        assertTrue(b.tileDataLength(3) < a.tileDataLength(3), b.tileDataLength(3) + " against " + a.tileDataLength(3));
        int[] full = decoder(1).decodeGrids(a, 0)[3];
        int[] thinned = decoder(1).decodeGrids(b, 0)[3];
        int lowered = 0;
        for (int e = 0; e < full.length; e++) {
            int m = Math.abs(full[e]);
            int t = Math.abs(thinned[e]);
            assertTrue(t == m || t == m - 1 && (m & 1) == 1, "element " + e + ": " + full[e] + " -> " + thinned[e]);
            lowered += t < m ? 1 : 0;
        }
        assertTrue(lowered > 0);
    }

    @Test
    void trimmedFileDecodesExactlyAsTheFullFileWithFewerLayers() throws IOException {
        tiny.assertTrimmedFilesDecodeAsFewerLayers();
    }

    @Test
    void regionsAndPreviewsMatchTheFullDecode() throws IOException {
        tiny.assertRegionsAndPreviewsMatchTheFullDecode();
    }

    /** Plane j's indices are plane j+1's halved, with the same sign: the planes nest. */
    @Test
    void planesNestAndDoNotDependOnThreads() throws IOException {
        VqzContainer one = encode(100, 1);
        assertArrayEquals(TestImages.fileBytes(one), TestImages.fileBytes(encode(100, 3)));
        int[][] a = decoder(1).decodeGrids(one, 0);
        int[][] b = decoder(8).decodeGrids(one, 0);
        int positions = one.header().gridWidth() * one.header().gridHeight();
        assertEquals(positions, a[0].length);
        int nonzero = 0;
        for (int l = 1; l < a.length; l++) {
            assertArrayEquals(a[l], b[l]);
            assertEquals(positions * 4, a[l].length);
            for (int e = 0; e < a[l].length && l > 1; e++) {
                int coarse = a[l - 1][e];
                int fine = a[l][e];
                assertEquals(Math.abs(coarse), Math.abs(fine) >> 1, "element " + e);
                assertTrue(coarse == 0 || Integer.signum(coarse) == Integer.signum(fine));
                nonzero += fine != 0 ? 1 : 0;
            }
        }
        assertTrue(nonzero > 0);
    }

    @Test
    void aFileNeedsItsPlaneModel() throws IOException {
        VqzContainer c = encode(100, 1);
        VqzHeader wrong = c.header().toBuilder().formatVersion(2).build();
        VqzContainer.Builder b = VqzContainer.builder().header(wrong);
        for (int l = 0; l < wrong.layers(); l++) {
            for (int i = 0; i < wrong.tileCount(); i++) {
                b.tilePayload(l, i, c.tilePayload(l, i));
            }
        }
        IOException e = assertThrows(IOException.class, () -> decoder(1).decodeGrid(b.build()));
        assertTrue(e.getMessage().contains("a plane model with 5 layers"), e.getMessage());
    }
}
