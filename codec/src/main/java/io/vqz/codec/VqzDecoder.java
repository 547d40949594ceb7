package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.entropy.PixelCnnPrior;
import io.vqz.format.VqzContainer;
import io.vqz.format.TileGrid;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzTiles;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;

/**
 * Decodes {@code .vqz} files: whole, a region, or a reduced preview.
 * <p>
 * The code grid is decoded tile by tile in parallel with the Java prior, bit-exact on every machine: the
 * grid does not depend on the machine or the thread count. The decoder network then runs on fixed,
 * overlapping blocks (see {@link DecodeOptions} for regions and previews), and the result is cropped to the
 * true size. The model named in the file must be in the {@link ModelRegistry}; otherwise
 * {@link MissingModelException} says which.
 * <p>
 * Immutable and thread-safe: one decoder may serve many threads.
 *
 * @since 0.1
 */
public final class VqzDecoder {
    private final int threads;
    private final ModelRegistry registry;
    private final VqzLimits limits;

    private VqzDecoder(Builder b) {
        this.threads = b.threads;
        this.registry = b.registry;
        this.limits = b.limits;
    }

    /**
     * A builder: one thread per processor, {@link ModelRegistry#standard()}, and the limits of {@link
     * VqzLimits#fromSystemProperties()} (the defaults unless {@code vqz.limits.*} properties are set).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The registry models are looked up in. */
    public ModelRegistry registry() {
        return registry == null ? StandardRegistry.get() : registry;
    }

    /**
     * Reads and validates a whole {@code .vqz} file (stream not closed).
     *
     * @throws io.vqz.format.VqzFormatException if the file is malformed or exceeds the limits
     */
    public VqzContainer read(InputStream in) throws IOException {
        return VqzReader.read(in, limits);
    }

    /** Reads and decodes a whole file at full size. */
    public BufferedImage decode(InputStream in) throws IOException {
        return decode(read(in), DecodeOptions.DEFAULT).image();
    }

    /**
     * Decodes a container.
     *
     * @param options region, scale, progress and abort; null for the defaults
     * @throws MissingModelException     if the file's model is not in the registry
     * @throws EntropyDecodingException  if a tile payload is corrupt
     * @throws InterruptedIOException    if the abort check returned true
     * @throws IllegalArgumentException  if the region does not lie inside the image
     * @throws ModelMismatchException    if the file's header disagrees with its model
     * @throws ModelBundleException      if the model's bundle is unusable
     * @throws IOException               if the model cannot be run
     */
    public DecodedImage decode(VqzContainer container, DecodeOptions options) throws IOException {
        return decode((VqzTiles) container, options);
    }

    /**
     * Decodes a file whose tiles are read as they are needed: {@link io.vqz.format.VqzTileIndex#tiles} of a
     * seekable source reads only the tiles under the region. Otherwise as {@link #decode(VqzContainer,
     * DecodeOptions)}.
     *
     * @since 0.2
     */
    public DecodedImage decode(VqzTiles container, DecodeOptions options) throws IOException {
        DecodeOptions o = DecodeOptions.orDefault(options);
        VqzHeader h = container.header();
        ModelBundle bundle = bundleFor(h);
        Rectangle region = o.region() == null ? new Rectangle(0, 0, h.width(), h.height()) : o.region();
        if (!new Rectangle(0, 0, h.width(), h.height()).contains(region)) {
            throw new IllegalArgumentException("region " + region + " is not inside the image " + h.width() + "x"
                    + h.height());
        }
        int layers = layersToDecode(h, o.layers());
        String what = what(h, region, o.scale());
        limits.checkWork(what, (long) region.width * region.height, layers);
        // the network's session is made while the priors are built and the tiles decode
        bundle.preloadDecoder();
        try (VqzLimits.MemoryReservation memory = limits.reserveMemory(what, memoryNeeded(h, o))) {
            return decode(container, o, bundle, region, layers);
        }
    }

