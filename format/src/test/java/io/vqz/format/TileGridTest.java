package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TileGridTest {

    @Test
    void cutsRasterOrderTilesWithSmallerLastColumnAndRow() {
        TileGrid t = new TileGrid(10, 7, 4, 3);
        assertEquals(3, t.tilesAcross());
        assertEquals(3, t.tilesDown());
        assertEquals(9, t.count());
        assertEquals(5, t.index(2, 1));
        assertEquals(8, t.x(5));
        assertEquals(3, t.y(5));
        assertEquals(2, t.width(5));
        assertEquals(3, t.height(5));
        assertEquals(1, t.height(8));
        assertThrows(IndexOutOfBoundsException.class, () -> t.x(9));
        assertThrows(IndexOutOfBoundsException.class, () -> t.index(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new TileGrid(10, 7, 0, 3));
    }

    @Test
    void extractAndInsertAreInverse() {
        TileGrid t = new TileGrid(10, 7, 4, 3);
        int[] grid = new int[70];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i;
        }
        assertArrayEquals(new int[] {38, 39, 48, 49, 58, 59}, t.extract(grid, 5));
        int[] copy = new int[70];
        for (int i = 0; i < t.count(); i++) {
            t.insert(copy, i, t.extract(grid, i));
        }
        assertArrayEquals(grid, copy);
    }

    @Test
    void theHeaderUsesIt() {
        VqzHeader h = GoldenFiles.rgbTiled().header();
        assertEquals(new TileGrid(h.gridWidth(), h.gridHeight(), h.tileWidth(), h.tileHeight()), h.tileGrid());
        assertEquals(h.tileGrid().count(), h.tileCount());
    }
}
