package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vqz.testdata.TestData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The native prior kernel against its reference, the plain-Java path: the same logits to the bit and the same
 * integer tables at every position, on the shipped default model's seven priors and on random ones of other shapes.
 */
class PriorKernelTest {

    private static boolean shippedHere() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"))
                && !"false".equals(System.getProperty("vqz.prior.native"));
    }

    @Test
    void loadsWhereItIsShipped() {
        assumeTrue(shippedHere(), "the kernel is shipped for Linux x86-64");
        assertTrue(PriorKernel.LOADED, "the native prior kernel did not load (see the FINE log of PriorKernel)");
    }

    /** The library in the jar was built from the source beside it (src/main/c/build.sh records the source's hash). */
    @Test
    void shippedLibraryIsBuiltFromTheSource() throws Exception {
        Properties recorded = new Properties();
        try (InputStream in = PriorKernel.class.getResourceAsStream("native/source.properties")) {
            recorded.load(in);
        }
        byte[] source = Files.readAllBytes(TestData.root().resolve("entropy/src/main/c/vqz_prior.c"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
        assertEquals(sha, recorded.getProperty("vqz_prior.c"),
                "vqz_prior.c changed since the library was built: run entropy/src/main/c/build.sh");
    }

    @Test
    void agreesOnTheDefaultModelsPriors() throws IOException {
        assumeTrue(PriorKernel.LOADED, "no native kernel on this platform");
        Path bundle = TestData.defaultBundle();
        String[] names = {"prior.bin", "refine-1.bin", "refine-2.bin", "refine-3.bin", "refine-4.bin", "refine-5.bin"};
        for (int i = 0; i < names.length; i++) {
            byte[] bin = Reference.bundleEntry(bundle, names[i]);
            PriorWeights w = PriorWeights.read(new ByteArrayInputStream(bin));
            // a whole tile and a ragged edge tile
            agree(w, 64, 64, 11 + i, names[i]);
            agree(w, 37, 5, 23 + i, names[i]);
        }
    }

    @Test
    void agreesOnRandomPriorsOfOtherShapes() {
        assumeTrue(PriorKernel.LOADED, "no native kernel on this platform");
        agree(PriorWeights.random(96, 8, 16, 2, 5, 3, 1), 13, 9, 2, "k96 c16");
        agree(PriorWeights.random(96, 8, 16, 2, 5, 3, 3).withRandomGroups(8, 4), 13, 9, 5, "grouped");
        agree(PriorWeights.random(300, 7, 33, 3, 7, 5, 6, 6), 21, 17, 7, "refinement, odd widths");
        agree(PriorWeights.random(17, 4, 5, 0, 3, 3, 8), 9, 30, 9, "no mask-B layer");
        agree(PriorWeights.random(64, 8, 24, 1, 3, 3, 10), 1, 1, 11, "one position");
        agree(PriorWeights.random(2, 1, 1, 1, 1, 1, 12), 1, 7, 13, "no mask-A tap, one channel, one column");
        agree(PriorWeights.random(48, 4, 12, 2, 3, 3, 4, 14).withRandomGroups(6, 15), 19, 11, 16, "grouped refinement");
    }

    private static void agree(PriorWeights w, int width, int height, long seed, String what) {
        PixelCnnPrior java = new PixelCnnPrior(w, false);
        PixelCnnPrior kernel = new PixelCnnPrior(w, true);
        assertEquals(0, java.kernel);
        assertNotEquals(0, kernel.kernel, what + ": kernel not used");
        int k = w.k;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] context = null;
        if (java.coarseWidth() > 0) {
            context = new float[width * height * java.coarseWidth()];
            for (int i = 0; i < context.length; i++) {
                context[i] = (float) rnd.nextGaussian();
            }
        }
        PriorCursor a = java.cursor(width, height, context);
        PriorCursor b = kernel.cursor(width, height, context);
        int[] codes = new int[width * height];
        for (int i = 0; i < codes.length; i++) {
            // mostly codes the prior expects, some any code: drawn from the reference's own table
            int[] table = Cdf.fromLogits(a.logits());
            int draw = rnd.nextInt(Cdf.TOTAL);
            int s = 0;
            while (table[s + 1] <= draw) {
                s++;
            }
            codes[i] = rnd.nextInt(5) == 0 ? rnd.nextInt(k) : s;
            String at = what + " at position " + i;
            assertArrayEquals(bits(a.logits()), bits(b.logits()), at + ": logits");
            if (java.groups() == 0) {
                assertArrayEquals(a.cdf(), b.cdf(), at + ": table");
            }
            // a grouped prior's group table, and member tables of the sent code's group and of another
            for (int code : new int[] {codes[i], rnd.nextInt(k)}) {
                assertEquals(a.bits(code), b.bits(code), at + ": cost of code " + code);
            }
            a.advance(codes[i]);
            b.advance(codes[i]);
        }
        byte[] reference = TileCoder.encode(java, width, height, context, (i, c) -> codes[i], null);
        assertArrayEquals(reference, TileCoder.encode(kernel, width, height, context, (i, c) -> codes[i], null),
                what + ": payload");
        // the kernel's whole-tile pass for codes known before, and the reference's loop behind the same call
        assertArrayEquals(reference, TileCoder.encode(kernel, codes, width, height, context), what + ": tile pass");
        assertArrayEquals(reference, TileCoder.encode(java, codes, width, height, context), what + ": known codes");
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }
}