    private DecodedImage decode(VqzTiles container, DecodeOptions o, ModelBundle bundle, Rectangle region,
                                int layers) throws IOException {
        VqzHeader h = container.header();
        Progress progress = Progress.of(o);
        int f = h.downsampling();
        int gw = h.gridWidth();
        int gh = h.gridHeight();
        int b = NetworkTiles.decoderBlock(gw, gh);
        int m = bundle.manifest().decoderRadius;
        int bx0 = region.x / f / b;
        int by0 = region.y / f / b;
        int bx1 = (region.x + region.width - 1) / f / b;
        int by1 = (region.y + region.height - 1) / f / b;
        // The tiles under the blocks plus the decoder's receptive field: nothing else is decoded.
        int cx0 = Math.max(0, bx0 * b - m);
        int cy0 = Math.max(0, by0 * b - m);
        int cx1 = Math.min(gw, (bx1 + 1) * b + m);
        int cy1 = Math.min(gh, (by1 + 1) * b + m);
        int tx0 = cx0 / h.tileWidth();
        int ty0 = cy0 / h.tileHeight();
        int tx1 = (cx1 - 1) / h.tileWidth();
        int ty1 = (cy1 - 1) / h.tileHeight();
        int blocks = (bx1 - bx0 + 1) * (by1 - by0 + 1);
        boolean byLayer = layerByLayer(bundle, o, layers);
        progress.total((tx1 - tx0 + 1) * (ty1 - ty0 + 1) * (byLayer ? layers : 1) + 4 * blocks);
        Codes codes = new Codes(bundle, gw, gh, layers, false);
        OutputImage out = new OutputImage(h.colourLayout(), region.x, region.y, region.width, region.height,
                o.scale(), o.sink());
        try (Workers workers = tileWorkers(); Workers network = Workers.background()) {
            Future<?>[] tiles;
            if (byLayer) { // the passes before the last; the last layer's tiles then overlap the network as below
                previewPasses(container, codes, layers, o.passes(), out, b, bx0, by0, bx1, by1, tx0, ty0, tx1, ty1,
                        workers, network, progress);
                tiles = decodeLayer(container, codes, layers - 1, tx0, ty0, tx1, ty1, workers, progress);
            } else {
                tiles = decodeTiles(container, codes, tx0, ty0, tx1, ty1, workers, progress);
            }
            for (int by = by0; by <= by1; by++) {
                for (int bx = bx0; bx <= bx1; bx++) {
                    int x0 = bx * b;
                    int y0 = by * b;
                    int w = Math.min(b, gw - x0);
                    int hh = Math.min(b, gh - y0);
                    awaitTiles(h, tiles, tx0, ty0, tx1, ty1, x0 - m, y0 - m, x0 + w + m, y0 + hh + m, progress);
                    progress.check();
                    // a block's network run takes up to ~0.2 s: the caller polls the abort meanwhile
                    float[] rgb = progress.await(network.submit(() -> bundle.kind().decodePixels(bundle,
                            codes.latents == null ? codes.grids[0] : null, codes.latents, gw, gh, x0, y0, w, hh)));
                    out.put(rgb, x0 * f, y0 * f, w * f, hh * f);
                    progress.done(4);
                }
            }
            for (Future<?> t : tiles) {
                if (t != null) {
                    progress.await(t);
                }
            }
        }
        if (h.colourLayout().hasAlpha()) {
            out.putAlpha(container.alpha(), h.width());
        }
        if (o.passes() != null) {
            o.passes().passComplete(byLayer ? layers : 1, byLayer ? layers : 1);
        }
        BufferedImage image = out.image();
        return new DecodedImage(image, container.metadata(), h, region, o.scale(), layers,
                container.declaredLayers());
    }

