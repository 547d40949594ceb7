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
        return run(bundle, src, point, threads, keepGrid, EncodeOptions.DEFAULT, Effort.DEFAULT);
    }

    /**
     * As above at an {@link Effort} level, reporting progress and polling abort on the calling thread only
     * ({@link Progress}): a block's network run counts as much as one coding of its tiles (roughly its share of the
     * time), each finished tile of each coding as one unit.
     */
    static EncodeEngine run(ModelBundle bundle, SourceImage src, OperatingPoint point, int threads,
                            boolean keepGrid, EncodeOptions options, int effort) throws IOException {
        if (point.layers() > bundle.layers()) {
            throw new IllegalArgumentException("model " + bundle.name() + " has " + bundle.layers()
                    + " code layer(s); cannot send " + point.layers());
        }
        int f = bundle.downsampling();
        int layers = point.layers();
        EncodeEngine e = new EncodeEngine((src.width + f - 1) / f, (src.height + f - 1) / f, layers, keepGrid);
        TileGrid tiles = e.tiles;
        Network encoder = Effort.fastEncoder(effort) ? bundle.fastEncoderNet().orElse(bundle.encoderNet())
                : bundle.encoderNet();
        java.util.Optional<OnnxNet> vjp = Effort.refinements(effort) > 0 && bundle.kind().decoderTakesSums()
                ? bundle.decoderVjp() : java.util.Optional.empty();
        int refinements = vjp.isPresent() ? Effort.refinements(effort) : 0;
        int searchStep = vjp.isPresent() ? Effort.searchStep(effort) : 0;
        // Blocks are whole tiles, so every tile's latents come from one network run.
        int block = Math.max(tiles.tileWidth(), NetworkTiles.ENCODER_BLOCK / TILE * TILE);
        int blockH = Math.max(tiles.tileHeight(), NetworkTiles.ENCODER_BLOCK / TILE * TILE);
        double[] bits = new double[tiles.count()];
        Progress progress = Progress.of(options);
        progress.total((2L + refinements + (searchStep > 0 ? LastLayerSearch.units(searchStep) : 0))
                * tiles.count());
        progress.check();
        try (Workers workers = new Workers(threads)) {
            for (int by = 0; by < e.gridHeight; by += blockH) {
                for (int bx = 0; bx < e.gridWidth; bx += block) {
                    int bw = Math.min(block, e.gridWidth - bx);
                    int bh = Math.min(blockH, e.gridHeight - by);
                    NetworkTiles.Latents lat = NetworkTiles.encode(bundle, encoder, src, bx, by, bw, bh,
                            e.gridWidth, e.gridHeight);
                    int[] inBlock = tilesOf(tiles, bx, by, bw, bh);
                    progress.done(inBlock.length);
                    LayerStack.Encoded[] coded = codeTiles(workers, bundle, lat, inBlock, tiles, point, effort,
                            progress);
                    if (refinements > 0) {
                        int[] codings = {0};
                        coded = Refinement.refine(bundle, vjp.get(), src, lat, layers, inBlock, tiles, refinements,
                                Effort.continuousSteps(effort, layers), target -> {
                                    codings[0]++;
                                    return codeTiles(workers, bundle, new NetworkTiles.Latents(lat.x0, lat.y0, lat.w,
                                            lat.h, lat.dim, target, lat.nearest), inBlock, tiles, point, effort,
                                            progress);
                                }, progress, coded);
                        // a block that stopped early skips the rest of its share
                        progress.done((long) (refinements - codings[0]) * inBlock.length);
                    }
                    if (searchStep > 0) {
                        coded = LastLayerSearch.search(bundle, src, lat, point, inBlock, tiles, searchStep, progress,
                                coded);
                    }
                    for (int i = 0; i < inBlock.length; i++) {
                        int index = inBlock[i];
                        for (int l = 0; l < layers; l++) {
                            e.payloads[l][index] = coded[i].payloads[l];
                        }
                        bits[index] = coded[i].bits;
                        if (e.grid != null) {
                            tiles.insert(e.grid, index, coded[i].codes[0]);
                        }
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

    /** The indices of the tiles inside the block (bx, by, bw, bh), in raster order. */
    private static int[] tilesOf(TileGrid tiles, int bx, int by, int bw, int bh) {
        List<Integer> in = new ArrayList<>();
        for (int ty = by; ty < by + bh; ty += tiles.tileHeight()) {
            for (int tx = bx; tx < bx + bw; tx += tiles.tileWidth()) {
                in.add(tiles.index(tx / tiles.tileWidth(), ty / tiles.tileHeight()));
            }
        }
        return in.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Chooses and codes the tiles {@code inBlock} of a block's latents in parallel, each finished tile one unit of
     * progress; returns their layers in the order of {@code inBlock}.
     */
    private static LayerStack.Encoded[] codeTiles(Workers workers, ModelBundle bundle, NetworkTiles.Latents lat,
                                                  int[] inBlock, TileGrid tiles, OperatingPoint point,
                                                  int effort, Progress progress) throws IOException {
        LayerStack.Encoded[] out = new LayerStack.Encoded[inBlock.length];
        List<Future<Void>> jobs = new ArrayList<>();
        int joined = 0;
        for (int i = 0; i < inBlock.length; i++) {
            int at = i;
            int index = inBlock[i];
            jobs.add(workers.submit(() -> {
                if (progress.stopped()) {
                    throw new java.io.InterruptedIOException("encoding aborted");
                }
                out[at] = LayerStack.encode(bundle, lat, tiles.x(index) - lat.x0, tiles.y(index) - lat.y0,
                        tiles.width(index), tiles.height(index), point, Effort.order0Choice(effort));
                return null;
            }));
            // Inline (one thread) the tile is already done: report it before the next one.
            while (joined < jobs.size() && jobs.get(joined).isDone()) {
                progress.await(jobs.get(joined++));
                progress.done(1);
            }
        }
        while (joined < jobs.size()) {
            progress.await(jobs.get(joined++));
            progress.done(1);
        }
        return out;
    }
}
