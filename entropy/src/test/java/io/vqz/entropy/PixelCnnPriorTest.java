package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PixelCnnPriorTest {

    @Test
    void matchesPyTorchOnParityVectors() throws Exception {
        PixelCnnPrior prior = new PixelCnnPrior(Reference.weights("parity-prior.bin"));
        Reference.Parity parity = new Reference.Parity(Reference.testdata("parity-logits.bin"));
        assertEquals(parity.k, prior.codebookSize());
        PriorCursor cur = prior.cursor(parity.w, parity.h);
        double worst = 0;
        for (int i = 0; i < parity.codes.length; i++) {
            float[] logits = cur.logits();
            for (int k = 0; k < parity.k; k++) {
                worst = Math.max(worst, Math.abs(logits[k] - parity.logits[i][k]));
            }
            cur.advance(parity.codes[i]);
        }
        assertTrue(worst <= 1e-4, "largest logit difference from PyTorch: " + worst);
    }

    @Test
    void matchesParityVectorsOfTheDefaultModelBundle() throws Exception {
        Path bundle = Reference.v1Bundle();
        assumeTrue(Files.isRegularFile(bundle), "no default model bundle at " + bundle + " yet");
        byte[] priorBin = Reference.bundleEntry(bundle, "prior.bin");
        byte[] parityJson = Reference.bundleEntry(bundle, "parity.json");
        assertNotNull(priorBin, "bundle has no prior.bin");
        assertNotNull(parityJson, "bundle has no parity.json");
        PixelCnnPrior prior = new PixelCnnPrior(PriorWeights.read(new ByteArrayInputStream(priorBin)));
        JsonObject parity = JsonParser.parseString(new String(parityJson, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonArray rows = parity.getAsJsonArray("codes");
        int h = rows.size();
        int w = rows.get(0).getAsJsonArray().size();
        int[] codes = Reference.codeGrid(rows);
        JsonArray positions = parity.getAsJsonObject("logits").getAsJsonArray("positions");
        JsonArray values = parity.getAsJsonObject("logits").getAsJsonArray("values");
        float[][] logits = new float[codes.length][];
        PriorCursor cur = prior.cursor(w, h);
        for (int i = 0; i < codes.length; i++) {
            logits[i] = cur.logits().clone();
            cur.advance(codes[i]);
        }
        assertTrue(positions.size() > 0);
        double worst = 0;
        for (int p = 0; p < positions.size(); p++) {
            int y = positions.get(p).getAsJsonArray().get(0).getAsInt();
            int x = positions.get(p).getAsJsonArray().get(1).getAsInt();
            JsonArray expected = values.get(p).getAsJsonArray();
            assertEquals(prior.codebookSize(), expected.size());
            for (int k = 0; k < expected.size(); k++) {
                worst = Math.max(worst, Math.abs(expected.get(k).getAsDouble() - logits[y * w + x][k]));
            }
        }
        assertTrue(worst <= 1e-4, "largest logit difference from parity.json: " + worst);
    }

    @ParameterizedTest
    @CsvSource({
        // K, E, C, L, KA, KB, w, h
        "32, 4, 8, 2, 5, 3, 7, 6",
        "16, 3, 5, 0, 3, 3, 5, 4",
        "16, 3, 5, 1, 1, 1, 4, 3",
        "10, 2, 6, 2, 3, 5, 6, 7",
        "8, 2, 4, 1, 7, 3, 1, 9",
        "8, 2, 4, 1, 5, 3, 9, 1",
    })
    void incrementalEqualsDirectEvaluation(int k, int e, int c, int l, int ka, int kb, int w, int h) {
        PriorWeights weights = PriorWeights.random(k, e, c, l, ka, kb, 7L * k + l);
        PixelCnnPrior prior = new PixelCnnPrior(weights);
        int[] codes = Reference.randomCodes(w * h, k, 99);
        double[][] expected = Reference.logits(weights, codes, w, h);
        PriorCursor cur = prior.cursor(w, h);
        for (int i = 0; i < codes.length; i++) {
            float[] logits = cur.logits();
            for (int j = 0; j < k; j++) {
                assertEquals(expected[i][j], logits[j], 1e-4, "position " + i + ", code " + j);
            }
            cur.advance(codes[i]);
        }
    }

    @Test
    void logitsIgnoreCodesAtAndAfterThePosition() {
        PixelCnnPrior prior = new PixelCnnPrior(PriorWeights.random(20, 4, 8, 2, 5, 3, 3));
        int w = 6;
        int h = 5;
        int[] a = Reference.randomCodes(w * h, 20, 1);
        int[] b = a.clone();
        int at = 2 * w + 3;
        for (int i = at; i < b.length; i++) {
            b[i] = (b[i] + 7) % 20;
        }
        PriorCursor ca = prior.cursor(w, h);
        PriorCursor cb = prior.cursor(w, h);
        for (int i = 0; i <= at; i++) {
            assertArrayEquals(ca.logits(), cb.logits(), "position " + i);
            ca.advance(a[i]);
            cb.advance(b[i]);
        }
    }

    @Test
    void tilesAreCodedAsWholeImages() {
        // a tile's first position sees only zero padding: its logits are those of any other empty context
        PixelCnnPrior prior = new PixelCnnPrior(PriorWeights.random(20, 4, 8, 2, 5, 3, 5));
        float[] first = prior.cursor(4, 4).logits().clone();
        assertArrayEquals(first, prior.cursor(9, 2).logits());
    }

    @Test
    void sharedPriorGivesIdenticalResultsOnManyThreads() throws Exception {
        PixelCnnPrior prior = new PixelCnnPrior(PriorWeights.random(64, 8, 16, 2, 5, 3, 11));
        int[] codes = Reference.randomCodes(16 * 16, 64, 5);
        int[] expected = logitBits(prior, codes);
        Thread[] threads = new Thread[6];
        int[][] got = new int[threads.length][];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> got[id] = logitBits(prior, codes));
            threads[t].start();
        }
        for (int t = 0; t < threads.length; t++) {
            threads[t].join();
            assertArrayEquals(expected, got[t]);
        }
    }

    @Test
    void justInTimeCompilationNeverChangesABit() {
        // the first pass runs mostly interpreted or in C1, later passes in C2 with vectorised loops
        PixelCnnPrior prior = new PixelCnnPrior(PriorWeights.random(512, 32, 64, 3, 5, 3, 12));
        int[] codes = Reference.randomCodes(16 * 16, 512, 6);
        int[] first = logitBits(prior, codes);
        for (int i = 0; i < 25; i++) {
            assertArrayEquals(first, logitBits(prior, codes), "pass " + i);
        }
    }

    private static int[] logitBits(PixelCnnPrior prior, int[] codes) {
        PriorCursor cur = prior.cursor(16, 16);
        int[] bits = new int[codes.length * prior.codebookSize()];
        for (int i = 0; i < codes.length; i++) {
            float[] l = cur.logits();
            for (int j = 0; j < l.length; j++) {
                bits[i * l.length + j] = Float.floatToRawIntBits(l[j]);
            }
            cur.advance(codes[i]);
        }
        return bits;
    }
}
