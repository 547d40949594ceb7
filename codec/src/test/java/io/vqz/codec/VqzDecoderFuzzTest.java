package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.entropy.TileCoder;
import io.vqz.format.ColourLayout;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzFormatException;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded, format-aware mutation fuzzing of the whole decoder: real files of the default model, mutated so that
 * most cases get past the CRC wall (tile payloads edited with the tile table's CRCs rewritten, header fields set
 * to edge values, chunk data edited with the chunk CRC recomputed), plus raw damage. Every case is read with
 * tight limits and its code grid entropy-decoded; one accepted case in 100 is decoded to pixels too.
 * <p>
 * The contract: a case decodes, or fails with an {@code IOException} that says what is wrong
 * ({@link VqzFormatException}, {@link EntropyDecodingException}, {@link MissingModelException}, a model
 * mismatch); nothing else escapes, and no case may run long or allocate much: the limits bound the pixels
 * and memory, and a payload can justify only so many codes. The two failures found by hand have their own
 * regression tests: {@link MemoryBudgetTest} (OutOfMemoryError from a 124-byte file) and {@link BadTileTest}
 * (one thread decoding every bad tile). Every case is reproducible from the printed case seed.
 */
class VqzDecoderFuzzTest {
    private static final long SEED = 0xF022_DEC0DEL;
    private static final int CASES = 100_000;
    private static final VqzLimits LIMITS = VqzLimits.builder().maxPixels(1 << 16).maxTiles(1 << 10)
            .maxPayloadBytes(1 << 16).maxMetadataBytes(1 << 12).maxChunks(32).maxMemoryBytes(64 << 20).build();
    private static final VqzDecoder DECODER = VqzDecoder.builder().threads(1).limits(LIMITS)
            .registry(registry()).build();

