package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VqzWriterTest {

    @Test
    void writesTheDocumentedBytes() {
        byte[] file = GoldenFiles.bytes(GoldenFiles.minimalGrey());
        // signature, then VQHD: length 52, type, version 1, layout 0, 1x1, f 4, quality 0, grid 1x1, tile 1x1,
        // K 2, P 16, name length 0
        byte[] start = {(byte) 0x8F, 'V', 'Q', 'Z', 13, 10, 26, 10, 0, 0, 0, 52, 'V', 'Q', 'H', 'D', 1, 0, 0, 1, 0,
            1, 4, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 2, 16, 0};
        assertArrayEquals(start, java.util.Arrays.copyOf(file, start.length));
        // TTBL: one tile at 0, length 1, CRC-32 of {42}; TDAT {42}; VEND
        int table = GoldenFiles.chunkStart(file, "TTBL");
        assertEquals(16, Chunks.u32(file, table));
        assertEquals(1, Chunks.u32(file, table + 8));
        assertEquals(0, Chunks.u32(file, table + 12));
        assertEquals(1, Chunks.u32(file, table + 16));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(42);
        assertEquals(crc.getValue(), Chunks.u32(file, table + 20));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 'V', 'E', 'N', 'D', (byte) 0xA6, 0x38, 0x27, 0x4B},
                java.util.Arrays.copyOfRange(file, file.length - 12, file.length));
    }

    @Test
    void roundTripsEveryLayoutAndRandomContent() throws IOException {
        Random r = new Random(1);
        for (ColourLayout layout : ColourLayout.values()) {
            for (int n = 0; n < 5; n++) {
                int w = 1 + r.nextInt(200);
                int h = 1 + r.nextInt(200);
                VqzHeader header = VqzHeader.builder().width(w).height(h).colourLayout(layout)
                        .modelId(GoldenFiles.sha256("r" + n)).modelName("m" + n).downsampling(1 + r.nextInt(8))
                        .tileWidth(1).tileHeight(1).codebookSize(2 + r.nextInt(4000)).quality(r.nextInt(101))
                        .build();
                header = header.toBuilder().tileWidth(1 + r.nextInt(header.gridWidth()))
                        .tileHeight(1 + r.nextInt(header.gridHeight())).build();
                VqzContainer.Builder b = VqzContainer.builder().header(header);
                byte[][] tiles = new byte[header.tileCount()][];
                for (int i = 0; i < tiles.length; i++) {
                    tiles[i] = new byte[r.nextInt(50)];
                    r.nextBytes(tiles[i]);
                    b.tilePayload(i, tiles[i]);
                }
                byte[] alpha = null;
                if (layout.hasAlpha()) {
                    alpha = new byte[w * h];
                    if (n % 2 == 0) {
                        r.nextBytes(alpha);
                    } else {
                        java.util.Arrays.fill(alpha, (byte) 255);
                    }
                    b.alpha(alpha);
                }
                VqzContainer c = VqzReaderTest.read(GoldenFiles.bytes(b.build()));
                assertEquals(header, c.header());
                assertArrayEquals(alpha, c.alpha());
                for (int i = 0; i < tiles.length; i++) {
                    assertArrayEquals(tiles[i], c.tilePayload(i));
                }
            }
        }
    }

    @Test
    void passesStreamFailuresThrough() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("full");
            }
        };
        assertThrows(IOException.class, () -> VqzWriter.write(GoldenFiles.minimalGrey(), failing));
    }
}