    /**
     * The Java heap that {@link #decode(VqzContainer, DecodeOptions)} needs for these options, in bytes: the output
     * image (or the preview and its sums), the code grid, the alpha plane, one decoder block and the working
     * memory of the tiles decoded in parallel (since 0.7; a file may declare tiles as large as its grid). It is
     * reserved with {@link VqzLimits#reserveMemory} before anything is allocated; a caller that allocates more (an
     * ImageIO destination) adds its own share and reserves the sum around the decode.
     *
     * @param options region and scale; null for the defaults
     * @throws IOException if the file's model is not in the registry
     * @since 0.2
     */
    public long memoryNeeded(VqzHeader h, DecodeOptions options) throws IOException {
        DecodeOptions o = DecodeOptions.orDefault(options);
        Rectangle region = o.region() == null ? new Rectangle(0, 0, h.width(), h.height()) : o.region();
        ModelBundle bundle = bundleFor(h);
        int block = NetworkTiles.decoderBlock(h.gridWidth(), h.gridHeight()) + 2 * bundle.manifest().decoderRadius;
        long perPosition = bundle.kind().decoderInputBytes(bundle.manifest().codeDimension);
        return (o.sink() != null ? 0 : OutputImage.bytes(h.colourLayout(), region.width, region.height, o.scale()))
                + perPosition * h.gridWidth() * h.gridHeight()
                + (h.colourLayout().hasAlpha() ? (long) h.width() * h.height() : 0)
                + NetworkTiles.decoderBlockBytes(block, h.downsampling())
                + tileWork(bundle, h, layersToDecode(h, o.layers()));
    }

    /** The layers a decode asking for {@code requested} reads: all the file holds if 0 or more than it holds. */
    private static int layersToDecode(VqzHeader h, int requested) {
        return requested <= 0 ? h.layers() : Math.min(requested, h.layers());
    }

    /**
     * What the tiles decoded in parallel hold while they decode: per tile, the largest of its layers' prior
     * working sets ({@link io.vqz.entropy.PixelCnnPrior#tileBytes}), its codewords' running sum and every
     * layer's codes.
     */
    private long tileWork(ModelBundle bundle, VqzHeader h, int layers) throws IOException {
        int w = h.tileWidth();
        int hh = h.tileHeight();
        long most = 0;
        for (int l = 0; l < Math.min(layers, bundle.layers()); l++) {
            most = Math.max(most, bundle.prior(l).tileBytes(w, hh));
        }
        long n = (long) w * hh;
        long sums = bundle.kind().decoderTakesSums() ? 2 * 4L * n * bundle.manifest().codeDimension : 0;
        return Math.min(threads, h.tileCount()) * (most + sums + 4L * n * layers);
    }

    /** What a decode is, for messages: "decoding the 16384 x 16384 RGB image", or a region or preview of it. */
    private static String what(VqzHeader h, Rectangle region, int scale) {
        boolean whole = region.x == 0 && region.y == 0 && region.width == h.width() && region.height == h.height();
        return "decoding " + (whole ? "the " : "the " + region.width + " x " + region.height + " region of the ")
                + h.width() + " x " + h.height() + " " + h.colourLayout() + " image"
                + (scale > 1 ? " at 1/" + scale : "");
    }

    /**
     * Decodes the code grid alone (row-major, gridWidth × gridHeight): the exact, machine-independent part of
     * decoding. For a layered file, the base layer's grid (see {@link #decodeGrids}).
     */
    public int[] decodeGrid(VqzContainer container) throws IOException {
        return decodeGrid((VqzTiles) container);
    }

    /**
     * As {@link #decodeGrid(VqzContainer)}, reading the tiles as they are needed.
     *
     * @since 0.2
     */
    public int[] decodeGrid(VqzTiles container) throws IOException {
        return decodeGrids(container, 1)[0];
    }

