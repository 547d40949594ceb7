package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileTableTest {
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6};
    private static final int[] OFFSETS = {0, 2, 2, 6};

    @Test
    void roundTrips() throws Exception {
        TileTable t = TileTable.of(DATA, OFFSETS);
        byte[] encoded = t.encode();
        assertEquals(TileTable.length(3), encoded.length);
        TileTable back = TileTable.decode(encoded, 3, 100);
        assertArrayEquals(OFFSETS, back.offsets);
        assertArrayEquals(t.crcs, back.crcs);
        back.verify(DATA, 0);
        assertEquals(TileTable.crc(new byte[0], 0, 0), back.crcs[1]);
    }

    @Test
    void rejectsRangesBeyondTheLargestChunk() {
        byte[] encoded = TileTable.of(DATA, OFFSETS).encode();
        Chunks.put32(encoded, 4 + 12 * 2 + 4, 0xFFFFFFF0L);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> TileTable.decode(encoded, 3, 100));
        assertTrue(e.problem().contains("tile 2 ends at"), e::getMessage);
        assertEquals(100 + 4 + 24 + 4, e.offset());
    }

    @Test
    void detectsDamagedTiles() throws Exception {
        TileTable t = TileTable.decode(TileTable.of(DATA, OFFSETS).encode(), 3, 0);
        byte[] damaged = DATA.clone();
        damaged[5] = 0;
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> t.verify(damaged, 1000));
        assertTrue(e.problem().startsWith("tile 2 CRC mismatch"), e::getMessage);
        assertEquals(1002, e.offset());
    }
}
