package io.vqz.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Objects;

/**
 * Everything in a {@code .vqz} file except the tile payloads, plus where each payload lies, from
 * {@link VqzReader#readIndex}: for decoding a region of a large file without reading the other tiles.
 * <p>
 * Immutable and thread-safe. {@link #readTilePayload} may be called from several threads on one channel; it
 * holds the channel's lock while it seeks and reads.
 *
 * @since 0.1
 */
public final class VqzTileIndex {

    private final VqzHeader header;
    private final VqzMetadata metadata;
    private final byte[] alpha;
    private final TileTable table;
    private final long base;
    private final long tileDataOffset;
    private final List<ChunkInfo> chunks;

    VqzTileIndex(VqzHeader header, VqzMetadata metadata, byte[] alpha, TileTable table, long base,
            long tileDataOffset, List<ChunkInfo> chunks) {
        this.header = header;
        this.metadata = metadata;
        this.alpha = alpha;
        this.table = table;
        this.base = base;
        this.tileDataOffset = tileDataOffset;
        this.chunks = List.copyOf(chunks);
    }

    /** The header. */
    public VqzHeader header() {
        return header;
    }

    /** The metadata, {@link VqzMetadata#EMPTY} when there is none. */
    public VqzMetadata metadata() {
        return metadata;
    }

    /** The alpha plane ({@code width * height} bytes, a new copy), or {@code null} without alpha. */
    public byte[] alpha() {
        return alpha == null ? null : alpha.clone();
    }

    /** The chunks of the file, as in {@link VqzContainer#chunks()}. */
    public List<ChunkInfo> chunks() {
        return chunks;
    }

    /** Where tile {@code index}'s payload starts, in bytes from the first byte of the signature. */
    public long tileOffset(int index) {
        Objects.checkIndex(index, header.tileCount());
        return tileDataOffset + table.offsets[index];
    }

    /** The length in bytes of tile {@code index}'s payload. */
    public int tilePayloadLength(int index) {
        Objects.checkIndex(index, header.tileCount());
        return table.offsets[index + 1] - table.offsets[index];
    }

    /**
     * Reads tile {@code index}'s payload from {@code channel} (the one the index was read from) and checks its
     * CRC. The channel's position is changed.
     *
     * @throws VqzFormatException if the file ends early or the tile's CRC does not match
     * @throws IOException        if the channel fails
     */
    public byte[] readTilePayload(SeekableByteChannel channel, int index) throws IOException {
        long offset = tileOffset(index);
        byte[] payload = new byte[tilePayloadLength(index)];
        ByteBuffer buf = ByteBuffer.wrap(payload);
        synchronized (channel) {
            channel.position(base + offset);
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) {
                    throw new VqzFormatException("truncated: tile " + index + " ends after " + buf.position()
                            + " of " + payload.length + " bytes", offset + buf.position());
                }
            }
        }
        int crc = TileTable.crc(payload, 0, payload.length);
        if (crc != table.crcs[index]) {
            throw new VqzFormatException(String.format("tile %d CRC mismatch: table says %08x, data has %08x",
                    index, table.crcs[index], crc), offset);
        }
        return payload;
    }

    /**
     * The file's tiles as a decoder takes them, each payload read from {@code channel} (the one the index was read
     * from) when it is asked for, CRC checked.
     *
     * @since 0.2
     */
    public VqzTiles tiles(SeekableByteChannel channel) {
        Objects.requireNonNull(channel, "channel");
        VqzTileIndex index = this;
        return new VqzTiles() {
            @Override
            public VqzHeader header() {
                return header;
            }

            @Override
            public VqzMetadata metadata() {
                return metadata;
            }

            @Override
            public byte[] alpha() {
                return index.alpha();
            }

            @Override
            public byte[] tilePayload(int i) throws IOException {
                return readTilePayload(channel, i);
            }
        };
    }

    @Override
    public String toString() {
        return "VqzTileIndex[" + header + ", tile data at " + tileDataOffset + "]";
    }
}
