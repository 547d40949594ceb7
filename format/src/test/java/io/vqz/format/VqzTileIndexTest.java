package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqzTileIndexTest {

    /** A file with one big tile, so that skipping it is visible in the byte count. */
    static VqzContainer bigTiles() {
        VqzHeader h = VqzHeader.builder().width(64).height(32).colourLayout(ColourLayout.RGB_ALPHA)
                .modelId(new byte[32]).codebookSize(16).tileWidth(8).tileHeight(8).build();
        byte[] alpha = new byte[64 * 32];
        alpha[5] = 9;
        return VqzContainer.builder().header(h).alpha(alpha).tilePayload(0, new byte[100_000])
                .tilePayload(1, GoldenFiles.payload(3)).metadata(VqzMetadata.of(null, new byte[] {1}, null)).build();
    }

    @Test
    void readsSingleTilesWithoutTheOthers() throws Exception {
        VqzContainer c = bigTiles();
        byte[] file = GoldenFiles.bytes(c);
        BytesChannel channel = new BytesChannel(file);
        VqzTileIndex index = VqzReader.readIndex(channel, VqzLimits.DEFAULT);
        assertTrue(channel.bytesRead < 1000, "read " + channel.bytesRead + " bytes");
        assertEquals(c.header(), index.header());
        assertEquals(c.metadata(), index.metadata());
        assertArrayEquals(c.alpha(), index.alpha());
        assertEquals(c.chunks(), index.chunks());
        assertEquals(100_000, index.tilePayloadLength(0));
        long before = channel.bytesRead;
        assertArrayEquals(GoldenFiles.payload(3), index.readTilePayload(channel, 1));
        assertEquals(21, channel.bytesRead - before);
        assertEquals(c.chunks().get(4).offset() + 8 + 100_000, index.tileOffset(1));
        assertArrayEquals(new byte[100_000], index.readTilePayload(channel, 0));
    }

    @Test
    void worksOnFilesAtAnOffset(@TempDir Path dir) throws Exception {
        byte[] file = GoldenFiles.bytes(GoldenFiles.rgbTiled());
        Path path = dir.resolve("x.bin");
        byte[] prefixed = new byte[file.length + 10];
        System.arraycopy(file, 0, prefixed, 10, file.length);
        Files.write(path, prefixed);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.position(10);
            VqzTileIndex index = VqzReader.readIndex(ch, VqzLimits.DEFAULT);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(GoldenFiles.payload(i), index.readTilePayload(ch, i));
            }
        }
    }

    @Test
    void detectsDamagedTilesAndShortFiles() throws Exception {
        byte[] file = GoldenFiles.bytes(GoldenFiles.rgbTiled());
        VqzTileIndex index = VqzReader.readIndex(new BytesChannel(file), VqzLimits.DEFAULT);
        byte[] damaged = file.clone();
        damaged[(int) index.tileOffset(4) + 3] ^= 1;
        VqzFormatException e = assertThrows(VqzFormatException.class,
                () -> index.readTilePayload(new BytesChannel(damaged), 4));
        assertTrue(e.problem().startsWith("tile 4 CRC mismatch"), e::getMessage);
        assertEquals(index.tileOffset(4), e.offset());
        byte[] cut = java.util.Arrays.copyOf(file, (int) index.tileOffset(5) + 2);
        assertThrows(VqzFormatException.class, () -> index.readTilePayload(new BytesChannel(cut), 5));
        // A truncated file is rejected up front, since the channel's size is known.
        e = assertThrows(VqzFormatException.class, () -> VqzReader.readIndex(new BytesChannel(cut), VqzLimits.DEFAULT));
        assertTrue(e.problem().contains("chunk TDAT declares 105 bytes, more than the"), e::getMessage);
    }
}
