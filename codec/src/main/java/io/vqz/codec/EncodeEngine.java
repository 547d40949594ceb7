package io.vqz.codec;

import io.vqz.entropy.PixelCnnPrior;

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
    final int tileWidth;
    final int tileHeight;
    final int tilesAcross;
    final int tilesDown;
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
        this.tileWidth = Math.min(TILE, gridWidth);
        this.tileHeight = Math.min(TILE, gridHeight);
        this.tilesAcross = (gridWidth + tileWidth - 1) / tileWidth;
        this.tilesDown = (gridHeight + tileHeight - 1) / tileHeight;
        this.payloads = new byte[layers][tilesAcross * tilesDown][];
        this.grid = keepGrid ? new int[gridWidth * gridHeight] : null;
    }

    static EncodeEngine run(ModelBundle bundle, SourceImage src, int quality, int threads, boolean keepGrid)
            throws IOException {
        return run(bundle, src, quality, threads, keepGrid, EncodeOptions.DEFAULT);
    }

    /**
     * As above, reporting progress and polling abort on the calling thread: a block's network run counts as
     * much as its tiles (roughly its share of the time), each finished tile as one unit.
     */
    static EncodeEngine run(ModelBundle bundle, SourceImage src, int quality, int threads, boolean keepGrid,
                            EncodeOptions options) throws IOException {
        int f = bundle.downsampling();
        int layers = Quality.layers(quality, bundle.layers());
        EncodeEngine e = new EncodeEngine((src.width + f - 1) / f, (src.height + f - 1) / f, layers, keepGrid);
        PixelCnnPrior prior = bundle.prior();
        Codebook codebook = quality == 100 ? null : bundle.codebook();
        int tileCount = e.tilesAcross * e.tilesDown;
        // Blocks are whole tiles, so every tile's latents come from one network run.
        int block = Math.max(e.tileWidth, NetworkTiles.ENCODER_BLOCK / TILE * TILE);
        int blockH = Math.max(e.tileHeight, NetworkTiles.ENCODER_BLOCK / TILE * TILE);
        double[] bits = new double[tileCount];
        EncodeProgress progress = new EncodeProgress(options, 2L * tileCount);
        progress.check();
        try (Workers workers = new Workers(threads)) {
            for (int by = 0; by < e.gridHeight; by += blockH) {
                for (int bx = 0; bx < e.gridWidth; bx += block) {
                    int bw = Math.min(block, e.gridWidth - bx);
                    int bh = Math.min(blockH, e.gridHeight - by);
                    NetworkTiles.Latents lat = NetworkTiles.encode(bundle, src, bx, by, bw, bh, e.gridWidth,
                            e.gridHeight);
                    progress.done((long) ((bw + e.tileWidth - 1) / e.tileWidth) * ((bh + e.tileHeight - 1)
                            / e.tileHeight));
                    List<Future<Void>> jobs = new ArrayList<>();
                    int joined = 0;
                    for (int ty = by; ty < by + bh; ty += e.tileHeight) {
                        for (int tx = bx; tx < bx + bw; tx += e.tileWidth) {
                            int x0 = tx;
                            int y0 = ty;
                            int ox = bx;
                            int oy = by;
                            int tw = Math.min(e.tileWidth, e.gridWidth - tx);
                            int th = Math.min(e.tileHeight, e.gridHeight - ty);
                            int index = (ty / e.tileHeight) * e.tilesAcross + tx / e.tileWidth;
                            jobs.add(workers.submit(() -> {
                                int[] codes;
                                if (bundle.layered()) {
                                    LayerStack.Encoded t = LayerStack.encode(bundle, lat, x0 - ox, y0 - oy, tw, th,
                                            quality, layers);
                                    for (int l = 0; l < layers; l++) {
                                        e.payloads[l][index] = t.payloads[l];
                                    }
                                    bits[index] = t.bits;
                                    codes = t.codes[0];
                                } else {
                                    TileEncoding t = new TileEncoding(codebook, quality);
                                    t.encode(prior, lat, x0 - ox, y0 - oy, tw, th);
                                    e.payloads[0][index] = t.payload;
                                    bits[index] = t.bits;
                                    codes = t.codes;
                                }
                                if (e.grid != null) {
                                    for (int y = 0; y < th; y++) {
                                        System.arraycopy(codes, y * tw, e.grid, (y0 + y) * e.gridWidth + x0, tw);
                                    }
                                }
                                return null;
                            }));
                            // Inline (one thread) the tile is already done: report it before the next one.
                            while (joined < jobs.size() && jobs.get(joined).isDone()) {
                                Workers.join(jobs.get(joined++));
                                progress.done(1);
                            }
                        }
                    }
                    while (joined < jobs.size()) {
                        Workers.join(jobs.get(joined++));
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