    /**
     * Decodes the code grids of the first {@code layers} layers (all if 0 or more than the file holds): one
     * row-major gridWidth × gridHeight grid per layer, the exact, machine-independent part of decoding.
     *
     * @since 0.3
     */
    public int[][] decodeGrids(VqzTiles container, int layers) throws IOException {
        VqzHeader h = container.header();
        ModelBundle bundle = bundleFor(h);
        int n = layersToDecode(h, layers);
        String what = "decoding the " + n + " code grids of " + h.gridWidth() + " x " + h.gridHeight();
        limits.checkWork(what, (long) h.width() * h.height(), n);
        try (VqzLimits.MemoryReservation memory = limits.reserveMemory(what,
                4L * n * h.gridWidth() * h.gridHeight() + tileWork(bundle, h, n));
             Workers workers = tileWorkers()) {
            Codes codes = new Codes(bundle, h.gridWidth(), h.gridHeight(), n, true);
            Progress progress = new Progress(null, null, "decoding");
            Future<?>[] tiles = decodeTiles(container, codes, 0, 0, h.tilesAcross() - 1, h.tilesDown() - 1, workers,
                    progress);
            for (Future<?> t : tiles) {
                progress.await(t);
            }
            return codes.grids;
        }
    }

    /**
     * The tiles' threads: never the caller's own, which polls the abort and the interrupt while it waits, so a decode
     * stops within a layer of a tile (about 50 ms) even on one thread.
     */
    private Workers tileWorkers() {
        return threads <= 1 ? Workers.background() : new Workers(threads);
    }

    /** What the tiles decode into: the code grid(s), and what the decoder network takes (its kind says which). */
    private static final class Codes {
        final ModelBundle bundle;
        final int gridWidth;
        final int layers;
        /** One grid per layer; only the base layer's unless every layer's is asked for. */
        final int[][] grids;
        /** The summed codewords, position-major, D per position; null where the decoder network takes codes. */
        final float[] latents;

        Codes(ModelBundle bundle, int gridWidth, int gridHeight, int layers, boolean allGrids) {
            this.bundle = bundle;
            this.gridWidth = gridWidth;
            this.layers = layers;
            int n = gridWidth * gridHeight;
            boolean sums = bundle.kind().decoderTakesSums();
            grids = new int[allGrids ? layers : sums ? 0 : 1][];
            for (int l = 0; l < grids.length; l++) {
                grids[l] = new int[n];
            }
            latents = sums && !allGrids ? new float[n * bundle.manifest().codeDimension] : null;
        }

        /** Tile i's summed codewords out of the grid's (w·h·D, position-major): what {@link #store} put there. */
        float[] load(TileGrid tiles, int i) {
            int dim = bundle.manifest().codeDimension;
            int w = tiles.width(i);
            float[] sum = new float[w * tiles.height(i) * dim];
            for (int y = 0; y < tiles.height(i); y++) {
                System.arraycopy(latents, ((tiles.y(i) + y) * gridWidth + tiles.x(i)) * dim, sum, y * w * dim,
                        w * dim);
            }
            return sum;
        }

        /** Copies tile i's summed codewords (w·h·D, position-major) into the grid's. */
        void store(TileGrid tiles, int i, float[] sum) {
            int dim = bundle.manifest().codeDimension;
            int w = tiles.width(i);
            for (int y = 0; y < tiles.height(i); y++) {
                System.arraycopy(sum, y * w * dim, latents, ((tiles.y(i) + y) * gridWidth + tiles.x(i)) * dim,
                        w * dim);
            }
        }

        void decodeTile(VqzTiles file, VqzHeader h, int i) throws IOException {
            TileGrid tiles = h.tileGrid();
            int w = tiles.width(i);
            int hh = tiles.height(i);
            int[][] codes = new int[layers][];
            float[] sum = LayerStack.decode(bundle, file, i, w, hh, layers, codes);
            if (latents != null) {
                store(tiles, i, sum);
            }
            for (int l = 0; l < grids.length; l++) {
                tiles.insert(grids[l], i, codes[l]);
            }
        }
    }

