package io.vqz.format;

/**
 * Caps on the sizes a {@code .vqz} input may declare. {@link VqzReader} checks every declared size against
 * these limits <em>before</em> allocating anything for it and throws {@link VqzLimitException} when one is
 * exceeded; data is then read in bounded steps, so a truncated input never causes more allocation than the
 * bytes it actually holds (plus one step).
 * <p>
 * A decoder checks the memory its output will take against {@link #memoryBudget()} before allocating it
 * ({@link #checkMemory}): by default the heap the JVM can still give, or a fixed number of bytes set with
 * {@link Builder#maxMemoryBytes(long)}. A tiny file declaring a huge image then fails with a
 * {@link VqzLimitException} instead of an {@link OutOfMemoryError}.
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

    /** {@link #maxMemoryBytes()} of the defaults: no fixed budget, the heap the JVM can still give. */
    public static final long JVM_HEAP = 0;

    /** The defaults listed above. */
    public static final VqzLimits DEFAULT = builder().build();

    private final long maxPixels;
    private final int maxTiles;
    private final int maxPayloadBytes;
    private final int maxMetadataBytes;
    private final int maxChunks;
    private final long maxMemoryBytes;

    private VqzLimits(Builder b) {
        this.maxPixels = b.maxPixels;
        this.maxTiles = b.maxTiles;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxMetadataBytes = b.maxMetadataBytes;
        this.maxChunks = b.maxChunks;
        this.maxMemoryBytes = b.maxMemoryBytes;
    }

    /** A builder initialised with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these limits. */
    public Builder toBuilder() {
        return new Builder().maxPixels(maxPixels).maxTiles(maxTiles).maxPayloadBytes(maxPayloadBytes)
                .maxMetadataBytes(maxMetadataBytes).maxChunks(maxChunks).maxMemoryBytes(maxMemoryBytes);
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

    /**
     * The fixed memory budget of one decode in bytes, or {@link #JVM_HEAP} (0) for the heap the JVM can still give.
     *
     * @since 0.2
     */
    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /**
     * The bytes one decode may allocate now: {@link #maxMemoryBytes()} if set, else the JVM's maximum heap less
     * what is in use (garbage included, so it can only err on the safe side).
     *
     * @since 0.2
     */
    public long memoryBudget() {
        if (maxMemoryBytes != JVM_HEAP) {
            return maxMemoryBytes;
        }
        Runtime rt = Runtime.getRuntime();
        return Math.max(0, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
    }

    /**
     * Checks that an allocation of {@code bytes} fits the budget, before it is made. With the JVM's heap as the
     * budget, a request that does not fit what is free asks for one garbage collection and looks again, so
     * garbage alone never refuses a decode.
     *
     * @param what   what needs the memory, for the message, e.g. {@code "decoding the 16384 x 16384 RGB image"}
     * @param bytes  the bytes it needs
     * @throws VqzLimitException if it does not fit; the message names the budget and how to raise it
     * @since 0.2
     */
    public void checkMemory(String what, long bytes) throws VqzLimitException {
        if (bytes <= memoryBudget()) {
            return;
        }
        if (maxMemoryBytes == JVM_HEAP) {
            System.gc();
            long budget = memoryBudget();
            if (bytes <= budget) {
                return;
            }
            throw new VqzLimitException(what + " needs " + mib(bytes) + ", more than the " + mib(budget)
                    + " the Java heap can still give (maximum heap " + mib(Runtime.getRuntime().maxMemory())
                    + "); raise the heap with -Xmx (for the vqz command: VQZ_JAVA_OPTS=-Xmx8g), or decode a "
                    + "region or a reduced preview", bytes, budget);
        }
        throw new VqzLimitException(what + " needs " + mib(bytes) + ", more than the memory budget "
                + mib(maxMemoryBytes) + " set in VqzLimits; raise it with VqzLimits.Builder.maxMemoryBytes, or "
                + "decode a region or a reduced preview", bytes, maxMemoryBytes);
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Override
    public String toString() {
        return "VqzLimits[maxPixels=" + maxPixels + ", maxTiles=" + maxTiles + ", maxPayloadBytes="
                + maxPayloadBytes + ", maxMetadataBytes=" + maxMetadataBytes + ", maxChunks=" + maxChunks
                + ", maxMemoryBytes=" + (maxMemoryBytes == JVM_HEAP ? "JVM heap" : maxMemoryBytes) + "]";
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
        private long maxMemoryBytes = JVM_HEAP;

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

        /**
         * @param maxMemoryBytes the bytes one decode may allocate for its image and working buffers, at least 1;
         *                       or {@link #JVM_HEAP} for the heap the JVM can still give (the default)
         * @since 0.2
         */
        public Builder maxMemoryBytes(long maxMemoryBytes) {
            if (maxMemoryBytes < 0) {
                throw new IllegalArgumentException("maxMemoryBytes must not be negative: " + maxMemoryBytes);
            }
            this.maxMemoryBytes = maxMemoryBytes;
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
