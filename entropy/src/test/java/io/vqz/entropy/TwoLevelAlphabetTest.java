package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The two-level alphabet of FORMAT.md 9.7: a code is coded as its group, then its member, and the member's
 * probabilities are the prior's own output rows restricted to the group. Golden vectors in testdata/entropy/
 * ({@code golden-grouped-prior.bin}, {@code golden-grouped.properties}) freeze the rule; regenerate them only for a
 * deliberate, format-breaking change with
 * {@code java -cp entropy/target/classes:entropy/target/test-classes io.vqz.entropy.TwoLevelAlphabetTest}.
 */
class TwoLevelAlphabetTest {
    private static final int K = 96;
    private static final int GROUPS = 8;

    private static PriorWeights weights() {
        return PriorWeights.random(K, 8, 16, 2, 5, 3, 0x5EED_2026L).withRandomGroups(GROUPS, 9);
    }

    @Test
    void codesRoundTripAndCostWhatTheCoderPays() throws Exception {
        PixelCnnPrior prior = new PixelCnnPrior(weights());
        assertEquals(GROUPS, prior.groups());
        int w = 13;
        int h = 9;
        int[] codes = Reference.randomCodes(w * h, K, 4);
        byte[] payload = TileCoder.encode(prior, codes, w, h);
        assertArrayEquals(codes, TileCoder.decode(prior, payload, w, h));
        double ideal = TileCoder.idealBits(prior, codes, w, h);
        assertEquals(ideal, payload.length * 8, 40, "bytes against the ideal code length");
        assertThrows(IllegalStateException.class, () -> prior.cursor(w, h).cdf());
    }

    /** Group probabilities from the head, member probabilities from the output rows of the group's codes. */
    @Test
    void aMemberIsCodedUnderTheOutputRowsOfItsGroup() {
        PriorWeights weights = weights();
        PixelCnnPrior prior = new PixelCnnPrior(weights);
        int[] codes = Reference.randomCodes(7 * 5, K, 8);
        PriorCursor cur = prior.cursor(7, 5);
        int m = K / GROUPS;
        for (int i = 0; i < codes.length; i++) {
            float[] logits = cur.logits().clone();
            int code = codes[i];
            int g = prior.groupOf[code];
            float[] members = new float[m];
            for (int j = 0; j < m; j++) {
                members[j] = logits[weights.groups.order[g * m + j]];
            }
            int[] memberCdf = Cdf.fromLogits(members);
            double member = Cdf.bits(memberCdf, prior.memberOf[code]);
            double group = cur.bits(code) - member;
            for (int j = 0; j < m; j++) {
                int other = weights.groups.order[g * m + j];
                assertEquals(group + Cdf.bits(memberCdf, j), cur.bits(other), 1e-12, "position " + i);
            }
            cur.advance(code);
        }
    }

    /** The group's code length alone, what an encoder ranks codes by before it computes member tables. */
    @Test
    void groupBitsAreTheGroupsShareOfEveryMembersBits() {
        PriorWeights weights = weights();
        PixelCnnPrior prior = new PixelCnnPrior(weights);
        PriorCursor cur = prior.cursor(6, 4);
        int m = K / GROUPS;
        for (int i = 0; i < 24; i++) {
            for (int g = 0; g < GROUPS; g++) {
                int first = weights.groups.order[g * m];
                float[] logits = cur.logits().clone();
                float[] members = new float[m];
                for (int j = 0; j < m; j++) {
                    members[j] = logits[weights.groups.order[g * m + j]];
                }
                int[] memberCdf = Cdf.fromLogits(members);
                for (int j = 0; j < m; j++) {
                    int code = weights.groups.order[g * m + j];
                    assertEquals(cur.groupBits(first), cur.groupBits(code), "one value per group");
                    assertEquals(cur.bits(code) - Cdf.bits(memberCdf, j), cur.groupBits(code), 1e-12);
                    assertTrue(cur.groupBits(code) <= cur.bits(code));
                }
            }
            cur.advance(i % K);
        }
        PriorCursor plain = new PixelCnnPrior(PriorWeights.random(K, 8, 16, 2, 5, 3, 1L)).cursor(2, 2);
        assertEquals(0.0, plain.groupBits(5), "no groups: no lower bound but 0");
    }

