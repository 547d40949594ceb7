package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VqzLimitsTest {

    @Test
    void defaultsAre256Megapixels() {
        assertEquals(268_435_456L, VqzLimits.DEFAULT.maxPixels());
        assertEquals(1 << 20, VqzLimits.DEFAULT.maxTiles());
        assertEquals(1 << 30, VqzLimits.DEFAULT.maxPayloadBytes());
        assertEquals(64 << 20, VqzLimits.DEFAULT.maxMetadataBytes());
        assertEquals(4096, VqzLimits.DEFAULT.maxChunks());
        assertEquals(VqzLimits.JVM_HEAP, VqzLimits.DEFAULT.maxMemoryBytes());
        Runtime rt = Runtime.getRuntime();
        assertTrue(VqzLimits.DEFAULT.memoryBudget() <= rt.maxMemory());
        assertTrue(VqzLimits.DEFAULT.memoryBudget() > 0);
    }

    @Test
    void memoryChecksNameTheBudgetAndHowToRaiseIt() throws Exception {
        VqzLimits l = VqzLimits.builder().maxMemoryBytes(10 << 20).build();
        l.checkMemory("decoding x", 10 << 20);
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> l.checkMemory("decoding x", 11 << 20));
        assertEquals("decoding x needs 11.0 MiB, more than the memory budget 10.0 MiB set in VqzLimits; raise it "
                + "with VqzLimits.Builder.maxMemoryBytes, or decode a region or a reduced preview", e.getMessage());
        assertEquals(11 << 20, e.declared());
        assertEquals(-1, e.offset());
        VqzLimitException heap = assertThrows(VqzLimitException.class,
                () -> VqzLimits.DEFAULT.checkMemory("decoding y", Long.MAX_VALUE / 2));
        assertTrue(heap.getMessage().contains("the Java heap can still give") && heap.getMessage().contains("-Xmx"),
                heap.getMessage());
    }

    @Test
    void systemPropertiesReplaceTheDefaultsAndABadOneIsNamed() {
        try {
            System.setProperty("vqz.limits.maxPixels", "50m");
            System.setProperty("vqz.limits.maxMemoryBytes", "512M");
            System.setProperty("vqz.limits.maxPixelLayers", "300000000");
            System.setProperty("vqz.limits.memoryWaitMillis", "0");
            VqzLimits l = VqzLimits.fromSystemProperties();
            assertEquals(50_000_000L, l.maxPixels());
            assertEquals(512L << 20, l.maxMemoryBytes());
            assertEquals(300_000_000L, l.maxPixelLayers());
            assertEquals(0, l.memoryWaitMillis());
            assertEquals(VqzLimits.DEFAULT_MAX_TILES, l.maxTiles());
            System.setProperty("vqz.limits.maxPixels", "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, VqzLimits::fromSystemProperties);
            assertTrue(e.getMessage().contains("vqz.limits.maxPixels=lots"), e.getMessage());
        } finally {
            for (String p : new String[] {"maxPixels", "maxMemoryBytes", "maxPixelLayers", "memoryWaitMillis"}) {
                System.clearProperty("vqz.limits." + p);
            }
        }
        assertEquals(VqzLimits.DEFAULT.toString(), VqzLimits.fromSystemProperties().toString());
        assertEquals(3L << 30, VqzLimits.parseSize("3g", 1024));
        assertEquals(2000, VqzLimits.parseSize("2k", 1000));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.parseSize("-1", 1000));
    }

    @Test
    void workIsPixelsTimesLayersAndTheMessageSaysHowToRaiseIt() throws Exception {
        VqzLimits l = VqzLimits.builder().maxPixelLayers(1000).build();
        l.checkWork("decoding the 10 x 50 image", 500, 2);
        VqzLimitException e = assertThrows(VqzLimitException.class,
                () -> l.checkWork("decoding the 10 x 50 image", 500, 3));
        assertEquals(1500, e.declared());
        assertEquals(1000, e.limit());
        assertTrue(e.getMessage().startsWith("decoding the 10 x 50 image with 3 layers is 1500 pixel layers"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dvqz.limits.maxPixelLayers=") && e.getMessage().contains("--max-pixel-layers"),
                e.getMessage());
        // every file within the pixel cap decodes at the default's six layers
        assertTrue(VqzLimits.DEFAULT.maxPixelLayers() >= 6 * VqzLimits.DEFAULT_MAX_PIXELS);
    }

    @Test
    void builderSetsAndCopies() {
        VqzLimits l = VqzLimits.builder().maxPixels(10).maxTiles(2).maxPayloadBytes(3).maxMetadataBytes(4)
                .maxChunks(5).maxMemoryBytes(6).maxPixelLayers(7).memoryWaitMillis(8).build();
        VqzLimits copy = l.toBuilder().build();
        assertEquals(7, copy.maxPixelLayers());
        assertEquals(8, copy.memoryWaitMillis());
        assertEquals(10, copy.maxPixels());
        assertEquals(2, copy.maxTiles());
        assertEquals(3, copy.maxPayloadBytes());
        assertEquals(4, copy.maxMetadataBytes());
        assertEquals(5, copy.maxChunks());
        assertEquals(6, copy.maxMemoryBytes());
        assertEquals(l.toString(), copy.toString());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxPixels(0));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxTiles(-1));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxPayloadBytes(0));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxMetadataBytes(0));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxChunks(3));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxMemoryBytes(-1));
    }

    @Test
    void theDefaultPixelCapAdmits16384Squared() throws Exception {
        VqzHeader h = VqzHeader.builder().width(16384).height(16384).colourLayout(ColourLayout.RGB)
                .modelId(new byte[32]).codebookSize(2).build();
        byte[] file = GoldenFiles.bytes(GoldenFiles.minimalGrey().toBuilder().build());
        byte[] header = HeaderCodec.encode(h);
        byte[] out = GoldenFiles.insertChunk(GoldenFiles.cut(file, 8, 12 + 52), 8, "VQHD", header);
        assertEquals(h, VqzReader.readHeader(new java.io.ByteArrayInputStream(out), VqzLimits.DEFAULT));
        VqzHeader bigger = h.toBuilder().width(16385).build();
        byte[] tooBig = GoldenFiles.insertChunk(GoldenFiles.cut(file, 8, 12 + 52), 8, "VQHD",
                HeaderCodec.encode(bigger));
        assertThrows(VqzLimitException.class,
                () -> VqzReader.readHeader(new java.io.ByteArrayInputStream(tooBig), VqzLimits.DEFAULT));
    }
}
