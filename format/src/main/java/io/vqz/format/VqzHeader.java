package io.vqz.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The fields of the {@code VQHD} chunk: image size and colour layout, the model that made the codes, the code
 * grid and its tiling, and the entropy coder's parameters.
 * <p>
 * The code grid covers the image from its top-left corner: {@code gridWidth = ceil(width / f)} and
 * {@code gridHeight = ceil(height / f)}, so the padding on the right and bottom is below {@code f} pixels.
 * The grid is cut into tiles of {@code tileWidth x tileHeight} code positions, in raster order; tiles in the
 * last column and row may be smaller. Tile {@code i} lies in column {@code i % tilesAcross} and row
 * {@code i / tilesAcross}.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VqzHeader {

    /** The largest width or height, {@value}. */
    public static final int MAX_DIMENSION = 65535;
    /** The length of the model identifier (a SHA-256), {@value}. */
    public static final int MODEL_ID_LENGTH = 32;
    /** The longest model name in UTF-8 bytes, {@value}. */
    public static final int MAX_MODEL_NAME_BYTES = 255;
    /** The most tiles a file may have, so that the tile table fits in one chunk: {@value}. */
    public static final int MAX_TILE_COUNT = (Integer.MAX_VALUE - 4) / 12;
    /** The most code layers a file may have, {@value}. */
    public static final int MAX_LAYERS = 255;
    /** The smallest accepted CDF precision in bits, {@value}. */
    public static final int MIN_CDF_PRECISION_BITS = 8;
    /** The largest accepted CDF precision in bits, {@value}. */
    public static final int MAX_CDF_PRECISION_BITS = 24;

    private final int width;
    private final int height;
    private final ColourLayout colourLayout;
    private final byte[] modelId;
    private final String modelName;
    private final int downsampling;
    private final int tileWidth;
    private final int tileHeight;
    private final int codebookSize;
    private final int cdfPrecisionBits;
    private final int quality;
    private final int formatVersion;
    private final int layers;
    private final TileGrid tiles;

    private VqzHeader(Builder b, int tileWidth, int tileHeight) {
        width = b.width;
        height = b.height;
        colourLayout = b.colourLayout;
        modelId = b.modelId.clone();
        modelName = b.modelName;
        downsampling = b.downsampling;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        codebookSize = b.codebookSize;
        cdfPrecisionBits = b.cdfPrecisionBits;
        quality = b.quality;
        formatVersion = b.formatVersion;
        layers = b.layers;
        tiles = new TileGrid(gridWidth(), gridHeight(), tileWidth, tileHeight);
    }

    /** A new builder with f = 4, 16 CDF precision bits, quality 75 and everything else unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this header's fields. */
    public Builder toBuilder() {
        return new Builder().width(width).height(height).colourLayout(colourLayout).modelId(modelId)
                .modelName(modelName).downsampling(downsampling).tileWidth(tileWidth).tileHeight(tileHeight)
                .codebookSize(codebookSize).cdfPrecisionBits(cdfPrecisionBits).quality(quality).formatVersion(formatVersion).layers(layers);
    }

    /** Image width in pixels, 1..65535. */
    public int width() {
        return width;
    }

    /** Image height in pixels, 1..65535. */
    public int height() {
        return height;
    }

    /** The colour layout; alpha, if any, is in {@link VqzContainer#alpha()}. */
    public ColourLayout colourLayout() {
        return colourLayout;
    }

    /** The model identifier: the SHA-256 of the model bundle file (a new copy of 32 bytes). */
    public byte[] modelId() {
        return modelId.clone();
    }

    /**
     * The model identifier as a {@link ModelId}.
     *
     * @since 0.3
     */
    public ModelId model() {
        return ModelId.of(modelId);
    }

    /** The model identifier as 64 lower-case hex digits. */
    public String modelIdHex() {
        return HexFormat.of().formatHex(modelId);
    }

    /** The model's readable name (may be empty); informative only, {@link #modelId()} identifies it. */
    public String modelName() {
        return modelName;
    }

    /** The downsampling factor f: pixels per code position along each axis. */
    public int downsampling() {
        return downsampling;
    }

    /** Code grid width, {@code ceil(width / f)}. */
    public int gridWidth() {
        return ceilDiv(width, downsampling);
    }

    /** Code grid height, {@code ceil(height / f)}. */
    public int gridHeight() {
        return ceilDiv(height, downsampling);
    }

    /** Pixels of padding right of the image in the grid: {@code gridWidth * f - width}, below f. */
    public int paddingRight() {
        return gridWidth() * downsampling - width;
    }

    /** Pixels of padding below the image in the grid: {@code gridHeight * f - height}, below f. */
    public int paddingBottom() {
        return gridHeight() * downsampling - height;
    }

    /** Tile width in code positions (tiles in the last column may be narrower). */
    public int tileWidth() {
        return tileWidth;
    }

    /** Tile height in code positions (tiles in the last row may be lower). */
    public int tileHeight() {
        return tileHeight;
    }

    /**
     * The tiling of the code grid: the one definition of tile geometry, which the methods below delegate to.
     *
     * @since 0.3
     */
    public TileGrid tileGrid() {
        return tiles;
    }

    /** Number of tile columns, {@code ceil(gridWidth / tileWidth)}. */
    public int tilesAcross() {
        return tiles.tilesAcross();
    }

    /** Number of tile rows, {@code ceil(gridHeight / tileHeight)}. */
    public int tilesDown() {
        return tiles.tilesDown();
    }

    /** Number of tiles, {@code tilesAcross * tilesDown}. */
    public int tileCount() {
        return tiles.count();
    }

    /** The left code column of tile {@code index}. */
    public int tileX(int index) {
        return tiles.x(index);
    }

    /** The top code row of tile {@code index}. */
    public int tileY(int index) {
        return tiles.y(index);
    }

    /** The width in code positions of tile {@code index} (smaller in the last column). */
    public int tileWidthAt(int index) {
        return tiles.width(index);
    }

    /** The height in code positions of tile {@code index} (smaller in the last row). */
    public int tileHeightAt(int index) {
        return tiles.height(index);
    }

    /** The codebook size K: codes are 0..K-1. */
    public int codebookSize() {
        return codebookSize;
    }

    /** The precision P of the entropy coder's integer CDFs: they total 2^P. */
    public int cdfPrecisionBits() {
        return cdfPrecisionBits;
    }

    /** The quality setting the encoder used, 0..100 (informative). */
    public int quality() {
        return quality;
    }

    /**
     * The container version of the file, 1 to 4: version 1 files hold one layer of codes for a version 1 model,
     * version 2 files hold {@link #layers()} layers for a layered model, version 4 files layers coded as a group
     * and a member for a layered model with a two-level alphabet (since 0.8); version 3 (plane models, 0.4–0.8) is
     * reserved since 0.9, read here but refused by the codec. Versions 2 to 4 have the same structure; the model
     * gives the payloads their meaning.
     *
     * @since 0.3
     */
    public int formatVersion() {
        return formatVersion;
    }

    /**
     * The number of code layers in the file, 1..255 (always 1 in version 1): the base layer and
     * {@code layers - 1} refinement layers, each a code grid of the same size and tiling.
     *
     * @since 0.3
     */
    public int layers() {
        return layers;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VqzHeader)) {
            return false;
        }
        VqzHeader h = (VqzHeader) o;
        return width == h.width && height == h.height && colourLayout == h.colourLayout
                && Arrays.equals(modelId, h.modelId) && modelName.equals(h.modelName)
                && downsampling == h.downsampling && tileWidth == h.tileWidth && tileHeight == h.tileHeight
                && codebookSize == h.codebookSize && cdfPrecisionBits == h.cdfPrecisionBits
                && quality == h.quality && formatVersion == h.formatVersion && layers == h.layers;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, colourLayout, Arrays.hashCode(modelId), modelName, downsampling,
                tileWidth, tileHeight, codebookSize, cdfPrecisionBits, quality, formatVersion, layers);
    }

    @Override
    public String toString() {
        return "VqzHeader[" + width + "x" + height + " " + colourLayout + ", model " + modelName + " "
                + modelIdHex() + ", f=" + downsampling + ", grid " + gridWidth() + "x" + gridHeight()
                + ", tiles " + tileWidth + "x" + tileHeight + " (" + tilesAcross() + "x" + tilesDown()
                + "), K=" + codebookSize + ", P=" + cdfPrecisionBits + ", quality " + quality + ", version "
                + formatVersion + ", " + layers + (layers == 1 ? " layer]" : " layers]");
    }

    // Field checks shared by the builder (IllegalArgumentException) and the reader (VqzFormatException with
    // the field's offset): each returns null when the value is valid, else the problem.

    static String checkDimension(String name, int value) {
        return value < 1 || value > MAX_DIMENSION ? name + " " + value + " is not in 1.." + MAX_DIMENSION : null;
    }

    static String checkDownsampling(int f) {
        return f < 1 || f > 255 ? "downsampling factor " + f + " is not in 1..255" : null;
    }

    static String checkTileSize(String name, int tile, int grid) {
        return tile < 1 || tile > grid ? name + " " + tile + " is not in 1.." + grid + " (the grid size)" : null;
    }

    static String checkTileCount(long tiles) {
        return tiles > MAX_TILE_COUNT ? "tile count " + tiles + " exceeds " + MAX_TILE_COUNT : null;
    }

    static String checkCdfPrecision(int bits) {
        return bits < MIN_CDF_PRECISION_BITS || bits > MAX_CDF_PRECISION_BITS
                ? "CDF precision " + bits + " bits is not in " + MIN_CDF_PRECISION_BITS + ".."
                        + MAX_CDF_PRECISION_BITS : null;
    }

    static String checkCodebookSize(int k, int cdfBits) {
        long max = Math.min(65535, 1L << cdfBits);
        return k < 2 || k > max ? "codebook size " + k + " is not in 2.." + max : null;
    }

    static String checkLayers(int version, int layers) {
        if (version < VqzFormat.MIN_VERSION || version > VqzFormat.VERSION) {
            return "unsupported format version " + version;
        }
        int max = version == 1 ? 1 : MAX_LAYERS;
        return layers < 1 || layers > max ? "layer count " + layers + " is not in 1.." + max
                + " (format version " + version + ")" : null;
    }

    static String checkQuality(int quality) {
        return quality < 0 || quality > 100 ? "quality " + quality + " is not in 0..100" : null;
    }

    static byte[] encodeName(String name) {
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(name));
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Builds {@link VqzHeader}. Required: width, height, colour layout, model id, codebook size. Tile sizes
     * default to {@code min(64, grid size)}; the format version and layer count to 1. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int width;
        private int height;
        private ColourLayout colourLayout;
        private byte[] modelId;
        private String modelName = "";
        private int downsampling = 4;
        private int tileWidth;
        private int tileHeight;
        private int codebookSize;
        private int cdfPrecisionBits = 16;
        private int quality = 75;
        private int formatVersion = 1;
        private int layers = 1;

        private Builder() {
        }

        /** @param width image width in pixels, 1..65535 */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /** @param height image height in pixels, 1..65535 */
        public Builder height(int height) {
            this.height = height;
            return this;
        }

        /** @param colourLayout the colour layout */
        public Builder colourLayout(ColourLayout colourLayout) {
            this.colourLayout = Objects.requireNonNull(colourLayout, "colourLayout");
            return this;
        }

        /** @param modelId the 32-byte SHA-256 of the model bundle (copied) */
        public Builder modelId(byte[] modelId) {
            Objects.requireNonNull(modelId, "modelId");
            if (modelId.length != MODEL_ID_LENGTH) {
                throw new IllegalArgumentException("model id must have 32 bytes: " + modelId.length);
            }
            this.modelId = modelId.clone();
            return this;
        }

        /** @param modelName the model's readable name, at most 255 bytes in UTF-8 */
        public Builder modelName(String modelName) {
            this.modelName = Objects.requireNonNull(modelName, "modelName");
            return this;
        }

        /** @param f pixels per code position along each axis, 1..255 (default 4) */
        public Builder downsampling(int f) {
            this.downsampling = f;
            return this;
        }

        /** @param tileWidth tile width in code positions, 1..gridWidth (default min(64, gridWidth)) */
        public Builder tileWidth(int tileWidth) {
            this.tileWidth = tileWidth;
            return this;
        }

        /** @param tileHeight tile height in code positions, 1..gridHeight (default min(64, gridHeight)) */
        public Builder tileHeight(int tileHeight) {
            this.tileHeight = tileHeight;
            return this;
        }

        /** @param k codebook size, 2..min(65535, 2^P) */
        public Builder codebookSize(int k) {
            this.codebookSize = k;
            return this;
        }

        /** @param bits precision P of the integer CDFs, 8..24 (default 16) */
        public Builder cdfPrecisionBits(int bits) {
            this.cdfPrecisionBits = bits;
            return this;
        }

        /** @param quality the encoder's quality setting, 0..100 (default 75) */
        public Builder quality(int quality) {
            this.quality = quality;
            return this;
        }

        /**
         * @param version the container version, {@link VqzFormat#MIN_VERSION} to {@link VqzFormat#VERSION}
         *                ({@link #formatVersion()}; default 1)
         * @since 0.3
         */
        public Builder formatVersion(int version) {
            this.formatVersion = version;
            return this;
        }

        /**
         * @param layers the number of code layers, 1..255; above 1 only in format versions 2 to 4 (default 1)
         * @since 0.3
         */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * The header.
         *
         * @throws IllegalArgumentException if a field is missing or out of range
         */
        public VqzHeader build() {
            if (colourLayout == null || modelId == null) {
                throw new IllegalArgumentException(colourLayout == null ? "colour layout not set"
                        : "model id not set");
            }
            require(checkDimension("width", width));
            require(checkDimension("height", height));
            require(checkDownsampling(downsampling));
            int gridWidth = ceilDiv(width, downsampling);
            int gridHeight = ceilDiv(height, downsampling);
            int tw = tileWidth == 0 ? Math.min(64, gridWidth) : tileWidth;
            int th = tileHeight == 0 ? Math.min(64, gridHeight) : tileHeight;
            require(checkTileSize("tile width", tw, gridWidth));
            require(checkTileSize("tile height", th, gridHeight));
            require(checkTileCount(TileGrid.count(gridWidth, gridHeight, tw, th)));
            require(checkCdfPrecision(cdfPrecisionBits));
            require(checkCodebookSize(codebookSize, cdfPrecisionBits));
            require(checkQuality(quality));
            require(checkLayers(formatVersion, layers));
            byte[] name = encodeName(modelName);
            if (name == null || name.length > MAX_MODEL_NAME_BYTES) {
                throw new IllegalArgumentException("model name is not valid UTF-8 of at most 255 bytes: "
                        + modelName);
            }
            return new VqzHeader(this, tw, th);
        }

        private static void require(String problem) {
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }
}