    private ModelBundle bundleFor(VqzHeader h) throws IOException {
        if (h.formatVersion() == RESERVED_VERSION) {
            throw new io.vqz.format.VqzFormatException("container version 3 (bit planes, written by VQZ 0.4-0.8 with "
                    + "test models only; FORMAT.md 9.6) is no longer decoded", 0);
        }
        ModelBundle bundle = registry().find(h.model())
                .orElseThrow(() -> new MissingModelException(h.model(), h.modelName()));
        if (h.codebookSize() != bundle.codebookSize() || h.downsampling() != bundle.downsampling()
                || h.cdfPrecisionBits() != io.vqz.entropy.Cdf.TOTAL_BITS) {
            throw new ModelMismatchException(bundle.name(), "K=" + h.codebookSize() + ", f=" + h.downsampling()
                    + ", CDF bits=" + h.cdfPrecisionBits() + " against the model's K=" + bundle.codebookSize() + ", f="
                    + bundle.downsampling() + ", 16");
        }
        if (h.formatVersion() != bundle.containerVersion() || h.layers() > bundle.layers()) {
            throw new ModelMismatchException(bundle.name(), "format version " + h.formatVersion() + " with "
                    + h.layers() + " layers, but the model is "
                    + bundle.kind().describe(bundle.layers(), bundle.containerVersion()));
        }
        return bundle;
    }

    /** The container version of plane models, taken out of the product in 0.9 (no shipped model used it). */
    private static final int RESERVED_VERSION = 3;

    /** Code rows a preview pass draws per task. */
    private static final int PREVIEW_STRIP = 16;

    /** Whether a decode with these options goes layer by layer over all tiles (passes of a layered file). */
    private static boolean layerByLayer(ModelBundle bundle, DecodeOptions o, int layers) {
        return o.passes() != null && o.scale() == 1 && bundle.kind().decoderTakesSums() && layers > 1;
    }

    /**
     * The passes before the last of a layer-by-layer decode: each code layer of every tile in the range, then its
     * picture drawn by a {@link LinearPreview} (fitted once, on the first pass) into the output, and the listener told.
     */
    private static void previewPasses(VqzTiles c, Codes codes, int layers, PassListener listener, OutputImage out,
                                      int b, int bx0, int by0, int bx1, int by1, int tx0, int ty0, int tx1, int ty1,
                                      Workers workers, Workers network, Progress progress) throws IOException {
        VqzHeader h = c.header();
        int f = h.downsampling();
        int gw = h.gridWidth();
        int px0 = bx0 * b;
        int pw = Math.min(gw, (bx1 + 1) * b) - px0;
        int py0 = by0 * b;
        int py1 = Math.min(h.gridHeight(), (by1 + 1) * b);
        LinearPreview preview = null;
        for (int l = 0; l < layers - 1; l++) {
            for (Future<?> t : decodeLayer(c, codes, l, tx0, ty0, tx1, ty1, workers, progress)) {
                if (t != null) {
                    progress.await(t);
                }
            }
            if (preview == null) {
                preview = progress.await(network.submit(() -> LinearPreview.fit(codes.bundle, codes.latents, gw,
                        h.gridHeight())));
            }
            // strips drawn on the tile threads, put in the output on this one (its sink's thread)
            LinearPreview fitted = preview;
            List<Future<float[]>> drawn = new ArrayList<>();
            for (int y = py0; y < py1; y += PREVIEW_STRIP) {
                int y0 = y;
                drawn.add(workers.submit(() -> fitted.render(codes.latents, gw, px0, y0, pw,
                        Math.min(PREVIEW_STRIP, py1 - y0))));
            }
            for (int y = py0, k = 0; y < py1; y += PREVIEW_STRIP) {
                out.put(progress.await(drawn.get(k++)), px0 * f, y * f, pw * f, Math.min(PREVIEW_STRIP, py1 - y) * f);
            }
            listener.passComplete(l + 1, layers);
        }
    }

