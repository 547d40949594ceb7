package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeaderCodecTest {

    @Test
    void laysOutTheFieldsAsDocumented() throws Exception {
        VqzHeader h = VqzHeader.builder().width(0x1234).height(0x0567).colourLayout(ColourLayout.RGB_ALPHA)
                .modelId(GoldenFiles.sha256("x")).modelName("ab").downsampling(8).tileWidth(0x20).tileHeight(0x10)
                .codebookSize(0x0FFF).cdfPrecisionBits(16).quality(90).build();
        byte[] b = HeaderCodec.encode(h);
        assertEquals(54, b.length);
        assertEquals(1, b[0]);
        assertEquals(3, b[1]);
        assertEquals(0x1234, Chunks.u16(b, 2));
        assertEquals(0x0567, Chunks.u16(b, 4));
        assertEquals(8, b[6]);
        assertEquals(90, b[7]);
        assertEquals(h.gridWidth(), Chunks.u16(b, 8));
        assertEquals(h.gridHeight(), Chunks.u16(b, 10));
        assertEquals(0x20, Chunks.u16(b, 12));
        assertEquals(0x10, Chunks.u16(b, 14));
        assertEquals(0x0FFF, Chunks.u16(b, 16));
        assertEquals(16, b[18]);
        assertEquals(2, b[19]);
        assertEquals(GoldenFiles.sha256("x")[0], b[20]);
        assertEquals('a', b[52]);
        assertEquals(h, HeaderCodec.decode(b, 16, VqzLimits.DEFAULT));
    }

    @Test
    void rejectsWrongLengths() {
        byte[] b = HeaderCodec.encode(GoldenFiles.minimalGrey().header());
        assertThrows(VqzFormatException.class, () -> HeaderCodec.decode(java.util.Arrays.copyOf(b, 51), 0,
                VqzLimits.DEFAULT));
        VqzFormatException e = assertThrows(VqzFormatException.class,
                () -> HeaderCodec.decode(java.util.Arrays.copyOf(b, 53), 16, VqzLimits.DEFAULT));
        assertEquals(16 + 19, e.offset());
    }
}