    /** The v1 model and the layered test models, one with a two-level alphabet: files of versions 1, 2 and 4. */
    private static ModelRegistry registry() {
        try {
            return ModelRegistry.builder().add(TestImages.v1()).add(ModelBundle.load(TinyModelCase.LAYERED))
                    .add(ModelBundle.load(TinyModelCase.LAYERED_GROUPS)).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void mutatedFilesDecodeOrFailWithADocumentedIOException() throws IOException {
        List<VqzContainer> seeds = seeds();
        SplittableRandom master = new SplittableRandom(SEED);
        TreeMap<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            long caseSeed = master.nextLong();
            Random rnd = new Random(caseSeed);
            VqzContainer seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] file = mutate(seed, rnd);
            String outcome;
            try {
                VqzContainer c = VqzReader.read(new ByteArrayInputStream(file), LIMITS);
                DECODER.decodeGrids(c, 0);
                if (rnd.nextInt(100) == 0) {
                    DECODER.decode(c, null);
                }
                outcome = "decoded";
            } catch (VqzFormatException e) {
                outcome = "format";
            } catch (EntropyDecodingException e) {
                outcome = "entropy";
            } catch (MissingModelException e) {
                outcome = "model missing";
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && e.getMessage().startsWith("file does not match model"),
                        "case " + i + " (seed " + caseSeed + "): " + e);
                outcome = "model mismatch";
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (seed " + caseSeed + ") escaped with " + t, t);
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("decoder fuzz: " + CASES + " cases: " + outcomes);
        // the mutations must reach the entropy decoder and the networks, not stop at the container
        assertTrue(outcomes.getOrDefault("entropy", 0) > CASES / 10, outcomes.toString());
        assertTrue(outcomes.getOrDefault("decoded", 0) > CASES / 20, outcomes.toString());
        assertTrue(outcomes.getOrDefault("format", 0) > CASES / 10, outcomes.toString());
    }

    /**
     * Real files of the v1 model, small ones of every colour layout, one cut into 4 tiles; files of 2 and
     * 3 layers of the layered test model (version 2), one of 4 tiles; and files of its two-level form (version 4)
     * at two qualities.
     */
    private static List<VqzContainer> seeds() throws IOException {
        List<VqzContainer> seeds = new ArrayList<>();
        seeds.add(retiled(encode(TestImages.kodakCrop(5, 64, 48), false), 8, 6)); // 16 x 12 codes: 4 tiles
        seeds.add(encode(TestImages.kodakCrop(1, 16, 12), false));
        seeds.add(encode(TestImages.kodakCrop(2, 37, 23), false));
        seeds.add(encode(TestImages.kodakCrop(3, 8, 8), true));
        BufferedImage grey = new BufferedImage(20, 9, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(TestImages.kodakCrop(4, 20, 9), 0, 0, null);
        seeds.add(encode(grey, false));
        assertTrue(seeds.get(0).header().tileCount() == 4);
        ModelBundle layered = ModelBundle.load(TinyModelCase.LAYERED);
        for (int[] size : new int[][] {{24, 20}, {64, 48}}) {
            for (int quality : new int[] {60, 100}) {
                VqzContainer c = VqzEncoder.builder().model(layered).quality(quality).threads(1).build()
                        .encodeContainer(TestImages.kodakCrop(6, size[0], size[1]), null);
                seeds.add(size[0] == 64 ? retiledLayers(c, layered, 8, 6) : c);
            }
        }
        ModelBundle groups = ModelBundle.load(TinyModelCase.LAYERED_GROUPS);
        for (int quality : new int[] {30, 100}) {
            seeds.add(VqzEncoder.builder().model(groups).quality(quality).threads(1).build()
                    .encodeContainer(TestImages.kodakCrop(7, 40, 28), null));
        }
        return seeds;
    }

    /** The same codes, coded again in tiles of tw x th. */
    private static VqzContainer retiled(VqzContainer c, int tw, int th) throws IOException {
        VqzHeader h = c.header();
        byte[][] payloads = TileCoder.encodeTiles(TestImages.v1().prior(), DECODER.decodeGrid(c),
                h.gridWidth(), h.gridHeight(), tw, th);
        return c.toBuilder().header(h.toBuilder().tileWidth(tw).tileHeight(th).build())
                .tilePayloads(Arrays.asList(payloads)).build();
    }

    /** The same codes of every layer, coded again in tiles of tw x th (each layer's context cut to the tile). */
    private static VqzContainer retiledLayers(VqzContainer c, ModelBundle model, int tw, int th) throws IOException {
        int[][] grids = DECODER.decodeGrids(c, 0);
        VqzHeader h = c.header().toBuilder().tileWidth(tw).tileHeight(th).build();
        VqzContainer.Builder b = VqzContainer.builder().header(h).metadata(c.metadata());
        for (int t = 0; t < h.tileCount(); t++) {
            int w = h.tileWidthAt(t);
            int hh = h.tileHeightAt(t);
            float[] sum = null;
            for (int l = 0; l < h.layers(); l++) {
                int[] codes = new int[w * hh];
                for (int y = 0; y < hh; y++) {
                    System.arraycopy(grids[l], (h.tileY(t) + y) * h.gridWidth() + h.tileX(t), codes, y * w, w);
                }
                b.tilePayload(l, t, TileCoder.encode(model.prior(l), w, hh, sum, (i, cursor) -> codes[i], null));
                sum = model.codebook(l).accumulate(sum, codes);
            }
        }
        return b.build();
    }

    private static VqzContainer encode(BufferedImage img, boolean alpha) throws IOException {
        BufferedImage src = img;
        if (alpha) {
            src = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    src.setRGB(x, y, img.getRGB(x, y) & 0xFFFFFF | (x * 30 % 256) << 24);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().model(TestImages.v1()).quality(60).build().encode(src, null, out);
        return VqzDecoderTest.container(out.toByteArray());
    }

    private static byte[] write(VqzContainer c) throws IOException {
        return TestImages.fileBytes(c);
    }

    private static byte[] mutate(VqzContainer seed, Random rnd) throws IOException {
        switch (rnd.nextInt(8)) {
            case 0:
            case 1:
            case 2: // tile payloads edited; the writer rewrites the tile table's CRCs and the chunk CRCs
                return write(mutatePayload(seed, rnd));
            case 3: { // header fields at edge values, everything else consistent
                VqzContainer c = mutateHeader(seed, rnd);
                return c == null ? mutateBytes(write(seed), rnd, true) : write(c);
            }
            case 4:
            case 5: // chunk data edited, chunk CRC recomputed
                return mutateBytes(write(seed), rnd, true);
            default: // raw damage: the CRCs catch most of it
                return mutateBytes(write(seed), rnd, false);
        }
    }

    private static VqzContainer mutatePayload(VqzContainer c, Random rnd) {
        int tile = rnd.nextInt(c.header().tileCount());
        int layer = rnd.nextInt(c.header().layers());
        byte[] p = c.tilePayload(layer, tile);
        switch (rnd.nextInt(5)) {
            case 0: // bit flips
                for (int n = 1 + rnd.nextInt(3); n > 0 && p.length > 0; n--) {
                    p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                break;
            case 1: // truncated
                p = Arrays.copyOf(p, p.length == 0 ? 0 : rnd.nextInt(p.length));
                break;
            case 2: { // extended with random bytes
                byte[] q = Arrays.copyOf(p, p.length + 1 + rnd.nextInt(64));
                for (int k = p.length; k < q.length; k++) {
                    q[k] = (byte) rnd.nextInt(256);
                }
                p = q;
                break;
            }
            case 3: // all random, of a random length
                p = new byte[rnd.nextInt(2 * p.length + 8)];
                rnd.nextBytes(p);
                break;
            default: // another tile's payload, or an empty one
                p = rnd.nextBoolean() ? c.tilePayload(rnd.nextInt(c.header().layers()),
                        rnd.nextInt(c.header().tileCount())) : new byte[0];
        }
        return c.toBuilder().tilePayload(layer, tile, p).build();
    }

    /** A header with one field at an edge value; null when the builder refuses the combination. */
    private static VqzContainer mutateHeader(VqzContainer c, Random rnd) {
        VqzHeader h = c.header();
        VqzHeader.Builder b = h.toBuilder();
        int[] sizes = {1, 2, 3, 4, 5, 63, 64, 65, 255, 256, 4096, 65535};
        try {
            switch (rnd.nextInt(8)) {
                case 6:
                    b.layers(1 + rnd.nextInt(4));
                    break;
                case 0:
                    b.width(sizes[rnd.nextInt(sizes.length)]);
                    break;
                case 1:
                    b.height(sizes[rnd.nextInt(sizes.length)]);
                    break;
                case 2:
                    b.tileWidth(1 + rnd.nextInt(h.gridWidth())).tileHeight(1 + rnd.nextInt(h.gridHeight()));
                    break;
                case 3:
                    b.codebookSize(new int[]{2, 256, 511, 513, 65535}[rnd.nextInt(5)]);
                    break;
                case 4:
                    b.cdfPrecisionBits(new int[]{8, 15, 17, 24}[rnd.nextInt(4)]);
                    break;
                case 5:
                    b.colourLayout(ColourLayout.values()[rnd.nextInt(ColourLayout.values().length)]);
                    break;
                default:
                    b.downsampling(new int[]{1, 2, 3, 8, 255}[rnd.nextInt(5)]);
            }
            VqzHeader m = b.build();
            VqzContainer.Builder cb = VqzContainer.builder().header(m).metadata(c.metadata());
            if (m.colourLayout().hasAlpha()) {
                byte[] alpha = new byte[m.width() * m.height()];
                rnd.nextBytes(alpha);
                cb.alpha(alpha);
            }
            for (int l = 0; l < m.layers(); l++) {
                List<byte[]> payloads = new ArrayList<>();
                for (int t = 0; t < m.tileCount(); t++) {
                    payloads.add(c.tilePayload(l % h.layers(), t % h.tileCount()));
                }
                cb.tilePayloads(l, payloads);
            }
            return cb.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    /** Bytes of one chunk's data (CRC recomputed when {@code fixCrc}) or anywhere in the file changed. */
    private static byte[] mutateBytes(byte[] f, Random rnd, boolean fixCrc) {
        List<int[]> chunks = new ArrayList<>();
        for (int pos = 8; pos + 12 <= f.length; ) {
            int length = (int) u32(f, pos);
            if (length < 0 || length > f.length - pos - 12) {
                break;
            }
            chunks.add(new int[]{pos, length});
            pos += 12 + length;
        }
        if (!fixCrc || chunks.isEmpty()) {
            if (rnd.nextBoolean()) {
                return Arrays.copyOf(f, rnd.nextInt(f.length));
            }
            for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
                f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            return f;
        }
        int[] chunk = chunks.get(rnd.nextInt(chunks.size()));
        if (chunk[1] == 0) {
            return f;
        }
        for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
            int at = chunk[0] + 8 + rnd.nextInt(chunk[1]);
            int[] values = {0, 1, 0x7F, 0x80, 0xFF, rnd.nextInt(256), f[at] ^ (1 << rnd.nextInt(8))};
            f[at] = (byte) values[rnd.nextInt(values.length)];
        }
        CRC32 crc = new CRC32();
        crc.update(f, chunk[0] + 4, 4 + chunk[1]);
        long v = crc.getValue();
        int at = chunk[0] + 8 + chunk[1];
        f[at] = (byte) (v >>> 24);
        f[at + 1] = (byte) (v >>> 16);
        f[at + 2] = (byte) (v >>> 8);
        f[at + 3] = (byte) v;
        return f;
    }

    private static long u32(byte[] f, int at) {
        return (f[at] & 0xFFL) << 24 | (f[at + 1] & 0xFFL) << 16 | (f[at + 2] & 0xFFL) << 8 | (f[at + 3] & 0xFFL);
    }
}
