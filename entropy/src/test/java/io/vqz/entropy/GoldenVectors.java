package io.vqz.entropy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The golden vectors under testdata/entropy/: a seeded prior ({@code golden-prior.bin}), a code grid
 * ({@code golden-codes.bin}: u32 w, u32 h, u16 codes, little-endian) and what they must give
 * ({@code golden.properties}). Regenerate only for a deliberate, format-breaking change:
 * {@code java -cp entropy/target/classes:entropy/target/test-classes io.vqz.entropy.GoldenVectors}
 * from the repository root.
 */
final class GoldenVectors {
    static final int W = 40;
    static final int H = 24;
    static final int TILE_W = 16;
    static final int TILE_H = 16;
    /** Positions whose CDF entries are listed in golden.properties. */
    static final int[] POSITIONS = {0, 1, 41, W * H - 1};
    static final int[] SYMBOLS = {0, 1, 50, 95};

    private GoldenVectors() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "testdata/entropy");
        PriorWeights weights = PriorWeights.random(96, 8, 16, 2, 5, 3, 0x5EED_2026L);
        try (OutputStream out = Files.newOutputStream(dir.resolve("golden-prior.bin"))) {
            weights.write(out);
        }
        PixelCnnPrior prior = new PixelCnnPrior(weights);
        int[] codes = Reference.sample(prior, W, H, 77);
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * codes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(W).putInt(H);
        for (int c : codes) {
            b.putShort((short) c);
        }
        Files.write(dir.resolve("golden-codes.bin"), b.array());
        Properties p = compute(prior, codes);
        try (Writer w = Files.newBufferedWriter(dir.resolve("golden.properties"), StandardCharsets.ISO_8859_1)) {
            p.store(w, "expected results for golden-prior.bin and golden-codes.bin (see GoldenVectors.java)");
        }
    }

    static int[] readCodes() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Reference.testdata("golden-codes.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int w = b.getInt();
        int h = b.getInt();
        if (w != W || h != H) {
            throw new IOException("golden-codes.bin is " + w + "x" + h);
        }
        int[] codes = new int[w * h];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = b.getShort() & 0xFFFF;
        }
        return codes;
    }

    static Properties expected() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Reference.testdata("golden.properties"))) {
            p.load(in);
        }
        return p;
    }

    /** Everything golden.properties records, computed now. */
    static Properties compute(PixelCnnPrior prior, int[] codes) throws Exception {
        Properties p = new Properties();
        byte[] whole = TileCoder.encode(prior, codes, W, H);
        p.setProperty("bitstream.bytes", Integer.toString(whole.length));
        p.setProperty("bitstream.sha256", sha256(whole));
        byte[][] tiles = TileCoder.encodeTiles(prior, codes, W, H, TILE_W, TILE_H);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] t : tiles) {
            md.update(t);
        }
        p.setProperty("tiles16.sha256", HexFormat.of().formatHex(md.digest()));
        MessageDigest cdfs = MessageDigest.getInstance("SHA-256");
        MessageDigest logits = MessageDigest.getInstance("SHA-256");
        PriorCursor cur = prior.cursor(W, H);
        ByteBuffer buf = ByteBuffer.allocate(4 * (prior.codebookSize() + 1));
        for (int i = 0; i < codes.length; i++) {
            int[] cdf = cur.cdf();
            buf.clear();
            buf.asIntBuffer().put(cdf);
            cdfs.update(buf.array(), 0, 4 * cdf.length);
            buf.clear();
            for (float f : cur.logits()) {
                buf.putInt(Float.floatToRawIntBits(f));
            }
            logits.update(buf.array(), 0, 4 * prior.codebookSize());
            for (int pos : POSITIONS) {
                if (pos == i) {
                    for (int s : SYMBOLS) {
                        p.setProperty("cdf." + pos + "." + s, Integer.toString(cdf[s]));
                    }
                }
            }
            cur.advance(codes[i]);
        }
        p.setProperty("cdfs.sha256", HexFormat.of().formatHex(cdfs.digest()));
        p.setProperty("logits.sha256", HexFormat.of().formatHex(logits.digest()));
        p.setProperty("idealBits", Double.toString(TileCoder.idealBits(prior, codes, W, H)));
        return p;
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
