package io.vqz.format;

/**
 * Caps on the sizes a {@code .vqz} input may declare. {@link VqzReader} checks every declared size against
 * these limits <em>before</em> allocating anything for it and throws {@link VqzLimitException} when one is
 * exceeded; data is then read in bounded steps, so a truncated input never causes more allocation than the
 * bytes it actually holds (plus one step).
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VqzLimits {

    /** Default pixel cap: 256 megapixels (2^28 = 268,435,456, e.g. 16384 x 16384). */
    public static final long DEFAULT_MAX_PIXELS = 1L << 28;
    /** Default cap on the number of tiles: 2^20. */
    public static final int DEFAULT_MAX_TILES = 1 << 20;
    /** Default cap on the tile data ({@code TDAT}) and on the compressed alpha ({@code ALPH}): 1 GiB each. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 30;
    /** Default cap on each metadata chunk (ICC, EXIF, XMP) and each skipped unknown chunk: 64 MiB. */
    public static final int DEFAULT_MAX_METADATA_BYTES = 64 << 20;
    /** Default cap on the number of chunks in one file: 4096. */
    public static final int DEFAULT_MAX_CHUNKS = 4096;

    /** The defaults listed above. */
    public static final VqzLimits DEFAULT = builder().build();

    private final long maxPixels;
    private final int maxTiles;
    private final int maxPayloadBytes;
    private final int maxMetadataBytes;
    private final int maxChunks;

    private VqzLimits(Builder b) {
        this.maxPixels = b.maxPixels;
        this.maxTiles = b.maxTiles;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxMetadataBytes = b.maxMetadataBytes;
        this.maxChunks = b.maxChunks;
    }

    /** A builder initialised with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these limits. */
    public Builder toBuilder() {
        return new Builder().maxPixels(maxPixels).maxTiles(maxTiles).maxPayloadBytes(maxPayloadBytes)
                .maxMetadataBytes(maxMetadataBytes).maxChunks(maxChunks);
    }

    /** The largest accepted width x height. */
    public long maxPixels() {
        return maxPixels;
    }

    /** The largest accepted tile count. */
    public int maxTiles() {
        return maxTiles;
    }

    /** The largest accepted {@code TDAT} length and {@code ALPH} length, in bytes. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The largest accepted length of one metadata chunk or skipped unknown chunk, in bytes. */
    public int maxMetadataBytes() {
        return maxMetadataBytes;
    }

    /** The largest accepted number of chunks, end chunk included. */
    public int maxChunks() {
        return maxChunks;
    }

    @Override
    public String toString() {
        return "VqzLimits[maxPixels=" + maxPixels + ", maxTiles=" + maxTiles + ", maxPayloadBytes="
                + maxPayloadBytes + ", maxMetadataBytes=" + maxMetadataBytes + ", maxChunks=" + maxChunks + "]";
    }

    /**
     * Builds {@link VqzLimits}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private int maxTiles = DEFAULT_MAX_TILES;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private int maxMetadataBytes = DEFAULT_MAX_METADATA_BYTES;
        private int maxChunks = DEFAULT_MAX_CHUNKS;

        private Builder() {
        }

        /** @param maxPixels the largest accepted width x height, at least 1 */
        public Builder maxPixels(long maxPixels) {
            this.maxPixels = positive(maxPixels, "maxPixels");
            return this;
        }

        /** @param maxTiles the largest accepted tile count, at least 1 */
        public Builder maxTiles(int maxTiles) {
            this.maxTiles = (int) positive(maxTiles, "maxTiles");
            return this;
        }

        /** @param maxPayloadBytes the largest accepted tile data or compressed alpha, at least 1 */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = (int) positive(maxPayloadBytes, "maxPayloadBytes");
            return this;
        }

        /** @param maxMetadataBytes the largest accepted metadata chunk, at least 1 */
        public Builder maxMetadataBytes(int maxMetadataBytes) {
            this.maxMetadataBytes = (int) positive(maxMetadataBytes, "maxMetadataBytes");
            return this;
        }

        /** @param maxChunks the largest accepted number of chunks; at least 4 (a minimal file has 4) */
        public Builder maxChunks(int maxChunks) {
            if (maxChunks < 4) {
                throw new IllegalArgumentException("maxChunks must be at least 4: " + maxChunks);
            }
            this.maxChunks = maxChunks;
            return this;
        }

        /** The limits. */
        public VqzLimits build() {
            return new VqzLimits(this);
        }

        private static long positive(long value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