    /**
     * Submits code layer {@code l} of the tiles tx0..tx1 × ty0..ty1, each tile continuing from the sum of the layers
     * before it as the latent grid holds it.
     */
    private static Future<?>[] decodeLayer(VqzTiles c, Codes codes, int l, int tx0, int ty0, int tx1, int ty1,
                                           Workers workers, Progress progress) {
        TileGrid grid = c.header().tileGrid();
        return submitTiles(c.header(), tx0, ty0, tx1, ty1, workers, progress, i -> codes.store(grid, i,
                LayerStack.decodeLayer(codes.bundle, c, i, grid.width(i), grid.height(i), l,
                        l == 0 ? null : codes.load(grid, i), null)));
    }

    private static Future<?>[] decodeTiles(VqzTiles c, Codes codes, int tx0, int ty0, int tx1, int ty1,
                                           Workers workers, Progress progress) {
        return submitTiles(c.header(), tx0, ty0, tx1, ty1, workers, progress, i -> codes.decodeTile(c, c.header(), i));
    }

    /** Work on one tile, by index. */
    private interface TileTask {
        void run(int tile) throws IOException;
    }

    /** Submits a task for each tile of tx0..tx1 × ty0..ty1, stopping at the first after an abort. */
    private static Future<?>[] submitTiles(VqzHeader h, int tx0, int ty0, int tx1, int ty1, Workers workers,
                                           Progress progress, TileTask task) {
        Future<?>[] futures = new Future<?>[h.tileCount()];
        for (int ty = ty0; ty <= ty1; ty++) {
            for (int tx = tx0; tx <= tx1; tx++) {
                int i = h.tileGrid().index(tx, ty);
                futures[i] = workers.submit(() -> {
                    if (progress.stopped()) {
                        throw new InterruptedIOException("decoding aborted");
                    }
                    task.run(i);
                    progress.finished(1);
                    return null;
                });
            }
        }
        return futures;
    }

    /** Waits for the tiles overlapping the code rectangle [x0,x1)×[y0,y1). */
    private static void awaitTiles(VqzHeader h, Future<?>[] tiles, int tx0, int ty0, int tx1, int ty1, int x0,
                                   int y0, int x1, int y1, Progress progress) throws IOException {
        int ax0 = Math.max(tx0, Math.max(0, x0) / h.tileWidth());
        int ay0 = Math.max(ty0, Math.max(0, y0) / h.tileHeight());
        int ax1 = Math.min(tx1, (Math.min(h.gridWidth(), x1) - 1) / h.tileWidth());
        int ay1 = Math.min(ty1, (Math.min(h.gridHeight(), y1) - 1) / h.tileHeight());
        for (int ty = ay0; ty <= ay1; ty++) {
            for (int tx = ax0; tx <= ax1; tx++) {
                progress.await(tiles[h.tileGrid().index(tx, ty)]);
            }
        }
    }

    /** Builds a {@link VqzDecoder}. Not thread-safe. */
    public static final class Builder {
        private int threads = Workers.defaultThreads();
        private ModelRegistry registry;
        private VqzLimits limits = VqzLimits.fromSystemProperties();

        private Builder() {
        }

        /** @param threads threads for decoding tiles, at least 1; the result does not depend on it */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** @param registry where models are looked up; null: {@link ModelRegistry#standard()} (built once) */
        public Builder registry(ModelRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** @param limits caps on declared sizes, checked before allocation */
        public Builder limits(VqzLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The decoder. */
        public VqzDecoder build() {
            return new VqzDecoder(this);
        }
    }

    private static final class StandardRegistry {
        private static final ModelRegistry INSTANCE = ModelRegistry.standard();

        static ModelRegistry get() {
            return INSTANCE;
        }
    }
}
