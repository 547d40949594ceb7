package io.vqz.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The content of a {@code .vqz} file: the header, metadata, the optional alpha plane and, for each code layer,
 * one entropy-coded payload per tile of the code grid. Build one with {@link #builder()} to write it with {@link VqzWriter}, or
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
    /** Per layer: the {@code TDAT} data and its table. */
    private final byte[][] tileData;
    private final TileTable[] tables;
    private final List<ChunkInfo> chunks;
    private final VqzTruncatedException truncation;
    private final int declaredLayers;

    VqzContainer(VqzHeader header, VqzMetadata metadata, byte[] alpha, byte[] alphaChunk, byte[][] tileData,
            TileTable[] tables, List<ChunkInfo> chunks) {
        this(header, metadata, alpha, alphaChunk, tileData, tables, chunks, null, header.layers());
    }

    VqzContainer(VqzHeader header, VqzMetadata metadata, byte[] alpha, byte[] alphaChunk, byte[][] tileData,
            TileTable[] tables, List<ChunkInfo> chunks, VqzTruncatedException truncation, int declaredLayers) {
        this.truncation = truncation;
        this.declaredLayers = declaredLayers;
        this.header = header;
        this.metadata = metadata;
        this.alpha = alpha;
        this.alphaChunk = alphaChunk;
        this.tileData = tileData;
        this.tables = tables;
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public java.util.Optional<VqzTruncatedException> truncation() {
        return java.util.Optional.ofNullable(truncation);
    }

    @Override
    public int declaredLayers() {
        return declaredLayers;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this container's header, metadata, alpha and tile payloads. */
    public Builder toBuilder() {
        Builder b = new Builder().header(header).metadata(metadata).alpha(alpha);
        for (int l = 0; l < header.layers(); l++) {
            for (int i = 0; i < header.tileCount(); i++) {
                b.tiles[l][i] = tilePayload(l, i);
            }
        }
        return b;
    }

    /**
     * This container with only its first {@code layers} code layers, the header's layer count changed to match:
     * what {@link VqzWriter#trim} writes. Decoding it gives exactly what decoding this container with
     * {@code layers} layers gives.
     *
     * @param layers 1..{@code header().layers()}
     * @throws IllegalArgumentException if {@code layers} is out of range
     * @since 0.3
     */
    public VqzContainer trim(int layers) {
        if (layers < 1 || layers > header.layers()) {
            throw new IllegalArgumentException("cannot keep " + layers + " of " + header.layers() + " layers");
        }
        VqzHeader h = header.toBuilder().layers(layers).build();
        return new Builder().metadata(metadata).alpha(alpha).build(h, Arrays.copyOf(tileData, layers),
                Arrays.copyOf(tables, layers), alphaChunk);
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
    @Override
    public byte[] tilePayload(int index) {
        return tilePayload(0, index);
    }

    /**
     * The entropy-coded bytes of tile {@code index} of code layer {@code layer} (a new copy).
     *
     * @throws IndexOutOfBoundsException if {@code layer} or {@code index} is out of range
     * @since 0.3
     */
    @Override
    public byte[] tilePayload(int layer, int index) {
        Objects.checkIndex(layer, header.layers());
        Objects.checkIndex(index, header.tileCount());
        int[] offsets = tables[layer].offsets;
        return Arrays.copyOfRange(tileData[layer], offsets[index], offsets[index + 1]);
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

    /** The total length of the base layer's tile payloads (its {@code TDAT} chunk's data). */
    public int tileDataLength() {
        return tileData[0].length;
    }

    /**
     * The total length of code layer {@code layer}'s tile payloads (its {@code TDAT} chunk's data).
     *
     * @since 0.3
     */
    public int tileDataLength(int layer) {
        Objects.checkIndex(layer, header.layers());
        return tileData[layer].length;
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

    byte[] tileData(int layer) {
        return tileData[layer];
    }

    TileTable table(int layer) {
        return tables[layer];
    }

    @Override
    public String toString() {
        long bytes = 0;
        for (byte[] d : tileData) {
            bytes += d.length;
        }
        return "VqzContainer[" + header + ", " + metadata + ", alpha=" + (alpha != null) + ", "
                + header.tileCount() + " tiles, " + bytes + " bytes]";
    }

    /**
     * Builds {@link VqzContainer}: set the header, then every tile payload of every layer; alpha is required
     * exactly when the header's colour layout has alpha. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private VqzHeader header;
        private VqzMetadata metadata = VqzMetadata.EMPTY;
        private byte[] alpha;
        /** [layer][tile] */
        private byte[][][] tiles = new byte[0][0][];

        private Builder() {
        }

        /**
         * @param header the header; sets the number of layers and tiles (keeping payloads already set if they
         *               are equal)
         */
        public Builder header(VqzHeader header) {
            this.header = Objects.requireNonNull(header, "header");
            if (tiles.length != header.layers() || tiles[0].length != header.tileCount()) {
                tiles = new byte[header.layers()][header.tileCount()][];
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
         * @param index   tile index of the base layer, {@code 0..tileCount-1} of the header set before
         * @param payload its entropy-coded bytes (copied when built)
         */
        public Builder tilePayload(int index, byte[] payload) {
            return tilePayload(0, index, payload);
        }

        /**
         * @param layer   code layer, {@code 0..layers-1} of the header set before
         * @param index   tile index, {@code 0..tileCount-1}
         * @param payload its entropy-coded bytes (copied when built)
         * @since 0.3
         */
        public Builder tilePayload(int layer, int index, byte[] payload) {
            if (header == null) {
                throw new IllegalStateException("set the header before the tiles");
            }
            Objects.checkIndex(layer, tiles.length);
            Objects.checkIndex(index, tiles[layer].length);
            tiles[layer][index] = Objects.requireNonNull(payload, "payload");
            return this;
        }

        /** @param payloads the base layer's tile bytes in tile order; as many as the header's tile count */
        public Builder tilePayloads(List<byte[]> payloads) {
            return tilePayloads(0, payloads);
        }

        /**
         * @param layer    code layer, {@code 0..layers-1}
         * @param payloads that layer's tile bytes in tile order; as many as the header's tile count
         * @since 0.3
         */
        public Builder tilePayloads(int layer, List<byte[]> payloads) {
            if (header == null) {
                throw new IllegalStateException("set the header before the tiles");
            }
            Objects.checkIndex(layer, tiles.length);
            if (payloads.size() != tiles[layer].length) {
                throw new IllegalArgumentException(payloads.size() + " payloads for " + tiles[layer].length
                        + " tiles");
            }
            for (int i = 0; i < payloads.size(); i++) {
                tilePayload(layer, i, payloads.get(i));
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
            byte[][] data = new byte[tiles.length][];
            TileTable[] tables = new TileTable[tiles.length];
            for (int l = 0; l < tiles.length; l++) {
                byte[][] layer = tiles[l];
                int[] offsets = new int[layer.length + 1];
                long total = 0;
                for (int i = 0; i < layer.length; i++) {
                    if (layer[i] == null) {
                        throw new IllegalStateException("payload of tile " + i + " of layer " + l + " not set");
                    }
                    total += layer[i].length;
                    if (total > Chunks.MAX_LENGTH) {
                        throw new IllegalArgumentException("tile payloads of layer " + l + " exceed "
                                + Chunks.MAX_LENGTH + " bytes");
                    }
                    offsets[i + 1] = (int) total;
                }
                data[l] = new byte[(int) total];
                for (int i = 0; i < layer.length; i++) {
                    System.arraycopy(layer[i], 0, data[l], offsets[i], layer[i].length);
                }
                tables[l] = TileTable.of(data[l], offsets);
            }
            return build(header, data, tables, alpha == null ? null : AlphaCodec.encode(alpha, w, h));
        }

        private VqzContainer build(VqzHeader header, byte[][] data, TileTable[] tables, byte[] alphaChunk) {
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
            for (byte[] layer : data) {
                pos = add(chunks, Chunks.TILE_TABLE, TileTable.length(header.tileCount()), pos);
                pos = add(chunks, Chunks.TILE_DATA, layer.length, pos);
            }
            add(chunks, Chunks.END, 0, pos);
            return new VqzContainer(header, metadata, alpha, alphaChunk, data, tables, chunks);
        }

        private static long add(List<ChunkInfo> chunks, String type, long length, long pos) {
            chunks.add(new ChunkInfo(type, pos, length));
            return pos + length + 12;
        }
    }
}
