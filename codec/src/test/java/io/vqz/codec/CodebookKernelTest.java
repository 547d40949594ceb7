package io.vqz.codec;

import io.vqz.testdata.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native codebook search against its reference, the Java path: the same nearest codes, distances and choices. */
class CodebookKernelTest {

    @Test
    void loadsWhereItIsShipped() {
        String arch = System.getProperty("os.arch", "");
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"))
                && !"false".equals(System.getProperty("vqz.codebook.native")), "shipped for Linux x86-64");
        assertTrue(CodebookKernel.LOADED, "the native codebook search did not load (see the FINE log)");
    }

    /** The library in the jar was built from the source beside it (src/main/c/build.sh records its hash). */
    @Test
    void shippedLibraryIsBuiltFromTheSource() throws Exception {
        Properties recorded = new Properties();
        try (InputStream in = CodebookKernel.class.getResourceAsStream("native/source.properties")) {
            recorded.load(in);
        }
        byte[] source = Files.readAllBytes(TestData.root().resolve("codec/src/main/c/vqz_codebook.c"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
        assertEquals(sha, recorded.getProperty("vqz_codebook.c"),
                "vqz_codebook.c changed since the library was built: run codec/src/main/c/build.sh");
    }

    /** Every layer of the default model, on a Kodak crop's latents less the layers before (what each layer codes). */
    @Test
    void agreesOnTheDefaultModelsCodebooks() throws IOException {
        assumeTrue(CodebookKernel.LOADED, "no native kernel on this platform");
        ModelBundle model = ModelBundle.defaultBundle();
        int w = 40;
        int h = 24;
        NetworkTiles.Latents lat = NetworkTiles.encode(model, new SourceImage(TestImages.kodakCrop(5, 4 * w, 4 * h)),
                0, 0, w, h, w, h);
        float[] residual = lat.z.clone();
        for (int l = 0; l < model.layers(); l++) {
            Codebook book = model.codebook(l);
            CodebookKernel.Nearest near = agree(book, residual, w * h, "layer " + l);
            agreeOnChoice(book, residual, w * h, near, 2 / (book.spacing() * 100), true, "layer " + l);
            for (int p = 0; p < w * h; p++) {
                for (int d = 0; d < book.dimension; d++) {
                    residual[p * book.dimension + d] -= book.words[near.code[p] * book.dimension + d];
                }
            }
        }
    }

    /** Codebooks of sizes not a multiple of the kernel's blocks, an odd count of positions, ties. */
    @Test
    void agreesOnRandomCodebooksOfOtherShapes() throws IOException {
        assumeTrue(CodebookKernel.LOADED, "no native kernel on this platform");
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] shapes = {{512, 16}, {100, 3}, {17, 16}, {64, 1}, {1, 4}, {48, 8}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int d = shape[1];
            float[] words = new float[k * d];
            for (int i = 0; i < words.length; i++) {
                words[i] = (float) rnd.nextGaussian();
            }
            if (k > 2) { // a duplicate codeword: a tie the first must win
                System.arraycopy(words, 0, words, (k - 1) * d, d);
            }
            Codebook book = codebook(k, d, words);
            int n = 37;
            float[] z = new float[n * d];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) rnd.nextGaussian() * 1.5f;
            }
            System.arraycopy(words, 0, z, 0, d); // a latent on a codeword
            CodebookKernel.Nearest near = agree(book, z, n, k + "x" + d);
            if (k > 2) {
                assertEquals(0, near.code[0], k + "x" + d + ": the first of two equal codewords");
                assertEquals(near.dist[0], near.second[0], k + "x" + d + ": the tie is the second least");
            }
            for (double weight : new double[] {0, 0.05, 5}) {
                agreeOnChoice(book, z, n, near, weight, weight > 1 && k > 4, k + "x" + d + ", weight " + weight);
            }
        }
    }

    /** The nearest codewords, their distances and the second least, native against Java, bit for bit. */
    private static CodebookKernel.Nearest agree(Codebook book, float[] z, int n, String what) {
        CodebookKernel.Nearest java = CodebookKernel.nearest(book, z, n, false);
        CodebookKernel.Nearest kernel = CodebookKernel.nearest(book, z, n, true);
        assertArrayEquals(java.code, kernel.code, what + ": nearest");
        assertArrayEquals(java.dist, kernel.dist, what + ": distances");
        assertArrayEquals(java.second, kernel.second, what + ": second least distances");
        for (int p = 0; p < n; p++) {
            assertTrue(java.second[p] >= java.dist[p], what + ": position " + p);
        }
        return java;
    }

    /** The choice under bits from the nearest codes' counts, the native kernel against the Java path. */
    private static void agreeOnChoice(Codebook book, float[] z, int n, CodebookKernel.Nearest near, double weight,
                                      boolean moves, String what) {
        int[] count = new int[book.size];
        for (int k : near.code) {
            count[k]++;
        }
        double[] bits = new double[book.size];
        for (int k = 0; k < book.size; k++) {
            bits[k] = Math.log((n + 0.5 * book.size) / (count[k] + 0.5)) / Math.log(2);
        }
        double scale = 1 / book.spacing();
        int[] java = CodebookKernel.choose(book, z, n, near, bits, scale, weight, 16, false, true);
        int moved = 0;
        for (int p = 0; p < n; p++) {
            moved += java[p] != near.code[p] ? 1 : 0;
        }
        assertTrue(weight == 0 ? moved == 0 : !moves || moved > 0, what + ": the rate term moved " + moved);
        for (boolean wide : new boolean[] {true, false}) { // with AVX-512 where the CPU has it, and without
            assertArrayEquals(java, CodebookKernel.choose(book, z, n, near, bits, scale, weight, 16, true, wide),
                    what + ": choice, wide " + wide);
        }
    }

    private static Codebook codebook(int k, int d, float[] words) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("VQZCODE1".getBytes(StandardCharsets.US_ASCII)).putInt(k).putInt(d);
        for (float v : words) {
            b.putFloat(v);
        }
        return Codebook.parse(b.array(), k, d);
    }
}
