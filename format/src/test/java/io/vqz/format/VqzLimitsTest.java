package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VqzLimitsTest {

    @Test
    void defaultsAre256Megapixels() {
        assertEquals(268_435_456L, VqzLimits.DEFAULT.maxPixels());
        assertEquals(1 << 20, VqzLimits.DEFAULT.maxTiles());
        assertEquals(1 << 30, VqzLimits.DEFAULT.maxPayloadBytes());
        assertEquals(64 << 20, VqzLimits.DEFAULT.maxMetadataBytes());
        assertEquals(4096, VqzLimits.DEFAULT.maxChunks());
    }

    @Test
    void builderSetsAndCopies() {
        VqzLimits l = VqzLimits.builder().maxPixels(10).maxTiles(2).maxPayloadBytes(3).maxMetadataBytes(4)
                .maxChunks(5).build();
        VqzLimits copy = l.toBuilder().build();
        assertEquals(10, copy.maxPixels());
        assertEquals(2, copy.maxTiles());
        assertEquals(3, copy.maxPayloadBytes());
        assertEquals(4, copy.maxMetadataBytes());
        assertEquals(5, copy.maxChunks());
        assertEquals(l.toString(), copy.toString());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxPixels(0));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxTiles(-1));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxPayloadBytes(0));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxMetadataBytes(0));
        assertThrows(IllegalArgumentException.class, () -> VqzLimits.builder().maxChunks(3));
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
