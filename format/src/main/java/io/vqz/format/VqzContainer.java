package io.vqz.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The content of a {@code .vqz} file: the header, metadata, the optional alpha plane and one entropy-coded
 * payload per tile of the code grid. Build one with {@link #builder()} to write it with {@link VqzWriter}, or
 * get one from {@link VqzReader#read}.
 * <p>
 * Immutable and thread-safe: arrays are copied in and out, so tiles can be fetched by many threads at once.
 *
 * @since 0.1
 */
public final class VqzContainer implements VqzTiles {

    private final VqzHeader header;
    private final VqzMetadata metadata;
    private final byte[] alpha;
    private final byte[] alphaChunk;
    private final byte[] tileData;
    private final TileTable table;
    private final List<ChunkInfo> chunks;

    VqzContainer(VqzHeader header, VqzMetadata metadata, byte[] alpha, byte[] alphaChunk, byte[] tileData,
            TileTable table, List<ChunkInfo> chunks) {
        this.header = header;
        this.metadata = metadata;
        this.alpha = alpha;
        this.alphaChunk = alphaChunk;
        this.tileData = tileData;
        this.table = table;
        this.chunks = List.copyOf(chunks);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this container's header, metadata, alpha and tile payloads. */
    public Builder toBuilder() {
        Builder b = new Builder().header(header).metadata(metadata).alpha(alpha);
        for (int i = 0; i < header.tileCount(); i++) {
            b.tiles[i] = tilePayload(i);
        }
        return b;
    }

    /** The header. */
    public VqzHeader header() {
        return header;
    }

    /** The metadata, {@link VqzMetadata#EMPTY} when there is none. */
    public VqzMetadata metadata() {
        return metadata;
    }

    /**
     * The alpha plane, {@code width * height} bytes in raster order (0 transparent, 255 opaque), as a new
     * copy; {@code null} when the colour layout has no alpha.
     */
    public byte[] alpha() {
        return alpha == null ? null : alpha.clone();
    }

    /**
     * The entropy-coded bytes of tile {@code index} (a new copy). Tiles are numbered in raster order over the
     * tile grid; see {@link VqzHeader#tileX(int)}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..tileCount-1}
     */
    public byte[] tilePayload(int index) {
        Objects.checkIndex(index, header.tileCount());
        return Arrays.copyOfRange(tileData, table.offsets[index], table.offsets[index + 1]);
    }

    /** The length in bytes of tile {@code index}'s payload. */
    public int tilePayloadLength(int index) {
        Objects.checkIndex(index, header.tileCount());
        return table.offsets[index + 1] - table.offsets[index];
    }

    /** The total length of all tile payloads (the {@code TDAT} chunk's data). */
    public int tileDataLength() {
        return tileData.length;
    }

    /**
     * The chunks with their offsets and lengths: for a container from {@link VqzReader#read}, every chunk
     * read, skipped unknown ones included; for a built container, the chunks {@link VqzWriter} writes.
     */
    public List<ChunkInfo> chunks() {
        return chunks;
    }

    // For the writer, without copies.
    byte[] alphaChunk() {
        return alphaChunk;
    }

    byte[] tileData() {
        return tileData;
    }

    TileTable table() {
        return table;
    }

    @Override
    public String toString() {
        return "VqzContainer[" + header + ", " + metadata + ", alpha=" + (alpha != null) + ", "
                + header.tileCount() + " tiles, " + tileData.length + " bytes]";
    }

    /**
     * Builds {@link VqzContainer}: set the header, then every tile payload; alpha is required exactly when
     * the header's colour layout has alpha. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private VqzHeader header;
        private VqzMetadata metadata = VqzMetadata.EMPTY;
        private byte[] alpha;
        private byte[][] tiles = new byte[0][];

        private Builder() {
        }

        /** @param header the header; sets the number of tiles (keeping payloads already set if it is equal) */
        public Builder header(VqzHeader header) {
            this.header = Objects.requireNonNull(header, "header");
            if (tiles.length != header.tileCount()) {
                tiles = new byte[header.tileCount()][];
            }
            return this;
        }

        /** @param metadata the metadata; {@code null} means none */
        public Builder metadata(VqzMetadata metadata) {
            this.metadata = metadata == null ? VqzMetadata.EMPTY : metadata;
            return this;
        }

        /** @param alpha the alpha plane, {@code width * height} bytes (copied), or {@code null} */
        public Builder alpha(byte[] alpha) {
            this.alpha = alpha == null ? null : alpha.clone();
            return this;
        }

        /**
         * @param index   tile index, {@code 0..tileCount-1} of the header set before
         * @param payload its entropy-coded bytes (copied when built)
         */
        public Builder tilePayload(int index, byte[] payload) {
            if (header == null) {
                throw new IllegalStateException("set the header before the tiles");
            }
            Objects.checkIndex(index, tiles.length);
            tiles[index] = Objects.requireNonNull(payload, "payload");
            return this;
        }

        /** @param payloads every tile's bytes in tile order; their number must equal the header's tile count */
        public Builder tilePayloads(List<byte[]> payloads) {
            if (header == null) {
                throw new IllegalStateException("set the header before the tiles");
            }
            if (payloads.size() != tiles.length) {
                throw new IllegalArgumentException(payloads.size() + " payloads for " + tiles.length + " tiles");
            }
            for (int i = 0; i < tiles.length; i++) {
                tilePayload(i, payloads.get(i));
            }
            return this;
        }

        /**
         * The container; compresses the alpha plane.
         *
         * @throws IllegalStateException    if the header or a tile payload is missing
         * @throws IllegalArgumentException if alpha is missing, superfluous or of the wrong size, or the
         *                                  payloads total more than 2^31 - 1 bytes
         */
        public VqzContainer build() {
            if (header == null) {
                throw new IllegalStateException("header not set");
            }
            int w = header.width();
            int h = header.height();
            if (header.colourLayout().hasAlpha() != (alpha != null)) {
                throw new IllegalArgumentException(alpha == null ? "colour layout " + header.colourLayout()
                        + " needs an alpha plane" : "colour layout " + header.colourLayout() + " has no alpha");
            }
            if (alpha != null && alpha.length != (long) w * h) {
                throw new IllegalArgumentException("alpha plane has " + alpha.length + " bytes, not " + w + "x" + h);
            }
            int[] offsets = new int[tiles.length + 1];
            long total = 0;
            for (int i = 0; i < tiles.length; i++) {
                if (tiles[i] == null) {
                    throw new IllegalStateException("payload of tile " + i + " not set");
                }
                total += tiles[i].length;
                if (total > Chunks.MAX_LENGTH) {
                    throw new IllegalArgumentException("tile payloads exceed " + Chunks.MAX_LENGTH + " bytes");
                }
                offsets[i + 1] = (int) total;
            }
            byte[] data = new byte[(int) total];
            for (int i = 0; i < tiles.length; i++) {
                System.arraycopy(tiles[i], 0, data, offsets[i], tiles[i].length);
            }
            byte[] alphaChunk = alpha == null ? null : AlphaCodec.encode(alpha, w, h);
            TileTable table = TileTable.of(data, offsets);
            List<ChunkInfo> chunks = new ArrayList<>();
            long pos = VqzFormat.MAGIC_LENGTH;
            pos = add(chunks, Chunks.HEADER, HeaderCodec.encode(header).length, pos);
            if (metadata.iccRaw() != null) {
                pos = add(chunks, Chunks.ICC, metadata.iccRaw().length, pos);
            }
            if (metadata.exifRaw() != null) {
                pos = add(chunks, Chunks.EXIF, metadata.exifRaw().length, pos);
            }
            if (metadata.xmpRaw() != null) {
                pos = add(chunks, Chunks.XMP, metadata.xmpRaw().length, pos);
            }
            if (alphaChunk != null) {
                pos = add(chunks, Chunks.ALPHA, alphaChunk.length, pos);
            }
            pos = add(chunks, Chunks.TILE_TABLE, TileTable.length(tiles.length), pos);
            pos = add(chunks, Chunks.TILE_DATA, total, pos);
            add(chunks, Chunks.END, 0, pos);
            return new VqzContainer(header, metadata, alpha, alphaChunk, data, table, chunks);
        }

        private static long add(List<ChunkInfo> chunks, String type, long length, long pos) {
            chunks.add(new ChunkInfo(type, pos, length));
            return pos + length + 12;
        }
    }
}
