package io.vqz.format;

import java.util.zip.CRC32;

/**
 * The {@code TTBL} chunk: u32 tile count, then per tile u32 offset, u32 length and u32 CRC-32 of its bytes in
 * the {@code TDAT} data. Ranges must be contiguous from 0 in tile order and cover the {@code TDAT} data.
 */
final class TileTable {
    static final int ENTRY_LENGTH = 12;

    /** {@code offsets[i]} is where tile i starts; {@code offsets[n]} is the total length. */
    final int[] offsets;
    final int[] crcs;

    TileTable(int[] offsets, int[] crcs) {
        this.offsets = offsets;
        this.crcs = crcs;
    }

    static long length(int tileCount) {
        return 4 + (long) ENTRY_LENGTH * tileCount;
    }

    static TileTable of(byte[] tileData, int[] offsets) {
        int n = offsets.length - 1;
        int[] crcs = new int[n];
        for (int i = 0; i < n; i++) {
            crcs[i] = crc(tileData, offsets[i], offsets[i + 1] - offsets[i]);
        }
        return new TileTable(offsets, crcs);
    }

    static int crc(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    byte[] encode() {
        int n = crcs.length;
        byte[] b = new byte[(int) length(n)];
        Chunks.put32(b, 0, n);
        for (int i = 0; i < n; i++) {
            int e = 4 + ENTRY_LENGTH * i;
            Chunks.put32(b, e, offsets[i]);
            Chunks.put32(b, e + 4, offsets[i + 1] - offsets[i]);
            Chunks.put32(b, e + 8, crcs[i] & 0xFFFFFFFFL);
        }
        return b;
    }

    /**
     * @param b    the chunk data, whose length the reader has checked to be {@code length(tileCount)}
     * @param base file offset of {@code b[0]}
     */
    static TileTable decode(byte[] b, int tileCount, long base) throws VqzFormatException {
        long n = Chunks.u32(b, 0);
        if (n != tileCount) {
            throw new VqzFormatException("tile table lists " + n + " tiles but the header declares "
                    + tileCount, base);
        }
        int[] offsets = new int[tileCount + 1];
        int[] crcs = new int[tileCount];
        long expected = 0;
        for (int i = 0; i < tileCount; i++) {
            int e = 4 + ENTRY_LENGTH * i;
            long offset = Chunks.u32(b, e);
            long length = Chunks.u32(b, e + 4);
            if (offset < expected) {
                throw new VqzFormatException("tile " + i + " range [" + offset + ", " + (offset + length)
                        + ") overlaps the previous tile, which ends at " + expected, base + e);
            }
            if (offset > expected) {
                throw new VqzFormatException("tile " + i + " starts at " + offset + ": bytes " + expected + ".."
                        + (offset - 1) + " of the tile data belong to no tile", base + e);
            }
            expected = offset + length;
            if (expected > Chunks.MAX_LENGTH) {
                throw new VqzFormatException("tile " + i + " ends at " + expected + ", beyond the largest "
                        + "chunk length " + Chunks.MAX_LENGTH, base + e + 4);
            }
            offsets[i] = (int) offset;
            crcs[i] = (int) Chunks.u32(b, e + 8);
        }
        offsets[tileCount] = (int) expected;
        return new TileTable(offsets, crcs);
    }

    /**
     * Checks every tile's CRC against the tile data.
     *
     * @param base file offset of {@code data[0]}
     */
    void verify(byte[] data, long base) throws VqzFormatException {
        for (int i = 0; i < crcs.length; i++) {
            int actual = crc(data, offsets[i], offsets[i + 1] - offsets[i]);
            if (actual != crcs[i]) {
                throw new VqzFormatException(String.format("tile %d CRC mismatch: table says %08x, data has %08x",
                        i, crcs[i], actual), base + offsets[i]);
            }
        }
    }
}
