package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Version 2 files: code layers, trimming, and what a reader rejects about them. */
class VqzLayersTest {

    private static VqzContainer read(byte[] file) throws IOException {
        return VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
    }

    @Test
    void goldenLayeredFileReadsFieldByField() throws IOException {
        VqzContainer c = VqzGoldenFilesTest.read("rgb-40x20-3-layers.vqz");
        VqzHeader h = c.header();
        assertEquals(2, h.formatVersion());
        assertEquals(3, h.layers());
        assertEquals(6, h.tileCount());
        assertEquals("vqz-test-layered", h.modelName());
        assertEquals(List.of("VQHD", "iccp", "TTBL", "TDAT", "TTBL", "TDAT", "TTBL", "TDAT", "VEND"),
                VqzGoldenFilesTest.types(c));
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(VqzGoldenFilesTest.payload(l + i + 1, l + i + 1), c.tilePayload(l, i));
            }
        }
        assertArrayEquals(c.tilePayload(0, 4), c.tilePayload(4));
        VqzGoldenFilesTest.assertRewritesIdentically("rgb-40x20-3-layers.vqz", c);
    }

    @Test
    void headerOfVersionTwoHasTheLayerCountAfterTheFixedFields() {
        VqzHeader h = GoldenFiles.rgbLayered().header();
        byte[] data = HeaderCodec.encode(h);
        assertEquals(53 + "vqz-test-layered".length(), data.length);
        assertEquals(2, data[0]);
        assertEquals(3, data[52]);
        byte[] v1 = HeaderCodec.encode(GoldenFiles.rgbTiled().header());
        assertEquals(52 + "vqz-test-model".length(), v1.length);
    }

    @Test
    void versionOneHasExactlyOneLayer() {
        VqzHeader.Builder b = VqzHeaderTest.valid().layers(2);
        assertThrows(IllegalArgumentException.class, b::build);
        assertThrows(IllegalArgumentException.class, () -> VqzHeaderTest.valid().formatVersion(2).layers(0).build());
        assertThrows(IllegalArgumentException.class, () -> VqzHeaderTest.valid().formatVersion(5).build());
        assertEquals(255, VqzHeaderTest.valid().formatVersion(2).layers(255).build().layers());
        assertEquals(6, VqzHeaderTest.valid().formatVersion(3).layers(6).build().layers());
        assertEquals(6, VqzHeaderTest.valid().formatVersion(4).layers(6).build().layers());
    }

    @Test
    void trimmedFileEqualsTheContainerCutToFewerLayers() throws IOException {
        VqzContainer full = GoldenFiles.rgbLayered();
        byte[] file = GoldenFiles.bytes(full);
        for (int n = 1; n <= 3; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VqzHeader h = VqzWriter.trim(new BytesChannel(file), out, n, VqzLimits.DEFAULT);
            assertEquals(n, h.layers());
            byte[] trimmed = out.toByteArray();
            assertArrayEquals(GoldenFiles.bytes(full.trim(n)), trimmed, "layers " + n);
            VqzContainer back = read(trimmed);
            assertEquals(n, back.header().layers());
            assertEquals(full.metadata(), back.metadata());
            for (int l = 0; l < n; l++) {
                for (int i = 0; i < 6; i++) {
                    assertArrayEquals(full.tilePayload(l, i), back.tilePayload(l, i));
                }
            }
        }
        assertEquals(file.length, GoldenFiles.bytes(full.trim(3)).length);
        assertThrows(IllegalArgumentException.class,
                () -> VqzWriter.trim(new BytesChannel(file), new ByteArrayOutputStream(), 4, VqzLimits.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> full.trim(0));
    }

    @Test
    void trimKeepsUnknownChunksBeforeTheLayers() throws IOException {
        byte[] file = GoldenFiles.bytes(GoldenFiles.rgbLayered());
        byte[] withChunk = GoldenFiles.insertChunk(file, GoldenFiles.chunkStart(file, "TTBL"), "vqXt", new byte[] {9});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.trim(new BytesChannel(withChunk), out, 1, VqzLimits.DEFAULT);
        List<String> types = VqzGoldenFilesTest.types(read(out.toByteArray()));
        assertEquals(List.of("VQHD", "iccp", "vqXt", "TTBL", "TDAT", "VEND"), types);
    }

    @Test
    void indexReadsEveryLayersTilesOnDemand() throws IOException {
        VqzContainer full = GoldenFiles.rgbLayered();
        byte[] file = GoldenFiles.bytes(full);
        BytesChannel channel = new BytesChannel(file);
        VqzTileIndex index = VqzReader.readIndex(channel, VqzLimits.DEFAULT);
        VqzTiles tiles = index.tiles(channel);
        for (int l = 0; l < 3; l++) {
            for (int i = 5; i >= 0; i--) {
                assertArrayEquals(full.tilePayload(l, i), tiles.tilePayload(l, i));
            }
        }
        file[(int) index.tileOffset(2, 3)] ^= 1;
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> tiles.tilePayload(2, 3));
        assertTrue(e.getMessage().contains("tile 3 of layer 2 CRC mismatch"), e.getMessage());
    }

    @Test
    void fewerLayersThanDeclaredIsAnError() {
        byte[] file = GoldenFiles.bytes(GoldenFiles.rgbLayered());
        int vend = file.length - 12;
        byte[] cut = GoldenFiles.cut(file, chunkStartOf(file, "TTBL", 2), vend - chunkStartOf(file, "TTBL", 2));
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> read(cut));
        assertTrue(e.getMessage().contains("VEND chunk after 2 of the 3 layers"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(file, chunkStartOf(file, "TTBL", 2));
        e = assertThrows(VqzFormatException.class, () -> read(truncated));
        assertTrue(e.getMessage().contains("before the TTBL chunk"), e.getMessage());
    }

    @Test
    void chunksBetweenOrAfterLayersAreErrors() {
        byte[] file = GoldenFiles.bytes(GoldenFiles.rgbLayered());
        byte[] between = GoldenFiles.insertChunk(file, chunkStartOf(file, "TTBL", 1), "vqXt", new byte[0]);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> read(between));
        assertTrue(e.getMessage().contains("where layer 1's TTBL must be"), e.getMessage());
        byte[] after = GoldenFiles.insertChunk(file, file.length - 12, "vqXt", new byte[0]);
        e = assertThrows(VqzFormatException.class, () -> read(after));
        assertTrue(e.getMessage().contains("where VEND must be"), e.getMessage());
    }

    @Test
    void layerCountZeroIsAnErrorAtItsOffset() {
        byte[] file = GoldenFiles.bytes(GoldenFiles.rgbLayered());
        file[8 + 8 + 52] = 0;
        GoldenFiles.fixCrc(file, 8);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> read(file));
        assertEquals(8 + 8 + 52, e.offset());
        assertTrue(e.getMessage().contains("layer count 0"), e.getMessage());
    }

    @Test
    void goldenFileOnDiskIsTheOneTheBuilderMakes() throws IOException {
        assertArrayEquals(GoldenFiles.all().get("rgb-40x20-3-layers.vqz"),
                Files.readAllBytes(VqzGoldenFilesTest.golden("rgb-40x20-3-layers.vqz")));
    }

    /** Offset of the {@code n}-th (from 0) chunk of {@code type}. */
    private static int chunkStartOf(byte[] file, String type, int n) {
        int pos = VqzFormat.MAGIC_LENGTH;
        int seen = 0;
        while (pos + 12 <= file.length) {
            if (new String(file, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type) && seen++ == n) {
                return pos;
            }
            pos += 12 + (int) Chunks.u32(file, pos);
        }
        throw new AssertionError(type + " #" + n);
    }
}
