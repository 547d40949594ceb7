package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VqzContainerTest {

    static VqzHeader header(ColourLayout layout) {
        return VqzHeader.builder().width(10).height(6).colourLayout(layout).modelId(new byte[32])
                .codebookSize(16).tileWidth(2).tileHeight(2).build();
    }

    @Test
    void keepsPayloadsAndCopiesThem() {
        byte[] p = {1, 2, 3};
        VqzContainer c = VqzContainer.builder().header(header(ColourLayout.GREY))
                .tilePayloads(List.of(p, new byte[0])).build();
        p[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, c.tilePayload(0));
        c.tilePayload(0)[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, c.tilePayload(0));
        assertEquals(0, c.tilePayloadLength(1));
        assertEquals(3, c.tileDataLength());
        assertThrows(IndexOutOfBoundsException.class, () -> c.tilePayload(2));
    }

    @Test
    void listsTheChunksTheWriterWrites() {
        VqzContainer c = VqzContainer.builder().header(header(ColourLayout.RGB_ALPHA)).alpha(new byte[60])
                .metadata(VqzMetadata.of(new byte[5], null, null)).tilePayload(0, new byte[4])
                .tilePayload(1, new byte[6]).build();
        List<ChunkInfo> chunks = c.chunks();
        assertEquals(List.of("VQHD", "iccp", "ALPH", "TTBL", "TDAT", "VEND"),
                chunks.stream().map(ChunkInfo::type).collect(java.util.stream.Collectors.toList()));
        assertEquals(new ChunkInfo("iccp", 8 + 12 + 52, 5), chunks.get(1));
        assertEquals(new ChunkInfo("TTBL", chunks.get(2).offset() + chunks.get(2).totalLength(), 4 + 2 * 12),
                chunks.get(3));
        ChunkInfo end = chunks.get(5);
        assertEquals(GoldenFiles.bytes(c).length, end.offset() + end.totalLength());
        assertArrayEquals(new byte[60], c.alpha());
    }

    @Test
    void checksAlphaAgainstTheLayout() {
        assertThrows(IllegalArgumentException.class, () -> VqzContainer.builder().header(header(ColourLayout.RGB))
                .alpha(new byte[60]).tilePayload(0, new byte[1]).tilePayload(1, new byte[1]).build());
        assertThrows(IllegalArgumentException.class, () -> VqzContainer.builder()
                .header(header(ColourLayout.GREY_ALPHA)).tilePayload(0, new byte[1]).tilePayload(1, new byte[1])
                .build());
        assertThrows(IllegalArgumentException.class, () -> VqzContainer.builder()
                .header(header(ColourLayout.GREY_ALPHA)).alpha(new byte[59]).tilePayload(0, new byte[1])
                .tilePayload(1, new byte[1]).build());
    }

    @Test
    void needsHeaderAndEveryTile() {
        assertThrows(IllegalStateException.class, () -> VqzContainer.builder().build());
        assertThrows(IllegalStateException.class, () -> VqzContainer.builder().tilePayload(0, new byte[1]));
        assertThrows(IllegalStateException.class,
                () -> VqzContainer.builder().header(header(ColourLayout.GREY)).tilePayload(0, new byte[1]).build());
        assertThrows(IllegalArgumentException.class,
                () -> VqzContainer.builder().header(header(ColourLayout.GREY)).tilePayloads(List.of(new byte[1])));
        assertThrows(IndexOutOfBoundsException.class,
                () -> VqzContainer.builder().header(header(ColourLayout.GREY)).tilePayload(2, new byte[1]));
    }

    @Test
    void toBuilderKeepsEverything() throws Exception {
        VqzContainer a = GoldenFiles.rgbaAlpha();
        VqzContainer b = a.toBuilder().build();
        assertArrayEquals(GoldenFiles.bytes(a), GoldenFiles.bytes(b));
        VqzContainer stripped = a.toBuilder().metadata(null).build();
        assertEquals(VqzMetadata.EMPTY, VqzReaderTest.read(GoldenFiles.bytes(stripped)).metadata());
    }
}