    @Test
    void weightsRoundTripInLayoutsThreeAndFour() throws Exception {
        PriorWeights base = weights();
        PriorWeights refine = PriorWeights.random(K, 8, 16, 1, 5, 3, 4, 2L).withRandomGroups(12, 3);
        for (PriorWeights w : new PriorWeights[] {base, refine}) {
            byte[] bytes = bytes(w);
            assertEquals(w.coarseWidth() == 0 ? 3 : 4, bytes[8]);
            PriorWeights back = PriorWeights.read(new ByteArrayInputStream(bytes));
            assertEquals(w, back);
            assertEquals(w.groups(), back.groups());
        }
    }

    @Test
    void rejectsABrokenGroupSection() throws Exception {
        byte[] good = bytes(weights());
        int at = good.length - 4 * (1 + K + GROUPS * 16 + GROUPS);
        byte[] notDividing = good.clone();
        ByteBuffer.wrap(notDividing, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(7);
        assertTrue(read(notDividing).getMessage().contains("does not divide"));
        byte[] twice = good.clone();
        System.arraycopy(twice, at + 4, twice, at + 8, 4);
        assertTrue(read(twice).getMessage().contains("permutation"));
        byte[] nan = good.clone();
        ByteBuffer.wrap(nan, good.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        assertTrue(read(nan).getMessage().contains("non-finite"));
        assertTrue(read(Arrays.copyOf(good, good.length - 3)).getMessage().contains("truncated"));
    }

    @Test
    void goldenVectorsAreReproducedBitForBit() throws Exception {
        PriorWeights w = PriorWeights.read(Files.newInputStream(Reference.testdata("golden-grouped-prior.bin")));
        Properties expected = new Properties();
        try (var in = Files.newInputStream(Reference.testdata("golden-grouped.properties"))) {
            expected.load(in);
        }
        assertEquals(expected, compute(new PixelCnnPrior(w), GoldenVectors.readCodes()));
    }

    /** The payload of the golden code grid, and every group and member cost along it. */
    static Properties compute(PixelCnnPrior prior, int[] codes) throws Exception {
        Properties p = new Properties();
        int w = GoldenVectors.W;
        int h = GoldenVectors.H;
        byte[] whole = TileCoder.encode(prior, codes, w, h);
        p.setProperty("bitstream.bytes", Integer.toString(whole.length));
        p.setProperty("bitstream.sha256", GoldenVectors.sha256(whole));
        ByteBuffer costs = ByteBuffer.allocate(8 * codes.length * prior.codebookSize());
        PriorCursor cur = prior.cursor(w, h);
        for (int code : codes) {
            for (int k = 0; k < prior.codebookSize(); k++) {
                costs.putDouble(cur.bits(k));
            }
            cur.advance(code);
        }
        p.setProperty("costs.sha256", GoldenVectors.sha256(costs.array()));
        p.setProperty("idealBits", Double.toString(TileCoder.idealBits(prior, codes, w, h)));
        return p;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "testdata/entropy");
        PriorWeights weights = PriorWeights.read(Files.newInputStream(dir.resolve("golden-prior.bin")))
                .withRandomGroups(8, 0x6E0_2026L);
        Files.write(dir.resolve("golden-grouped-prior.bin"), bytes(weights));
        Properties p = compute(new PixelCnnPrior(weights), GoldenVectors.readCodes());
        try (Writer out = Files.newBufferedWriter(dir.resolve("golden-grouped.properties"),
                StandardCharsets.ISO_8859_1)) {
            p.store(out, "expected results for golden-grouped-prior.bin and golden-codes.bin (TwoLevelAlphabetTest)");
        }
    }

    private static byte[] bytes(PriorWeights w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    private static IOException read(byte[] bytes) {
        return assertThrows(IOException.class, () -> PriorWeights.read(new ByteArrayInputStream(bytes)));
    }
}
