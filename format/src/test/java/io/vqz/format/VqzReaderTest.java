package io.vqz.format;

import static io.vqz.format.GoldenFiles.bytes;
import static io.vqz.format.GoldenFiles.chunkStart;
import static io.vqz.format.GoldenFiles.cut;
import static io.vqz.format.GoldenFiles.fixCrc;
import static io.vqz.format.GoldenFiles.insertChunk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VqzReaderTest {

    static VqzContainer read(byte[] file) throws IOException {
        return VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
    }

    static VqzFormatException fails(byte[] file, String fragment, long offset) {
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> read(file));
        assertTrue(e.problem().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        assertEquals(offset, e.offset(), e::getMessage);
        assertTrue(e.getMessage().endsWith("(at byte offset " + offset + ")"), e::getMessage);
        return e;
    }

    /** Counts bytes read and refuses reads past {@code allowed}. */
    static final class Guarded extends FilterInputStream {
        long count;
        final long allowed;

        Guarded(byte[] b, long allowed) {
            super(new ByteArrayInputStream(b));
            this.allowed = allowed;
        }

        @Override
        public int read() throws IOException {
            throw new AssertionError("single-byte read");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // one byte at a time: a stream of unknown length delivering short reads
            int n = super.read(b, off, Math.min(len, 1));
            if (n > 0) {
                count += n;
                if (count > allowed) {
                    throw new AssertionError("read past byte " + allowed);
                }
            }
            return n;
        }
    }

    @Test
    void readsEveryFieldBack() throws IOException {
        VqzContainer original = GoldenFiles.rgbTiled();
        VqzContainer c = read(bytes(original));
        assertEquals(original.header(), c.header());
        assertEquals(original.metadata(), c.metadata());
        assertNull(c.alpha());
        for (int i = 0; i < c.header().tileCount(); i++) {
            assertArrayEquals(GoldenFiles.payload(i), c.tilePayload(i));
        }
        assertEquals(original.chunks(), c.chunks());
    }

    @Test
    void readsAlphaBack() throws IOException {
        VqzContainer c = read(bytes(GoldenFiles.rgbaAlpha()));
        assertArrayEquals(GoldenFiles.alpha(19, 13), c.alpha());
        assertEquals(ColourLayout.RGB_ALPHA, c.header().colourLayout());
    }

    @Test
    void readHeaderReadsNothingAfterTheHeaderChunk() throws IOException {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        long headerEnd = 8 + 12 + Chunks.u32(file, 8);
        Guarded in = new Guarded(file, headerEnd);
        VqzHeader h = VqzReader.readHeader(in, VqzLimits.DEFAULT);
        assertEquals(GoldenFiles.rgbTiled().header(), h);
        assertEquals(headerEnd, in.count);
    }

    @Test
    void readsAStreamOfShortReadsAndStopsAfterTheEndChunk() throws IOException {
        byte[] file = bytes(GoldenFiles.rgbaAlpha());
        byte[] withTrailer = new byte[file.length + 100];
        System.arraycopy(file, 0, withTrailer, 0, file.length);
        Guarded in = new Guarded(withTrailer, file.length);
        VqzContainer c = VqzReader.read(in, VqzLimits.DEFAULT);
        assertEquals(file.length, in.count);
        assertArrayEquals(GoldenFiles.alpha(19, 13), c.alpha());
    }

    @Test
    void skipsUnknownAncillaryChunksButChecksTheirCrc() throws IOException {
        byte[] file = GoldenFiles.greyAlphaWithUnknownChunk();
        VqzContainer c = read(file);
        assertEquals(List.of("VQHD", "ALPH", "TTBL", "TDAT", "vqXt", "VEND"),
                c.chunks().stream().map(ChunkInfo::type).collect(Collectors.toList()));
        int at = chunkStart(file, "vqXt");
        file[at + 10] ^= 1;
        fails(file, "CRC mismatch in chunk vqXt", at + 8 + 16);
    }

    @Test
    void rejectsWrongSignatures() {
        fails(new byte[0], "ends after 0 bytes", 0);
        fails(new byte[] {(byte) 0x8F, 'V', 'Q'}, "inside the 8-byte signature", 3);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0};
        fails(png, "not a VQZ file: wrong signature", 0);
        byte[] file = bytes(GoldenFiles.minimalGrey());
        byte[] text = cut(file, 4, 1); // CR LF -> LF, as a text-mode transfer does
        fails(text, "line-ending", 4);
        byte[] sevenBit = file.clone();
        sevenBit[0] &= 0x7F;
        fails(sevenBit, "high bit", 0);
    }

    @Test
    void rejectsTruncationAtEveryByte() {
        byte[] file = bytes(GoldenFiles.rgbaAlpha());
        for (int n = 0; n < file.length; n++) {
            byte[] part = java.util.Arrays.copyOf(file, n);
            VqzFormatException e = assertThrows(VqzFormatException.class, () -> read(part), "length " + n);
            assertTrue(e.problem().contains("truncated") || e.problem().contains("ends after"), e::getMessage);
            assertTrue(e.offset() <= n, e::getMessage);
        }
    }

    @Test
    void rejectsBadCrc() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        int at = chunkStart(file, "TDAT");
        file[at + 9] ^= 0x40;
        fails(file, "CRC mismatch in chunk TDAT", at + 8 + Chunks.u32(file, at));
    }

    @Test
    void rejectsChunksLongerThanTheFile() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        int at = chunkStart(file, "exif");
        Chunks.put32(file, at, 5_000_000);
        fails(file, "truncated: chunk exif declares 5000000 bytes", file.length);
        Chunks.put32(file, at, 0x80000000L);
        fails(file, "exceeds 2^31-1", at);
    }

    @Test
    void rejectsInvalidChunkTypes() {
        byte[] file = bytes(GoldenFiles.minimalGrey());
        int at = chunkStart(file, "TTBL");
        file[at + 6] = '1';
        fails(file, "invalid chunk type bytes", at + 4);
    }

    @Test
    void rejectsAbsurdHeaderFields() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        byte[] zeroWidth = file.clone();
        Chunks.put16(zeroWidth, 18, 0);
        fails(fixCrc(zeroWidth, 8), "width 0 is not in 1..65535", 18);
        byte[] huge = file.clone();
        Chunks.put16(huge, 18, 65535);
        Chunks.put16(huge, 20, 65535);
        VqzFormatException e = fails(fixCrc(huge, 8), "pixel count", 18);
        assertTrue(e instanceof VqzLimitException);
        byte[] grid = file.clone();
        Chunks.put16(grid, 24, 11);
        fails(fixCrc(grid, 8), "grid width 11 is not ceil(37/4) = 10", 24);
        byte[] tile = file.clone();
        Chunks.put16(tile, 28, 0);
        fails(fixCrc(tile, 8), "tile width 0", 28);
        byte[] layout = file.clone();
        layout[17] = 9;
        fails(fixCrc(layout, 8), "unknown colour layout code 9", 17);
        byte[] k = file.clone();
        Chunks.put16(k, 32, 1);
        fails(fixCrc(k, 8), "codebook size 1", 32);
        byte[] quality = file.clone();
        quality[23] = (byte) 101;
        fails(fixCrc(quality, 8), "quality 101", 23);
        byte[] name = file.clone();
        name[68] = (byte) 0xC0;
        fails(fixCrc(name, 8), "model name is not valid UTF-8", 68);
    }

    @Test
    void rejectsUnsupportedVersions() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        file[16] = 5;
        fails(fixCrc(file, 8), "unsupported format version 5", 16);
        file[16] = 0;
        fails(fixCrc(file, 8), "unsupported format version 0", 16);
    }

    @Test
    void enforcesLimits() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> VqzReader.read(
                new ByteArrayInputStream(file), VqzLimits.builder().maxPixels(850).build()));
        assertEquals(851, e.declared());
        assertEquals(850, e.limit());
        assertEquals(18, e.offset());
        assertThrows(VqzLimitException.class, () -> VqzReader.read(new ByteArrayInputStream(file),
                VqzLimits.builder().maxTiles(5).build()));
        e = assertThrows(VqzLimitException.class, () -> VqzReader.read(new ByteArrayInputStream(file),
                VqzLimits.builder().maxMetadataBytes(299).build()));
        assertEquals(chunkStart(file, "iccp"), e.offset());
        assertThrows(VqzLimitException.class, () -> VqzReader.read(new ByteArrayInputStream(file),
                VqzLimits.builder().maxPayloadBytes(100).build()));
        assertThrows(VqzLimitException.class, () -> VqzReader.read(new ByteArrayInputStream(file),
                VqzLimits.builder().maxChunks(6).build()));
    }

    @Test
    void rejectsOverlappingAndMissingTileRanges() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        int table = chunkStart(file, "TTBL") + 8;
        byte[] overlap = file.clone();
        Chunks.put32(overlap, table + 4 + 12 * 2, 5); // tile 2 starts at 5, tile 1 ends at 7
        fails(fixCrc(overlap, table - 8), "tile 2 range [5, 19) overlaps the previous tile, which ends at 7",
                table + 4 + 24);
        byte[] gap = file.clone();
        Chunks.put32(gap, table + 4 + 12 * 3, 22);
        fails(fixCrc(gap, table - 8), "tile 3 starts at 22: bytes 21..21 of the tile data belong to no tile",
                table + 4 + 36);
        byte[] shortRange = file.clone();
        int last = table + 4 + 12 * 5;
        Chunks.put32(shortRange, last + 4, Chunks.u32(shortRange, last + 4) - 1);
        fails(fixCrc(shortRange, table - 8), "belong to no tile range", chunkStart(file, "TDAT"));
        byte[] longRange = file.clone();
        Chunks.put32(longRange, last + 4, Chunks.u32(longRange, last + 4) + 1);
        fails(fixCrc(longRange, table - 8), "beyond the 105 bytes of TDAT", chunkStart(file, "TDAT"));
        byte[] count = file.clone();
        Chunks.put32(count, table, 7);
        fails(fixCrc(count, table - 8), "tile table lists 7 tiles but the header declares 6", table);
    }

    @Test
    void checksEachTileCrc() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        int data = chunkStart(file, "TDAT") + 8;
        file[data + 7 + 1] ^= 1; // inside tile 2
        fails(fixCrc(file, data - 8), "tile 2 CRC mismatch", data + 7);
    }

    @Test
    void rejectsUnknownCriticalChunks() {
        byte[] file = bytes(GoldenFiles.minimalGrey());
        int at = chunkStart(file, "TTBL");
        fails(insertChunk(file, at, "QQQQ", new byte[3]), "unknown critical chunk QQQQ", at);
    }

    @Test
    void rejectsDuplicateAndMisorderedChunks() {
        byte[] file = bytes(GoldenFiles.rgbTiled());
        int table = chunkStart(file, "TTBL");
        int end = chunkStart(file, "VEND");
        fails(insertChunk(file, table, "iccp", new byte[2]), "duplicate iccp chunk", table);
        fails(insertChunk(file, end, "xmpd", new byte[2]), "chunk xmpd after the tile data", end);
        byte[] header = java.util.Arrays.copyOfRange(file, 16, 16 + (int) Chunks.u32(file, 8));
        fails(insertChunk(file, table, "VQHD", header), "duplicate VQHD chunk", table);
        fails(insertChunk(file, 8, "exif", new byte[2]), "first chunk is exif, not VQHD", 8);
        int data = chunkStart(file, "TDAT");
        fails(insertChunk(file, data, "zzzz", new byte[0]), "chunk zzzz follows TTBL, where TDAT must be", data);
        byte[] tdat = java.util.Arrays.copyOfRange(file, data, end);
        byte[] noData = cut(file, data, tdat.length);
        fails(noData, "chunk VEND follows TTBL", data);
        byte[] swapped = insertChunk(cut(file, data, tdat.length), table, "TDAT",
                java.util.Arrays.copyOfRange(tdat, 8, tdat.length - 4));
        fails(swapped, "TDAT chunk before TTBL", table);
        byte[] twice = insertChunk(file, end, "TDAT", java.util.Arrays.copyOfRange(tdat, 8, tdat.length - 4));
        fails(twice, "duplicate TDAT chunk", end);
        fails(cut(file, end, 12), "the input ends before the VEND chunk", end);
        byte[] minimal = bytes(GoldenFiles.minimalGrey());
        int minimalTable = chunkStart(minimal, "TTBL");
        fails(insertChunk(minimal, minimalTable, "VEND", new byte[0]), "VEND chunk before the tile table",
                minimalTable);
        int minimalEnd = chunkStart(minimal, "VEND");
        byte[] longEnd = insertChunk(cut(minimal, minimalEnd, 12), minimalEnd, "VEND", new byte[1]);
        fails(longEnd, "VEND chunk has 1 bytes, not 0", minimalEnd);
    }

    @Test
    void rejectsMissingOrSuperfluousAlpha() {
        byte[] file = bytes(GoldenFiles.rgbaAlpha());
        int alpha = chunkStart(file, "ALPH");
        int length = 12 + (int) Chunks.u32(file, alpha);
        fails(cut(file, alpha, length), "missing ALPH chunk before TTBL", alpha);
        byte[] alphaChunk = java.util.Arrays.copyOfRange(file, alpha + 8, alpha + length - 4);
        byte[] grey = bytes(GoldenFiles.minimalGrey());
        int table = chunkStart(grey, "TTBL");
        fails(insertChunk(grey, table, "ALPH", alphaChunk), "colour layout GREY has no alpha", table);
        fails(insertChunk(file, alpha, "ALPH", alphaChunk), "duplicate ALPH chunk", alpha + length);
    }

    @Test
    void rejectsBrokenAlphaData() {
        byte[] file = bytes(GoldenFiles.rgbaAlpha());
        int alpha = chunkStart(file, "ALPH");
        byte[] method = file.clone();
        method[alpha + 8] = 1;
        fails(fixCrc(method, alpha), "unknown alpha compression method 1", alpha + 8);
        byte[] corrupt = file.clone();
        corrupt[alpha + 9] ^= 0x0F; // the zlib header check fails
        fails(fixCrc(corrupt, alpha), "alpha zlib stream is corrupt", alpha + 8);
        // A plane of the wrong size: claim the image is 19 x 12 instead of 19 x 13.
        byte[] smaller = file.clone();
        Chunks.put16(smaller, 20, 12);
        Chunks.put16(smaller, 26, 3);
        fails(fixCrc(smaller, 8), "alpha plane inflates to more than the 240 bytes", alpha + 8);
        byte[] larger = file.clone();
        Chunks.put16(larger, 20, 14);
        fails(fixCrc(larger, 8), "alpha plane inflates to 260 bytes, not the 280", alpha + 8);
        int alphaLength = (int) Chunks.u32(file, alpha);
        byte[] shortened = insertChunk(cut(file, alpha, 12 + alphaLength), alpha, "ALPH",
                java.util.Arrays.copyOfRange(file, alpha + 8, alpha + 8 + alphaLength - 6));
        fails(shortened, "alpha zlib stream ends after", alpha + 8);
        byte[] trailing = insertChunk(cut(file, alpha, 12 + (int) Chunks.u32(file, alpha)), alpha, "ALPH",
                concat(java.util.Arrays.copyOfRange(file, alpha + 8, alpha + 8 + (int) Chunks.u32(file, alpha)),
                        new byte[] {0}));
        fails(trailing, "1 bytes follow the alpha zlib stream", alpha + 8 + Chunks.u32(file, alpha));
    }

    @Test
    void rejectsTooManyChunks() {
        byte[] file = bytes(GoldenFiles.minimalGrey());
        int end = chunkStart(file, "VEND");
        for (int i = 0; i < 10; i++) {
            file = insertChunk(file, end, "pad" + (char) ('a' + i), new byte[0]);
        }
        byte[] padded = file;
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> VqzReader.read(
                new ByteArrayInputStream(padded), VqzLimits.builder().maxChunks(8).build()));
        assertEquals(9, e.declared());
    }

    @Test
    void passesStreamErrorsThrough() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        IOException e = assertThrows(IOException.class, () -> VqzReader.read(failing, VqzLimits.DEFAULT));
        assertEquals("disk on fire", e.getMessage());
    }

    @Test
    void modelNameMayUseAnyUnicode() throws IOException {
        VqzContainer c = read(bytes(GoldenFiles.rgbaAlpha()));
        assertEquals("modèle α", c.header().modelName());
        assertArrayEquals("<xmp/>".getBytes(StandardCharsets.US_ASCII), c.metadata().xmp());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
