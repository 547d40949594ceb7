package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelIdTest {

    @Test
    void equalByContentPrintedAsHexAndParsedBack() {
        byte[] sha = GoldenFiles.sha256("model");
        ModelId a = ModelId.of(sha);
        sha[0] ^= 1; // a copy was taken
        ModelId b = ModelId.parse(a.hex().toUpperCase());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(64, a.hex().length());
        assertEquals(a.hex(), a.toString());
        assertEquals(a.hex().substring(0, 16) + "…", a.shortHex());
        assertNotEquals(a, ModelId.of(sha));
        byte[] out = a.bytes();
        out[1] ^= 1;
        assertArrayEquals(GoldenFiles.sha256("model"), a.bytes());
        assertThrows(IllegalArgumentException.class, () -> ModelId.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> ModelId.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> ModelId.parse("z".repeat(64)));
    }

    @Test
    void theHeaderNamesItsModelByIt() {
        VqzHeader h = GoldenFiles.rgbTiled().header();
        assertEquals(ModelId.of(GoldenFiles.sha256("vqz golden model")), h.model());
        assertEquals(h.modelIdHex(), h.model().hex());
    }
}
