package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VqzHeaderTest {

    static VqzHeader.Builder valid() {
        return VqzHeader.builder().width(1000).height(750).colourLayout(ColourLayout.RGB)
                .modelId(GoldenFiles.sha256("m")).modelName("base").codebookSize(1024);
    }

    @Test
    void derivesGridPaddingAndTiling() {
        VqzHeader h = valid().tileWidth(48).tileHeight(40).build();
        assertEquals(250, h.gridWidth());
        assertEquals(188, h.gridHeight());
        assertEquals(0, h.paddingRight());
        assertEquals(2, h.paddingBottom());
        assertEquals(6, h.tilesAcross());
        assertEquals(5, h.tilesDown());
        assertEquals(30, h.tileCount());
        assertEquals(48 * 5, h.tileX(5));
        assertEquals(10, h.tileWidthAt(5));
        assertEquals(40, h.tileY(6));
        assertEquals(188 - 160, h.tileHeightAt(29));
        assertThrows(IndexOutOfBoundsException.class, () -> h.tileX(30));
    }

    @Test
    void hasDefaults() {
        VqzHeader h = valid().build();
        assertEquals(4, h.downsampling());
        assertEquals(16, h.cdfPrecisionBits());
        assertEquals(75, h.quality());
        assertEquals(64, h.tileWidth());
        VqzHeader small = valid().width(20).height(9).build();
        assertEquals(5, small.tileWidth());
        assertEquals(3, small.tileHeight());
    }

    @Test
    void rejectsInvalidFields() {
        assertThrows(IllegalArgumentException.class, () -> valid().width(0).build());
        assertThrows(IllegalArgumentException.class, () -> valid().height(65536).build());
        assertThrows(IllegalArgumentException.class, () -> valid().downsampling(0).build());
        assertThrows(IllegalArgumentException.class, () -> valid().tileWidth(251).build());
        assertThrows(IllegalArgumentException.class, () -> valid().codebookSize(1).build());
        assertThrows(IllegalArgumentException.class, () -> valid().codebookSize(300).cdfPrecisionBits(8).build());
        assertThrows(IllegalArgumentException.class, () -> valid().cdfPrecisionBits(25).build());
        assertThrows(IllegalArgumentException.class, () -> valid().quality(101).build());
        assertThrows(IllegalArgumentException.class, () -> valid().modelName("x".repeat(256)).build());
        assertThrows(IllegalArgumentException.class, () -> valid().modelName("\uD800").build());
        assertThrows(IllegalArgumentException.class, () -> valid().modelId(new byte[31]));
        assertThrows(IllegalArgumentException.class,
                () -> VqzHeader.builder().width(1).height(1).codebookSize(2).modelId(new byte[32]).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> valid()
                .width(65535).height(65535).downsampling(1).tileWidth(1).tileHeight(1).build());
        assertTrue(e.getMessage().contains("tile count"), e.getMessage());
    }

    @Test
    void acceptsTheExtremes() {
        VqzHeader h = valid().width(65534).height(65535).downsampling(255).codebookSize(65535).cdfPrecisionBits(24)
                .quality(100).modelName("é".repeat(127)).build();
        assertEquals(257, h.gridWidth());
        assertEquals(1, h.paddingRight());
        assertEquals(0, h.paddingBottom());
    }

    @Test
    void isAValue() {
        VqzHeader a = valid().build();
        assertEquals(a, valid().build());
        assertEquals(a.hashCode(), valid().build().hashCode());
        assertEquals(a, a.toBuilder().build());
        assertNotEquals(a, valid().quality(1).build());
        assertNotEquals(a, valid().modelId(GoldenFiles.sha256("n")).build());
        byte[] id = a.modelId();
        id[0] ^= 1;
        assertEquals(a, valid().build());
        assertTrue(a.toString().contains("1000x750"));
        assertEquals(64, a.modelIdHex().length());
    }
}
