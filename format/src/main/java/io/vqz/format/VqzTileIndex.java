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
    /** Per layer: its tile table and where its {@code TDAT} data starts. */
    private final TileTable[] tables;
    private final long base;
    private final long[] tileDataOffsets;
    private final List<ChunkInfo> chunks;

    private final VqzTruncatedException truncation;
    private final int declaredLayers;

    VqzTileIndex(VqzHeader header, VqzMetadata metadata, byte[] alpha, TileTable[] tables, long base,
            long[] tileDataOffsets, List<ChunkInfo> chunks, VqzTruncatedException truncation, int declaredLayers) {
        this.truncation = truncation;
        this.declaredLayers = declaredLayers;
        this.header = header;
        this.metadata = metadata;
        this.alpha = alpha;
        this.tables = tables;
        this.base = base;
        this.tileDataOffsets = tileDataOffsets;
        this.chunks = List.copyOf(chunks);
    }

    /** Why the file holds fewer layers than declared (read by {@link VqzReader#readIndexAvailable}). @since 0.8 */
    public java.util.Optional<VqzTruncatedException> truncation() {
        return java.util.Optional.ofNullable(truncation);
    }

    /** The layers the file's header declared. @since 0.8 */
    public int declaredLayers() {
        return declaredLayers;
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

    /** Where tile {@code index}'s payload in the base layer starts, in bytes from the first byte of the signature. */
    public long tileOffset(int index) {
        return tileOffset(0, index);
    }

    /**
     * Where tile {@code index}'s payload in code layer {@code layer} starts, in bytes from the first byte of the
     * signature.
     *
     * @since 0.3
     */
    public long tileOffset(int layer, int index) {
        Objects.checkIndex(layer, header.layers());
        Objects.checkIndex(index, header.tileCount());
        return tileDataOffsets[layer] + tables[layer].offsets[index];
    }

    /** The length in bytes of tile {@code index}'s payload in the base layer. */
    public int tilePayloadLength(int index) {
        return tilePayloadLength(0, index);
    }

    /**
     * The length in bytes of tile {@code index}'s payload in code layer {@code layer}.
     *
     * @since 0.3
     */
    public int tilePayloadLength(int layer, int index) {
        Objects.checkIndex(layer, header.layers());
        Objects.checkIndex(index, header.tileCount());
        return tables[layer].offsets[index + 1] - tables[layer].offsets[index];
    }

    /**
     * Where code layer {@code layers - 1}'s {@code TDAT} chunk ends (after its CRC), in bytes from the first byte
     * of the signature: the file cut there and closed with {@code VEND} holds the first {@code layers} layers.
     */
    long layerEnd(int layers) {
        return tileDataOffsets[layers - 1] + tables[layers - 1].offsets[header.tileCount()] + 4;
    }

    long base() {
        return base;
    }

    /**
     * Reads tile {@code index}'s payload from {@code channel} (the one the index was read from) and checks its
     * CRC. The channel's position is changed.
     *
     * @throws VqzFormatException if the file ends early or the tile's CRC does not match
     * @throws IOException        if the channel fails
     */
    public byte[] readTilePayload(SeekableByteChannel channel, int index) throws IOException {
        return readTilePayload(channel, 0, index);
    }

    /**
     * Reads tile {@code index}'s payload in code layer {@code layer} from {@code channel} (the one the index was
     * read from) and checks its CRC. The channel's position is changed.
     *
     * @throws VqzFormatException if the file ends early or the tile's CRC does not match
     * @throws IOException        if the channel fails
     * @since 0.3
     */
    public byte[] readTilePayload(SeekableByteChannel channel, int layer, int index) throws IOException {
        long offset = tileOffset(layer, index);
        byte[] payload = new byte[tilePayloadLength(layer, index)];
        ByteBuffer buf = ByteBuffer.wrap(payload);
        synchronized (channel) {
            channel.position(base + offset);
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) {
                    throw new VqzFormatException("truncated: " + tileName(layer, index) + " ends after " + buf.position()
                            + " of " + payload.length + " bytes", offset + buf.position());
                }
            }
        }
        int crc = TileTable.crc(payload, 0, payload.length);
        int expected = tables[layer].crcs[index];
        if (crc != expected) {
            throw new VqzFormatException(String.format("%s CRC mismatch: table says %08x, data has %08x",
                    tileName(layer, index), expected, crc), offset);
        }
        return payload;
    }

    private static String tileName(int layer, int index) {
        return layer == 0 ? "tile " + index : "tile " + index + " of layer " + layer;
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

            @Override
            public byte[] tilePayload(int layer, int i) throws IOException {
                return readTilePayload(channel, layer, i);
            }

            @Override
            public java.util.Optional<VqzTruncatedException> truncation() {
                return index.truncation();
            }

            @Override
            public int declaredLayers() {
                return declaredLayers;
            }
        };
    }

    @Override
    public String toString() {
        return "VqzTileIndex[" + header + ", tile data at " + java.util.Arrays.toString(tileDataOffsets) + "]";
    }
}
