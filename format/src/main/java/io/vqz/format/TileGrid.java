package io.vqz.format;

/**
 * How a code grid is cut into tiles: {@code tileWidth × tileHeight} code positions each, in raster order from
 * the top-left corner, those in the last column and row narrower or lower when the grid is not a multiple of
 * the tile size. Tile {@code i} lies in column {@code i % tilesAcross()} and row {@code i / tilesAcross()}. The
 * one definition of tile geometry (docs/FORMAT.md, section 5, "Tiling"): the header, the encoder, the decoder and
 * the entropy coder's grid helpers all use it.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.3
 */
public final class TileGrid {
    private final int gridWidth;
    private final int gridHeight;
    private final int tileWidth;
    private final int tileHeight;
    private final int tilesAcross;
    private final int tilesDown;

    /**
     * @param gridWidth  grid width in code positions, at least 0
     * @param gridHeight grid height in code positions, at least 0
     * @param tileWidth  tile width, at least 1
     * @param tileHeight tile height, at least 1
     * @throws IllegalArgumentException if a size is out of range or the tile count exceeds
     *                                  {@link Integer#MAX_VALUE}
     */
    public TileGrid(int gridWidth, int gridHeight, int tileWidth, int tileHeight) {
        if (gridWidth < 0 || gridHeight < 0 || tileWidth < 1 || tileHeight < 1) {
            throw new IllegalArgumentException("bad grid " + gridWidth + "x" + gridHeight + " or tile size "
                    + tileWidth + "x" + tileHeight);
        }
        long across = ceilDiv(gridWidth, tileWidth);
        long down = ceilDiv(gridHeight, tileHeight);
        if (across * down > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many tiles: " + across + " x " + down);
        }
        this.gridWidth = gridWidth;
        this.gridHeight = gridHeight;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.tilesAcross = (int) across;
        this.tilesDown = (int) down;
    }

    /** The number of tiles of a grid cut into tiles of the given size, without building the grid. */
    static long count(int gridWidth, int gridHeight, int tileWidth, int tileHeight) {
        return ceilDiv(gridWidth, tileWidth) * ceilDiv(gridHeight, tileHeight);
    }

    /** Grid width in code positions. */
    public int gridWidth() {
        return gridWidth;
    }

    /** Grid height in code positions. */
    public int gridHeight() {
        return gridHeight;
    }

    /** Tile width (tiles in the last column may be narrower). */
    public int tileWidth() {
        return tileWidth;
    }

    /** Tile height (tiles in the last row may be lower). */
    public int tileHeight() {
        return tileHeight;
    }

    /** Number of tile columns. */
    public int tilesAcross() {
        return tilesAcross;
    }

    /** Number of tile rows. */
    public int tilesDown() {
        return tilesDown;
    }

    /** Number of tiles. */
    public int count() {
        return tilesAcross * tilesDown;
    }

    /** The index of the tile in column {@code tx} and row {@code ty}. */
    public int index(int tx, int ty) {
        if (tx < 0 || tx >= tilesAcross || ty < 0 || ty >= tilesDown) {
            throw new IndexOutOfBoundsException("tile (" + tx + ", " + ty + ") of " + tilesAcross + " x " + tilesDown);
        }
        return ty * tilesAcross + tx;
    }

    /** The left code column of tile {@code i}. */
    public int x(int i) {
        return (check(i) % tilesAcross) * tileWidth;
    }

    /** The top code row of tile {@code i}. */
    public int y(int i) {
        return (check(i) / tilesAcross) * tileHeight;
    }

    /** The width of tile {@code i} (smaller in the last column). */
    public int width(int i) {
        return Math.min(tileWidth, gridWidth - x(i));
    }

    /** The height of tile {@code i} (smaller in the last row). */
    public int height(int i) {
        return Math.min(tileHeight, gridHeight - y(i));
    }

    /** Tile {@code i}'s values of a row-major grid (one per position), in raster order. */
    public int[] extract(int[] grid, int i) {
        int w = width(i);
        int h = height(i);
        int[] tile = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(grid, (y(i) + y) * gridWidth + x(i), tile, y * w, w);
        }
        return tile;
    }

    /** Writes tile {@code i}'s values (raster order) into a row-major grid. */
    public void insert(int[] grid, int i, int[] tile) {
        int w = width(i);
        for (int y = 0; y < height(i); y++) {
            System.arraycopy(tile, y * w, grid, (y(i) + y) * gridWidth + x(i), w);
        }
    }

    private int check(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("tile " + i + " of " + count());
        }
        return i;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileGrid t && t.gridWidth == gridWidth && t.gridHeight == gridHeight
                && t.tileWidth == tileWidth && t.tileHeight == tileHeight;
    }

    @Override
    public int hashCode() {
        return ((gridWidth * 31 + gridHeight) * 31 + tileWidth) * 31 + tileHeight;
    }

    @Override
    public String toString() {
        return "TileGrid[" + gridWidth + "x" + gridHeight + " in " + tileWidth + "x" + tileHeight + " tiles, "
                + tilesAcross + "x" + tilesDown + "]";
    }
}
