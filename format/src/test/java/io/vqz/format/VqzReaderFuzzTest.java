package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of {@link VqzReader} ({@code read}, {@code readHeader} and {@code readIndex} with
 * every tile): bit flips, truncations, insertions, deletions, chunk-length
 * edits, chunk duplication, removal and swaps, and data edits with the CRC recomputed (so the header, tile
 * table and alpha parsers see damaged content too). The contract: a mutated file either reads or raises
 * {@link VqzFormatException} with an offset inside the input; nothing else escapes. Every case is
 * reproducible from the printed case seed.
 */
class VqzReaderFuzzTest {
    private static final long SEED = 0x5EED_0F_7A11L;
    private static final int CASES = 120_000;
    /** Sane limits, so no mutation can make the reader allocate much even when all checks pass. */
    private static final VqzLimits LIMITS = VqzLimits.builder().maxPixels(1 << 20).maxTiles(1 << 12)
            .maxPayloadBytes(1 << 20).maxMetadataBytes(1 << 16).maxChunks(64).build();

    @Test
    void mutatedFilesReadOrFailWithVqzFormatExceptionOnly() {
        List<byte[]> seeds = new ArrayList<>(GoldenFiles.all().values());
        seeds.add(GoldenFiles.bytes(largerAlphaFile()));
        SplittableRandom master = new SplittableRandom(SEED);
        TreeMap<String, Integer> problems = new TreeMap<>();
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            long caseSeed = master.nextLong();
            Random rnd = new Random(caseSeed);
            byte[] file = seeds.get(rnd.nextInt(seeds.size()));
            int mutations = 1 + rnd.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                file = mutate(file, rnd);
            }
            try {
                VqzContainer c = VqzReader.read(new ByteArrayInputStream(file), LIMITS);
                accepted++;
                VqzContainer again = VqzReader.read(new ByteArrayInputStream(GoldenFiles.bytes(c)), LIMITS);
                assertEquals(c.header(), again.header());
                assertEquals(c.metadata(), again.metadata());
            } catch (VqzFormatException e) {
                if (e.offset() < 0 || e.offset() > file.length || e.problem() == null) {
                    fail("case " + i + " (seed " + caseSeed + "): bad offset or message: " + e.getMessage());
                }
                problems.merge(key(e.problem()), 1, Integer::sum);
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (seed " + caseSeed + ") escaped with " + t, t);
            }
            try {
                VqzReader.readHeader(new ByteArrayInputStream(file), LIMITS);
            } catch (VqzFormatException e) {
                // expected for most
            } catch (Throwable t) {
                throw new AssertionError("readHeader, case " + i + " (seed " + caseSeed + ") escaped with " + t, t);
            }
            try {
                BytesChannel channel = new BytesChannel(file);
                VqzTileIndex index = VqzReader.readIndex(channel, LIMITS);
                for (int l = 0; l < index.header().layers(); l++) {
                    for (int t = 0; t < index.header().tileCount(); t++) {
                        index.readTilePayload(channel, l, t);
                    }
                }
            } catch (VqzFormatException e) {
                // expected for most
            } catch (Throwable t) {
                throw new AssertionError("readIndex, case " + i + " (seed " + caseSeed + ") escaped with " + t, t);
            }
        }
        System.out.println("fuzz: " + CASES + " cases, " + accepted + " accepted, rejections by kind: " + problems);
        // The mutations must reach every layer, not just the CRC check.
        for (String expected : List.of("CRC", "truncated", "signature", "type", "tile", "alpha", "VQHD",
                "duplicate", "critical")) {
            assertTrue(problems.keySet().stream().anyMatch(k -> k.contains(expected)),
                    "no rejection mentioning " + expected + ": " + problems);
        }
    }

    private static String key(String problem) {
        String[] words = problem.replaceAll("[0-9]+", "#").replaceAll("chunk( is)? (?!type\\b)[A-Za-z]{4}\\b", "chunk$1 X")
                .split(" ");
        return String.join(" ", Arrays.copyOf(words, Math.min(words.length, 4)));
    }

    static VqzContainer largerAlphaFile() {
        VqzHeader h = VqzHeader.builder().width(64).height(48).colourLayout(ColourLayout.RGB_ALPHA)
                .modelId(GoldenFiles.sha256("fuzz")).modelName("fuzz").tileWidth(5).tileHeight(4)
                .codebookSize(512).build();
        byte[] alpha = new byte[64 * 48];
        Random r = new Random(7);
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i % 64 < 20 ? 255 : r.nextInt(4) * 60);
        }
        VqzContainer.Builder b = VqzContainer.builder().header(h).alpha(alpha);
        for (int i = 0; i < h.tileCount(); i++) {
            b.tilePayload(i, GoldenFiles.payload(i % 5));
        }
        return b.metadata(VqzMetadata.of(new byte[40], null, null)).build();
    }

    /** Chunk starts and data lengths, as far as the (possibly damaged) file lets them be walked. */
    private static List<int[]> chunks(byte[] f) {
        List<int[]> list = new ArrayList<>();
        int pos = 8;
        while (pos + 12 <= f.length) {
            long length = Chunks.u32(f, pos);
            if (length > f.length - pos - 12) {
                break;
            }
            list.add(new int[] {pos, (int) length});
            pos += 12 + (int) length;
        }
        return list;
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] f = in.clone();
        List<int[]> chunks = chunks(f);
        int[] chunk = chunks.isEmpty() ? null : chunks.get(rnd.nextInt(chunks.size()));
        switch (rnd.nextInt(10)) {
            case 0: // bit flips
                for (int n = 1 + rnd.nextInt(4); n > 0 && f.length > 0; n--) {
                    f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return f;
            case 1: // truncation
                return Arrays.copyOf(f, f.length == 0 ? 0 : rnd.nextInt(f.length));
            case 2: { // insertion of random bytes
                byte[] extra = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(extra);
                int at = rnd.nextInt(f.length + 1);
                byte[] out = new byte[f.length + extra.length];
                System.arraycopy(f, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(f, at, out, at + extra.length, f.length - at);
                return out;
            }
            case 3: { // deletion
                if (f.length == 0) {
                    return f;
                }
                int at = rnd.nextInt(f.length);
                return GoldenFiles.cut(f, at, Math.min(f.length - at, 1 + rnd.nextInt(16)));
            }
            case 4: // chunk-length edit
                if (chunk != null) {
                    long[] lengths = {rnd.nextInt() & 0xFFFFFFFFL, chunk[1] + rnd.nextInt(17) - 8, 0, 0x7FFFFFFFL,
                        0xFFFFFFFFL, f.length, chunk[1] + 12L};
                    Chunks.put32(f, chunk[0], Math.max(0, lengths[rnd.nextInt(lengths.length)]));
                }
                return f;
            case 5: // data bytes edited, CRC recomputed
            case 6:
                if (chunk != null && chunk[1] > 0) {
                    for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                        int at = chunk[0] + 8 + rnd.nextInt(chunk[1]);
                        int[] values = {0, 1, 0xFF, rnd.nextInt(256), f[at] ^ (1 << rnd.nextInt(8))};
                        f[at] = (byte) values[rnd.nextInt(values.length)];
                    }
                    return fixCrc(f, chunk);
                }
                return f;
            case 7: // chunk type edit, CRC recomputed
                if (chunk != null) {
                    String[] types = {"VQHD", "iccp", "exif", "xmpd", "ALPH", "TTBL", "TDAT", "VEND", "ABCD", "abcd"};
                    System.arraycopy(Chunks.typeBytes(types[rnd.nextInt(types.length)]), 0, f, chunk[0] + 4, 4);
                    return fixCrc(f, chunk);
                }
                return f;
            case 8: { // duplicate, remove or swap whole chunks
                if (chunk == null) {
                    return f;
                }
                byte[] whole = Arrays.copyOfRange(f, chunk[0], chunk[0] + chunk[1] + 12);
                int op = rnd.nextInt(3);
                if (op == 0) {
                    return GoldenFiles.cut(f, chunk[0], whole.length);
                }
                byte[] rest = GoldenFiles.cut(f, chunk[0], op == 1 ? 0 : whole.length);
                List<int[]> others = chunks(rest);
                int at = others.isEmpty() ? 8 : others.get(rnd.nextInt(others.size()))[0];
                byte[] out = new byte[rest.length + whole.length];
                System.arraycopy(rest, 0, out, 0, at);
                System.arraycopy(whole, 0, out, at, whole.length);
                System.arraycopy(rest, at, out, at + whole.length, rest.length - at);
                return out;
            }
            default: // random bytes overwritten
                for (int n = 1 + rnd.nextInt(8); n > 0 && f.length > 0; n--) {
                    f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
                }
                return f;
        }
    }

    private static byte[] fixCrc(byte[] f, int[] chunk) {
        CRC32 crc = new CRC32();
        crc.update(f, chunk[0] + 4, 4 + chunk[1]);
        Chunks.put32(f, chunk[0] + 8 + chunk[1], crc.getValue());
        return f;
    }
}
