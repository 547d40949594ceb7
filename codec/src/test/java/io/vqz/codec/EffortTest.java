package io.vqz.codec;

import io.vqz.format.VqzContainer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encoder's effort levels ({@link Effort}) with the default model. */
class EffortTest {
    private static final VqzDecoder DECODER = VqzDecoder.builder().build();

    private static byte[] encode(BufferedImage img, int quality, int effort) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().quality(quality).effort(effort).build().encode(img, null, out);
        return out.toByteArray();
    }

    private static BufferedImage decode(byte[] file) throws IOException {
        return DECODER.decode(new ByteArrayInputStream(file));
    }

    /** Mean squared error of 8-bit R, G and B over the picture, the refinement's own measure. */
    private static double squaredError(BufferedImage a, BufferedImage b) {
        double se = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    double d = ((p >> s) & 255) / 255.0 - ((q >> s) & 255) / 255.0;
                    se += d * d;
                }
            }
        }
        return se;
    }

    @Test
    void levelsOutsideTheRangeAreRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VqzEncoder.builder().effort(10));
        assertTrue(e.getMessage().contains("0..9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VqzEncoder.builder().effort(-1));
        assertEquals(Effort.DEFAULT, VqzEncoder.builder().build().effort());
    }

    @Test
    void theDefaultLevelRefinesNothingAndTheLevelsAboveRefineMoreAndMore() {
        assertEquals(0, Effort.refinements(Effort.DEFAULT));
        for (int e = Effort.DEFAULT + 1; e <= Effort.MAX; e++) {
            assertTrue(Effort.refinements(e) > Effort.refinements(e - 1), "level " + e);
        }
        assertTrue(Effort.fastEncoder(Effort.FASTEST));
        assertFalse(Effort.fastEncoder(Effort.DEFAULT));
        for (int e = Effort.FASTEST; e < Effort.MAX; e++) {
            assertEquals(0, Effort.searchStep(e), "only the top level searches by the decoded pixels: " + e);
        }
        assertTrue(Effort.searchStep(Effort.MAX) > 2 * LastLayerSearch.REACH, "classes judged apart");
    }

    @Test
    void theDefaultModelShipsItsGradientGraph() throws IOException {
        assertTrue(ModelBundle.defaultBundle().decoderVjp().isPresent());
        // at half resolution, the full model's (the decoder network before the upsampler)
        assertSame(ModelBundle.defaultBundle().decoderVjp().orElseThrow(),
                ModelBundle.halfResolutionBundle().decoderVjp().orElseThrow());
    }

    /**
     * The graph's gradient against central differences of the squared error through the decoder network itself:
     * {@code <gradient, v> ≈ (SE(sum + εv) − SE(sum − εv)) / 2ε} for random directions v, away from the clamp.
     */
    @Test
    void theGradientGraphAgreesWithDifferencesOfTheDecodersSquaredError() throws IOException {
        ModelBundle bundle = ModelBundle.defaultBundle();
        int w = 24;
        int h = 20;
        int dim = bundle.manifest().codeDimension;
        int f = bundle.downsampling();
        Random random = new Random(7);
        BufferedImage img = TestImages.kodakCrop(3, w * f, h * f);
        float[] source = new float[3 * w * f * h * f];
        new SourceImage(img).readRgb(0, 0, w * f, h * f, source);
        NetworkTiles.Latents lat = NetworkTiles.encode(bundle, new SourceImage(img), 0, 0, w, h, w, h);
        float[] sum = lat.z.clone();
        float[] gradient = new float[sum.length];
        double[] perPosition = new double[w * h];
        double se = Refinement.synthesise(bundle, bundle.decoderVjp().orElseThrow(), sum, source, w, h, w * f, h * f,
                gradient, perPosition);
        assertEquals(squaredError(bundle, sum, source, w, h), se, 1e-6 * se);
        assertEquals(se, java.util.Arrays.stream(perPosition).sum(), 1e-9 * se);
        for (int trial = 0; trial < 3; trial++) {
            float[] v = new float[sum.length];
            double predicted = 0;
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) random.nextGaussian();
                predicted += (double) v[k] * gradient[k];
            }
            double eps = 1e-4;
            double plus = squaredError(bundle, along(sum, v, eps), source, w, h);
            double minus = squaredError(bundle, along(sum, v, -eps), source, w, h);
            double measured = (plus - minus) / (2 * eps);
            assertEquals(measured, predicted, 0.02 * Math.abs(measured) + 1e-3, "direction " + trial);
        }
    }

    private static float[] along(float[] sum, float[] v, double t) {
        float[] out = new float[sum.length];
        for (int k = 0; k < sum.length; k++) {
            out[k] = (float) (sum[k] + t * v[k]);
        }
        return out;
    }

    /** The squared error of the decoder network's picture (clamped to [0, 1]) of the latents. */
    private static double squaredError(ModelBundle bundle, float[] sum, float[] source, int w, int h)
            throws IOException {
        float[] picture = NetworkTiles.decodeLatents(bundle, sum, w, h, 0, 0, w, h);
        double se = 0;
        for (int k = 0; k < picture.length; k++) {
            double d = Math.min(1f, Math.max(0f, picture[k])) - source[k];
            se += d * d;
        }
        return se;
    }

    @Test
    void aHigherLevelWritesAFileOfTheSameModelWithALowerRateDistortionCost() throws IOException {
        BufferedImage img = TestImages.kodakCrop(23, 256, 192);
        byte[] plain = encode(img, 75, Effort.DEFAULT);
        byte[] refined = encode(img, 75, 5);
        assertNotEquals(plain.length, refined.length);
        VqzContainer a = DECODER.read(new ByteArrayInputStream(plain));
        VqzContainer b = DECODER.read(new ByteArrayInputStream(refined));
        assertArrayEquals(a.header().modelId(), b.header().modelId());
        assertEquals(a.header().layers(), b.header().layers());
        assertEquals(a.header().formatVersion(), b.header().formatVersion());
        double costPlain = Effort.cost(payloadBits(a), squaredError(img, decode(plain)));
        double costRefined = Effort.cost(payloadBits(b), squaredError(img, decode(refined)));
        assertTrue(TestImages.psnr(img, decode(refined)) > TestImages.psnr(img, decode(plain)) + 0.2,
                "the refinement buys quality");
        assertTrue(costRefined < costPlain, costRefined + " >= " + costPlain);
    }

    private static double payloadBits(VqzContainer c) {
        long bytes = 0;
        for (int l = 0; l < c.header().layers(); l++) {
            bytes += c.tileDataLength(l);
        }
        return bytes * 8.0;
    }

    @Test
    void aRefiningEncodeReportsItsRefinementsAndCanBeAborted() throws IOException {
        BufferedImage img = TestImages.kodakCrop(19, 128, 128);
        List<Double> seen = new ArrayList<>();
        VqzEncoder encoder = VqzEncoder.builder().quality(75).effort(Effort.MAX).build();
        encoder.encode(img, null, new ByteArrayOutputStream(), EncodeOptions.builder().progress(seen::add).build());
        assertEquals(1.0, seen.get(seen.size() - 1));
        assertTrue(seen.size() > 3, "progress within the refinements: " + seen);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] polls = {0};
        // the abort comes after the first coding, within the refinements
        assertThrows(InterruptedIOException.class, () -> encoder.encode(img, null, out,
                EncodeOptions.builder().abort(() -> ++polls[0] > 6).build()));
        assertEquals(0, out.size(), "nothing written");
    }

    @Test
    void theHalfResolutionFormRefinesTooAndRunsTheFastEncoderAtTheFastestLevel() throws IOException {
        BufferedImage img = TestImages.kodakCrop(23, 384, 256);
        byte[] plain = encode(img, 10, Effort.DEFAULT);
        byte[] refined = encode(img, 10, 5);
        VqzContainer a = DECODER.read(new ByteArrayInputStream(plain));
        VqzContainer b = DECODER.read(new ByteArrayInputStream(refined));
        assertArrayEquals(ModelBundle.halfResolutionBundle().modelId().bytes(), b.header().modelId());
        assertArrayEquals(a.header().modelId(), b.header().modelId());
        // judged against the image's 2×2 means, yet cheaper at full resolution too
        double costPlain = Effort.cost(payloadBits(a), squaredError(img, decode(plain)));
        double costRefined = Effort.cost(payloadBits(b), squaredError(img, decode(refined)));
        assertTrue(costRefined < costPlain, costRefined + " >= " + costPlain);
        byte[] fast = encode(img, 10, Effort.FASTEST);
        assertNotEquals(java.util.Arrays.toString(plain), java.util.Arrays.toString(fast));
        assertEquals(TestImages.psnr(img, decode(plain)), TestImages.psnr(img, decode(fast)), 0.5);
    }

    /**
     * Level 0 writes the default model's files from its fast network and order-0 choice: at one quality more bytes
     * for a better picture than the default's, on the default's rate–distortion curve (its PSNR at most a little
     * below the curve's between the default's neighbouring qualities, interpolated in log rate).
     */
    @Test
    void theFastestLevelRunsTheFastEncoderNetworkAndLandsOnTheDefaultsCurve() throws IOException {
        assertTrue(ModelBundle.defaultBundle().fastEncoderNet().isPresent());
        BufferedImage img = TestImages.kodakCrop(19, 192, 128);
        int[][] pairs = {{25, 50}, {50, 75}, {75, 90}};
        for (int[] pair : pairs) {
            byte[] plain = encode(img, pair[0], Effort.DEFAULT);
            byte[] above = encode(img, pair[1], Effort.DEFAULT);
            byte[] fast = encode(img, pair[0], Effort.FASTEST);
            String at = "quality " + pair[0];
            assertNotEquals(java.util.Arrays.toString(plain), java.util.Arrays.toString(fast), at);
            VqzContainer c = DECODER.read(new ByteArrayInputStream(fast));
            assertArrayEquals(ModelBundle.defaultBundle().modelId().bytes(), c.header().modelId());
            double p0 = TestImages.psnr(img, decode(plain));
            double p1 = TestImages.psnr(img, decode(above));
            double pf = TestImages.psnr(img, decode(fast));
            assertTrue(fast.length > plain.length && fast.length < above.length,
                    at + ": " + fast.length + " bytes, the default's " + plain.length + " and " + above.length);
            double t = Math.log((double) fast.length / plain.length) / Math.log((double) above.length / plain.length);
            double curve = p0 + t * (p1 - p0);
            System.out.printf("%s: %.3f dB at %d bytes, the default's curve %.3f (%.3f at %d, %.3f at %d)%n", at, pf,
                    fast.length, curve, p0, plain.length, p1, above.length);
            assertTrue(pf > curve - 0.4, at + ": " + pf + " dB, the default's curve " + curve);
        }
    }
}
