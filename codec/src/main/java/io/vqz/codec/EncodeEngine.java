package io.vqz.codec;

import io.vqz.format.TileGrid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The encoding pipeline from pixels to tile payloads: encoder network block by block (bounded memory), then
 * the tiles of each block chosen and coded in parallel. Tiles are coded independently, so the payloads do
 * not depend on the thread count.
 */
final class EncodeEngine {
    /** Code tile side, in code positions, written into the header. */
    static final int TILE = 64;

    final int gridWidth;
    final int gridHeight;
    final TileGrid tiles;
    /** Code layers sent: 1 for a single-layer model. */
    final int layers;
    /** [layer][tile]. */
    final byte[][][] payloads;
    /** The chosen (base layer's) code grid, row-major; kept only if asked (the scorer and tests need it). */
    final int[] grid;
    double idealBits;

    private EncodeEngine(int gridWidth, int gridHeight, int layers, boolean keepGrid) {
        this.layers = layers;
        this.gridWidth = gridWidth;
        this.gridHeight = gridHeight;
        this.tiles = new TileGrid(gridWidth, gridHeight, Math.min(TILE, gridWidth), Math.min(TILE, gridHeight));
        this.payloads = new byte[layers][tiles.count()][];
        this.grid = keepGrid ? new int[gridWidth * gridHeight] : null;
    }

    static EncodeEngine run(ModelBundle bundle, SourceImage src, OperatingPoint point, int threads,
                            boolean keepGrid) throws IOException {
        return run(bundle, src, point, threads, keepGrid, EncodeOptions.DEFAULT);
    }

    /**
     * As above, reporting progress and polling abort on the calling thread only ({@link Progress}): a block's
     * network run counts as much as its tiles (roughly its share of the time), each finished tile as one unit.
     */
    static EncodeEngine run(ModelBundle bundle, SourceImage src, OperatingPoint point, int threads,
                            boolean keepGrid, EncodeOptions options) throws IOException {
        if (point.layers() > bundle.layers()) {
            throw new IllegalArgumentException("model " + bundle.name() + " has " + bundle.layers()
                    + " code layer(s); cannot send " + point.layers());
        }
        int f = bundle.downsampling();
        int layers = point.layers();
        EncodeEngine e = new EncodeEngine((src.width + f - 1) / f, (src.height + f - 1) / f, layers, keepGrid);
        TileGrid tiles = e.tiles;
        int tileCount = tiles.count();
        // Blocks are whole tiles, so every tile's latents come from one network run.
        int block = Math.max(tiles.tileWidth(), NetworkTiles.ENCODER_BLOCK / TILE * TILE);
        int blockH = Math.max(tiles.tileHeight(), NetworkTiles.ENCODER_BLOCK / TILE * TILE);
        double[] bits = new double[tileCount];
        Progress progress = Progress.of(options);
        progress.total(2L * tileCount);
        progress.check();
        try (Workers workers = new Workers(threads)) {
            for (int by = 0; by < e.gridHeight; by += blockH) {
                for (int bx = 0; bx < e.gridWidth; bx += block) {
                    int bw = Math.min(block, e.gridWidth - bx);
                    int bh = Math.min(blockH, e.gridHeight - by);
                    NetworkTiles.Latents lat = NetworkTiles.encode(bundle, src, bx, by, bw, bh, e.gridWidth,
                            e.gridHeight);
                    progress.done((long) ((bw + tiles.tileWidth() - 1) / tiles.tileWidth())
                            * ((bh + tiles.tileHeight() - 1) / tiles.tileHeight()));
                    List<Future<Void>> jobs = new ArrayList<>();
                    int joined = 0;
                    for (int ty = by; ty < by + bh; ty += tiles.tileHeight()) {
                        for (int tx = bx; tx < bx + bw; tx += tiles.tileWidth()) {
                            int index = tiles.index(tx / tiles.tileWidth(), ty / tiles.tileHeight());
                            int x0 = tiles.x(index);
                            int y0 = tiles.y(index);
                            int ox = bx;
                            int oy = by;
                            int tw = tiles.width(index);
                            int th = tiles.height(index);
                            jobs.add(workers.submit(() -> {
                                if (progress.stopped()) {
                                    throw new java.io.InterruptedIOException("encoding aborted");
                                }
                                LayerStack.Encoded t = LayerStack.encode(bundle, lat, x0 - ox, y0 - oy, tw, th,
                                        point);
                                for (int l = 0; l < layers; l++) {
                                    e.payloads[l][index] = t.payloads[l];
                                }
                                bits[index] = t.bits;
                                if (e.grid != null) {
                                    tiles.insert(e.grid, index, t.codes[0]);
                                }
                                return null;
                            }));
                            // Inline (one thread) the tile is already done: report it before the next one.
                            while (joined < jobs.size() && jobs.get(joined).isDone()) {
                                progress.await(jobs.get(joined++));
                                progress.done(1);
                            }
                        }
                    }
                    while (joined < jobs.size()) {
                        progress.await(jobs.get(joined++));
                        progress.done(1);
                    }
                }
            }
        }
        double total = 0;
        for (double b : bits) {
            total += b;
        }
        e.idealBits = total;
        return e;
    }
}
