package io.vqz.entropy;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Refinement layers' priors: the coarse branch over the coarser layers' summed codewords. */
class RefinementPriorTest {
    static final int K = 48;
    static final int D = 4;

    static PriorWeights weights() {
        return PriorWeights.random(K, 8, 16, 2, 5, 3, D, 0xC0A25EL);
    }

    static float[] context(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] ctx = new float[n * D];
        for (int i = 0; i < ctx.length; i++) {
            ctx[i] = (float) rnd.nextGaussian();
        }
        return ctx;
    }

    @Test
    void weightsWithACoarseBranchRoundTripInLayoutVersionTwo() throws Exception {
        PriorWeights w = weights();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        byte[] bytes = out.toByteArray();
        assertEquals(2, ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        PriorWeights back = PriorWeights.read(new ByteArrayInputStream(bytes));
        assertEquals(w, back);
        assertEquals(D, back.coarseWidth());
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        PriorWeights.random(K, 8, 16, 2, 5, 3, 1L).write(v1);
        assertEquals(1, ByteBuffer.wrap(v1.toByteArray(), 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        assertThrows(java.io.EOFException.class, () -> PriorWeights.read(new ByteArrayInputStream(cut)));
    }

    @Test
    void theContextChangesTheProbabilitiesAndIsRequired() {
        PixelCnnPrior prior = new PixelCnnPrior(weights());
        int[] codes = Reference.randomCodes(6 * 5, K, 3);
        double a = bits(prior, codes, context(30, 1));
        double b = bits(prior, codes, context(30, 2));
        assertNotEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> prior.cursor(6, 5));
        assertThrows(IllegalArgumentException.class, () -> prior.cursor(6, 5, new float[29 * D]));
        PixelCnnPrior base = new PixelCnnPrior(PriorWeights.random(K, 8, 16, 2, 5, 3, 1L));
        assertThrows(IllegalArgumentException.class, () -> base.cursor(6, 5, context(30, 1)));
    }

    @Test
    void roundTripsWithTheSameContextAndIsolatesTilesFromEachOther() throws Exception {
        PixelCnnPrior prior = new PixelCnnPrior(weights());
        int w = 9;
        int h = 7;
        int[] codes = Reference.randomCodes(w * h, K, 11);
        float[] ctx = context(w * h, 5);
        int[] chosen = new int[w * h];
        byte[] payload = TileCoder.encode(prior, w, h, ctx, (i, cursor) -> codes[i], chosen);
        assertArrayEquals(codes, chosen);
        assertArrayEquals(codes, TileCoder.decode(prior, payload, w, h, ctx));
        float[] other = ctx.clone();
        other[0] += 1f;
        int[] wrong;
        try {
            wrong = TileCoder.decode(prior, payload, w, h, other);
        } catch (EntropyDecodingException e) {
            wrong = null;
        }
        assertTrue(wrong == null || !java.util.Arrays.equals(codes, wrong), "the context must matter");
    }

    /** The last column's logits depend on the context one column to their left, never on anything two away. */
    @Test
    void coarseBranchSeesExactlyTheThreeByThreeNeighbourhood() {
        PixelCnnPrior prior = new PixelCnnPrior(weights());
        int w = 6;
        int h = 4;
        int[] codes = Reference.randomCodes(w * h, K, 12);
        float[] ctx = context(w * h, 7);
        float[] near = ctx.clone();
        float[] far = ctx.clone();
        int target = 2 * w + 3;
        near[(3 * w + 4) * D + 1] += 0.5f; // below right of the target
        far[(3 * w + 5) * D + 1] += 0.5f; // two columns right
        float[] base = logitsAt(prior, codes, ctx, w, h, target);
        assertNotEquals(java.util.Arrays.toString(base), java.util.Arrays.toString(logitsAt(prior, codes, near, w, h, target)));
        assertArrayEquals(base, logitsAt(prior, codes, far, w, h, target));
    }

    @Test
    void matchesPyTorchOnTheLayeredTestModel() throws Exception {
        Path bundle = TestData.file("models/tiny-layered.vqzm");
        JsonObject parity = JsonParser.parseString(new String(Reference.bundleEntry(bundle, "parity.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        byte[] books = Reference.bundleEntry(bundle, "codebooks.bin");
        ByteBuffer b = ByteBuffer.wrap(books, 8, books.length - 8).order(ByteOrder.LITTLE_ENDIAN);
        int layers = b.getInt();
        int k = b.getInt();
        int d = b.getInt();
        JsonArray positions = parity.getAsJsonArray("positions");
        JsonArray layerList = parity.getAsJsonArray("layers");
        assertEquals(layers, layerList.size());
        float[] summed = null;
        double worst = 0;
        for (int l = 0; l < layers; l++) {
            JsonObject layer = layerList.get(l).getAsJsonObject();
            JsonArray rows = layer.getAsJsonArray("codes");
            int h = rows.size();
            int w = rows.get(0).getAsJsonArray().size();
            int[] codes = Reference.codeGrid(rows);
            String entry = l == 0 ? "prior.bin" : "refine-" + l + ".bin";
            PriorWeights weights = PriorWeights.read(new ByteArrayInputStream(Reference.bundleEntry(bundle, entry)));
            assertEquals(l == 0 ? 0 : d, weights.coarseWidth());
            PixelCnnPrior prior = new PixelCnnPrior(weights);
            PriorCursor cur = prior.cursor(w, h, l == 0 ? null : summed);
            float[][] logits = new float[codes.length][];
            for (int i = 0; i < codes.length; i++) {
                logits[i] = cur.logits().clone();
                cur.advance(codes[i]);
            }
            JsonArray values = layer.getAsJsonArray("logits");
            for (int p = 0; p < positions.size(); p++) {
                int y = positions.get(p).getAsJsonArray().get(0).getAsInt();
                int x = positions.get(p).getAsJsonArray().get(1).getAsInt();
                JsonArray expected = values.get(p).getAsJsonArray();
                for (int s = 0; s < k; s++) {
                    worst = Math.max(worst, Math.abs(expected.get(s).getAsDouble() - logits[y * w + x][s]));
                }
            }
            // the next layer's context: this layer's codewords added, in layer order
            float[] next = new float[w * h * d];
            for (int i = 0; i < codes.length; i++) {
                for (int j = 0; j < d; j++) {
                    float cw = b.getFloat(20 + 4 * ((l * k + codes[i]) * d + j));
                    next[i * d + j] = summed == null ? cw : summed[i * d + j] + cw;
                }
            }
            summed = next;
        }
        assertTrue(worst <= 1e-4, "largest logit difference from parity.json: " + worst);
    }

    /** Bit-exactness: the payload, CDFs and logits of a fixed refinement tile, recorded once (golden-refine.properties). */
    @Test
    void goldenRefinementVectorsAreReproducedBitForBit() throws Exception {
        Properties expected = new Properties();
        try (var in = java.nio.file.Files.newInputStream(Reference.testdata("golden-refine.properties"))) {
            expected.load(in);
        }
        assertEquals(expected, golden());
    }

    static Properties golden() throws Exception {
        PixelCnnPrior prior = new PixelCnnPrior(weights());
        int w = 20;
        int h = 12;
        float[] ctx = context(w * h, 2026);
        int[] codes = Reference.randomCodes(w * h, K, 99);
        Properties p = new Properties();
        byte[] payload = TileCoder.encode(prior, w, h, ctx, (i, cursor) -> codes[i], null);
        p.setProperty("bitstream.bytes", Integer.toString(payload.length));
        p.setProperty("bitstream.sha256", GoldenVectors.sha256(payload));
        java.security.MessageDigest cdfs = java.security.MessageDigest.getInstance("SHA-256");
        java.security.MessageDigest logits = java.security.MessageDigest.getInstance("SHA-256");
        PriorCursor cur = prior.cursor(w, h, ctx);
        ByteBuffer buf = ByteBuffer.allocate(4 * (K + 1));
        for (int code : codes) {
            buf.clear();
            buf.asIntBuffer().put(cur.cdf());
            cdfs.update(buf.array(), 0, 4 * (K + 1));
            buf.clear();
            for (float f : cur.logits()) {
                buf.putInt(Float.floatToRawIntBits(f));
            }
            logits.update(buf.array(), 0, 4 * K);
            cur.advance(code);
        }
        p.setProperty("cdfs.sha256", java.util.HexFormat.of().formatHex(cdfs.digest()));
        p.setProperty("logits.sha256", java.util.HexFormat.of().formatHex(logits.digest()));
        return p;
    }

    /** Writes testdata/entropy/golden-refine.properties; only for a deliberate, format-breaking change. */
    public static void main(String[] args) throws Exception {
        try (var out = java.nio.file.Files.newBufferedWriter(Path.of(args.length > 0 ? args[0]
                : "testdata/entropy/golden-refine.properties"), StandardCharsets.ISO_8859_1)) {
            golden().store(out, "expected results of RefinementPriorTest.golden()");
        }
    }

    private static double bits(PixelCnnPrior prior, int[] codes, float[] ctx) {
        PriorCursor cur = prior.cursor(6, 5, ctx);
        double bits = 0;
        for (int s : codes) {
            bits += cur.bits(s);
            cur.advance(s);
        }
        return bits;
    }

    private static float[] logitsAt(PixelCnnPrior prior, int[] codes, float[] ctx, int w, int h, int target) {
        PriorCursor cur = prior.cursor(w, h, ctx);
        for (int i = 0; i < target; i++) {
            cur.advance(codes[i]);
        }
        return cur.logits().clone();
    }
}
