package io.vqz.format;

/**
 * Caps on the sizes a {@code .vqz} input may declare. {@link VqzReader} checks every declared size against
 * these limits <em>before</em> allocating anything for it and throws {@link VqzLimitException} when one is
 * exceeded; data is then read in bounded steps, so a truncated input never causes more allocation than the
 * bytes it actually holds (plus one step).
 * <p>
 * A decoder reserves the memory it will take before allocating it ({@link #reserveMemory}): from the Java heap,
 * process-wide, so that decodes running at once on one heap (threads of a server, ImageIO readers, Spark tasks)
 * wait for each other or fail with a {@link VqzLimitException}, never with an {@link OutOfMemoryError}; and,
 * where {@link Builder#maxMemoryBytes(long)} is set, within that many bytes per decode. A tiny file declaring a
 * huge image fails the same way. The work a decode may cost is capped too ({@link #maxPixelLayers()}): a file of
 * a few kilobytes may declare minutes of decoding.
 * <p>
 * Hosts that cannot pass limits (a program that only calls {@code ImageIO.read}) set them with system properties:
 * {@link #fromSystemProperties()} reads {@code -Dvqz.limits.maxPixels=…} and the like over the defaults.
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
    /**
     * Default cap on a decode's work, 2^31 pixel layers: above the pixel cap's 268 megapixels with all six layers of
     * the default model (1.6 G), so every file the other defaults let through still decodes; about 0.25 us each on two
     * cores, 9 minutes at most. A server sets a lower one (README, "Decoding files from strangers").
     *
     * @since 0.8
     */
    public static final long DEFAULT_MAX_PIXEL_LAYERS = 1L << 31;
    /** Default time a decode waits for running ones to release the heap it needs: 60 s. @since 0.8 */
    public static final long DEFAULT_MEMORY_WAIT_MILLIS = 60_000;
    /** The prefix of the system properties {@link #fromSystemProperties()} reads. @since 0.8 */
    public static final String PROPERTY_PREFIX = "vqz.limits.";

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
    private final long maxPixelLayers;
    private final long memoryWaitMillis;

    private VqzLimits(Builder b) {
        this.maxPixelLayers = b.maxPixelLayers;
        this.memoryWaitMillis = b.memoryWaitMillis;
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
                .maxMetadataBytes(maxMetadataBytes).maxChunks(maxChunks).maxMemoryBytes(maxMemoryBytes)
                .maxPixelLayers(maxPixelLayers).memoryWaitMillis(memoryWaitMillis);
    }

    /**
     * The defaults, each replaced by the system property {@code vqz.limits.<name>} where it is set: {@code
     * maxPixels}, {@code maxPixelLayers}, {@code maxMemoryBytes}, {@code memoryWaitMillis}, {@code maxTiles}, {@code
     * maxPayloadBytes}, {@code maxMetadataBytes}, {@code maxChunks}. Byte counts take a {@code k}, {@code m} or
     * {@code g} suffix (binary), counts a {@code k}, {@code m} or {@code g} (decimal), e.g. {@code
     * -Dvqz.limits.maxPixels=50m -Dvqz.limits.maxMemoryBytes=512m}. Read at each call, so a host may change them.
     * The ImageIO plugin, the Spark source and a {@code VqzDecoder} built without limits use these.
     *
     * @throws IllegalArgumentException naming the property, if one is not a valid value
     * @since 0.8
     */
    public static VqzLimits fromSystemProperties() {
        Builder b = builder();
        b.maxPixels(property("maxPixels", DEFAULT_MAX_PIXELS, 1000));
        b.maxPixelLayers(property("maxPixelLayers", DEFAULT_MAX_PIXEL_LAYERS, 1000));
        b.maxMemoryBytes(property("maxMemoryBytes", JVM_HEAP, 1024));
        b.memoryWaitMillis(property("memoryWaitMillis", DEFAULT_MEMORY_WAIT_MILLIS, 1000));
        b.maxTiles(Math.toIntExact(property("maxTiles", DEFAULT_MAX_TILES, 1000)));
        b.maxPayloadBytes(Math.toIntExact(property("maxPayloadBytes", DEFAULT_MAX_PAYLOAD_BYTES, 1024)));
        b.maxMetadataBytes(Math.toIntExact(property("maxMetadataBytes", DEFAULT_MAX_METADATA_BYTES, 1024)));
        b.maxChunks(Math.toIntExact(property("maxChunks", DEFAULT_MAX_CHUNKS, 1000)));
        return b.build();
    }

    private static long property(String name, long fallback, long unit) {
        String text = System.getProperty(PROPERTY_PREFIX + name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return parseSize(text, unit);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("system property " + PROPERTY_PREFIX + name + "=" + text
                    + " is not a valid value: " + e.getMessage(), e);
        }
    }

    /**
     * A count with an optional {@code k}, {@code m} or {@code g} suffix (case-insensitive), each {@code unit}
     * times the one before: {@code parseSize("512m", 1024)} is 536870912.
     *
     * @since 0.8
     */
    public static long parseSize(String text, long unit) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = t.isEmpty() ? -1 : "kmg".indexOf(t.charAt(t.length() - 1));
        long value = Long.parseLong(shift < 0 ? t : t.substring(0, t.length() - 1));
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + text);
        }
        for (int i = 0; i <= shift; i++) {
            value = Math.multiplyExact(value, unit);
        }
        return value;
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
     * The largest work one decode may cost, in pixel layers: the pixels it decodes times the layers it decodes
     * of them (each layer is one pass of the prior over the code grid; the decoder network adds about two
     * layers' worth per pixel).
     *
     * @since 0.8
     */
    public long maxPixelLayers() {
        return maxPixelLayers;
    }

    /**
     * How long a decode waits for decodes running in this JVM to release the heap it needs before it fails.
     *
     * @since 0.8
     */
    public long memoryWaitMillis() {
        return memoryWaitMillis;
    }

    /**
     * Checks a decode's work before it starts.
     *
     * @param what   what the work is, for the message, e.g. {@code "decoding the 6144 x 4096 RGB image"}
     * @param pixels the pixels it decodes
     * @param layers the layers it decodes of them
     * @throws VqzLimitException if pixels x layers exceeds {@link #maxPixelLayers()}; the message says how to
     *                           raise it
     * @since 0.8
     */
    public void checkWork(String what, long pixels, int layers) throws VqzLimitException {
        long work = pixels * layers;
        if (work > maxPixelLayers) {
            throw new VqzLimitException(what + " with " + layers + " layer" + (layers == 1 ? "" : "s") + " is "
                    + work + " pixel layers of work, more than the limit " + maxPixelLayers + " (" + pixels
                    + " pixels x " + layers + " layers); raise it with VqzLimits.Builder.maxPixelLayers, -D"
                    + PROPERTY_PREFIX + "maxPixelLayers=" + work + " or the vqz command's --max-pixel-layers, or "
                    + "decode fewer layers, a region or a reduced preview", work, maxPixelLayers);
        }
    }

    /**
     * Reserves {@code bytes} for a decode before it allocates them, released by closing the reservation (use
     * try-with-resources). The reservation is taken from the Java heap for the whole process: when decodes
     * running at once already hold what it needs, it waits up to {@link #memoryWaitMillis()} for them to end. A
     * thread that already holds a reservation (a caller that reserved its own share with the decode's) gets one
     * that reserves nothing more.
     *
     * @param what  what needs the memory, for the message, e.g. {@code "decoding the 16384 x 16384 RGB image"}
     * @param bytes the bytes it needs
     * @throws VqzLimitException      if it exceeds {@link #maxMemoryBytes()}, does not fit the heap even alone,
     *                                or did not fit within the wait; the message names the budget and how to
     *                                raise it
     * @throws java.io.InterruptedIOException if the thread is interrupted while it waits
     * @since 0.8
     */
    public MemoryReservation reserveMemory(String what, long bytes) throws VqzLimitException,
            java.io.InterruptedIOException {
        return reserveMemory(what, bytes, DECODE_OTHERWISE);
    }

    /**
     * As {@link #reserveMemory(String, long)}, the message ending with what else the caller may do.
     *
     * @param otherwise what else than a larger budget lets it through, e.g. {@code "scale the image down first"}
     * @since 0.8
     */
    public MemoryReservation reserveMemory(String what, long bytes, String otherwise) throws VqzLimitException,
            java.io.InterruptedIOException {
        if (maxMemoryBytes != JVM_HEAP && bytes > maxMemoryBytes) {
            throw new VqzLimitException(what + " needs " + mib(bytes) + ", more than the memory "
                    + "budget " + mib(maxMemoryBytes) + " set in VqzLimits; raise it with "
                    + "VqzLimits.Builder.maxMemoryBytes, -D" + PROPERTY_PREFIX + "maxMemoryBytes or the vqz command's "
                    + "--max-memory, or " + otherwise, bytes, maxMemoryBytes);
        }
        return HeapReservations.JVM.reserve(what, bytes, memoryWaitMillis, otherwise);
    }

    private static final String DECODE_OTHERWISE = "decode a region or a reduced preview";

    /**
     * Memory held for a decode from {@link #reserveMemory} until closed; closing twice releases it once.
     *
     * @since 0.8
     */
    public interface MemoryReservation extends AutoCloseable {
        /** The bytes held (0 for a reservation nested in one the thread holds). */
        long bytes();

        @Override
        void close();
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
            throw heapExceeded(what, bytes, budget, DECODE_OTHERWISE);
        }
        throw new VqzLimitException(what + " needs " + mib(bytes) + ", more than the memory budget "
                + mib(maxMemoryBytes) + " set in VqzLimits; raise it with VqzLimits.Builder.maxMemoryBytes, or "
                + "decode a region or a reduced preview", bytes, maxMemoryBytes);
    }

    /** The error of a need that the Java heap cannot give, {@code free} being what it can. */
    static VqzLimitException heapExceeded(String what, long bytes, long free, String otherwise) {
        return new VqzLimitException(what + " needs " + mib(bytes) + ", more than the " + mib(free)
                + " the Java heap can still give (maximum heap " + mib(Runtime.getRuntime().maxMemory())
                + "); raise the heap with -Xmx (for the vqz command: VQZ_JAVA_OPTS=-Xmx8g), or " + otherwise, bytes,
                free);
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Override
    public String toString() {
        return "VqzLimits[maxPixels=" + maxPixels + ", maxTiles=" + maxTiles + ", maxPayloadBytes="
                + maxPayloadBytes + ", maxMetadataBytes=" + maxMetadataBytes + ", maxChunks=" + maxChunks
                + ", maxMemoryBytes=" + (maxMemoryBytes == JVM_HEAP ? "JVM heap" : maxMemoryBytes)
                + ", maxPixelLayers=" + maxPixelLayers + ", memoryWaitMillis=" + memoryWaitMillis + "]";
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
        private long maxPixelLayers = DEFAULT_MAX_PIXEL_LAYERS;
        private long memoryWaitMillis = DEFAULT_MEMORY_WAIT_MILLIS;

        private Builder() {
        }

        /**
         * @param maxPixelLayers the largest work of one decode, pixels x layers decoded, at least 1
         * @since 0.8
         */
        public Builder maxPixelLayers(long maxPixelLayers) {
            this.maxPixelLayers = positive(maxPixelLayers, "maxPixelLayers");
            return this;
        }

        /**
         * @param memoryWaitMillis how long a decode waits for running decodes to release the heap it needs; 0
         *                         fails at once
         * @since 0.8
         */
        public Builder memoryWaitMillis(long memoryWaitMillis) {
            if (memoryWaitMillis < 0) {
                throw new IllegalArgumentException("memoryWaitMillis must not be negative: " + memoryWaitMillis);
            }
            this.memoryWaitMillis = memoryWaitMillis;
            return this;
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
