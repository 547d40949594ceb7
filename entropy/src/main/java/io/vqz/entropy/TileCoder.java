package io.vqz.entropy;

import io.vqz.format.TileGrid;

/**
 * Codes a tile of codebook indices with a {@link PixelCnnPrior} and the range coder (FORMAT.md 9.1), and a whole
 * grid of such tiles one after another.
 * <p>
 * A tile is coded in raster order as if it were the whole image, so tiles are independent: the bytes of a
 * tile depend only on the prior and its codes, never on the order tiles run in, which is what lets the codec run
 * them on its one pool of workers ({@code codec/Workers}). Grids are split into tiles as {@link TileGrid}
 * defines.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class TileCoder {
    private TileCoder() {
    }

    /**
     * Picks the code sent at each position of a tile while it is encoded: the encoder's index choice, which sees
     * the cost of every code under the tables the range coder will use there ({@link PriorCursor#bits(int)}), so a
     * rate-aware choice pays exactly what the coder pays.
     *
     * @since 0.2
     */
    @FunctionalInterface
    public interface Chooser {
        /**
         * @param position the position in the tile, in raster order
         * @param cursor   the prior at that position: ask it {@link PriorCursor#bits(int)}, do not advance it
         * @return the code to send, in {@code [0, K)}
         */
        int choose(int position, PriorCursor cursor);
    }

    /**
     * Encodes one tile.
     *
     * @param prior the prior
     * @param codes {@code w·h} codes in raster order, each in {@code [0, K)}
     * @param w     tile width, at least 0
     * @param h     tile height, at least 0
     * @return the payload (empty for an empty tile)
     */
    public static byte[] encode(PixelCnnPrior prior, int[] codes, int w, int h) {
        return encode(prior, codes, w, h, null);
    }

    /**
     * Encodes one tile of a layer whose prior takes a coarse context (a refinement layer), its codes known before:
     * the same bytes as {@link #encode(PixelCnnPrior, int, int, float[], Chooser, int[])} returning them, in one
     * pass of the native kernel where it runs, since nothing is chosen between positions.
     *
     * @param context the coarse context, as {@link PixelCnnPrior#cursor(int, int, float[])} takes it; null for a
     *                base-layer prior
     * @since 0.9
     */
    public static byte[] encode(PixelCnnPrior prior, int[] codes, int w, int h, float[] context) {
        checkCodes(prior, codes, w, h);
        RangeEncoder enc = new RangeEncoder(w * h + 16);
        prior.cursor(w, h, context).writeAll(enc, codes);
        return enc.finish();
    }

    /**
     * Encodes one tile whose codes are chosen as it goes: the one encoding loop, the mirror of {@link #decode}.
     *
     * @param prior   the prior
     * @param w       tile width, at least 0
     * @param h       tile height, at least 0
     * @param chooser picks each position's code, in raster order
     * @param chosen  receives the {@code w·h} codes sent, in raster order; may be null
     * @return the payload (empty for an empty tile)
     * @throws IllegalArgumentException if the chooser returns a code outside {@code [0, K)}
     * @since 0.2
     */
    public static byte[] encode(PixelCnnPrior prior, int w, int h, Chooser chooser, int[] chosen) {
        return encode(prior, w, h, null, chooser, chosen);
    }

    /**
     * Encodes one tile of a layer whose prior takes a coarse context (a refinement layer), codes chosen as it goes.
     *
     * @param prior   the prior
     * @param w       tile width, at least 0
     * @param h       tile height, at least 0
     * @param context the coarse context, as {@link PixelCnnPrior#cursor(int, int, float[])} takes it; null for a
     *                base-layer prior
     * @param chooser picks each position's code, in raster order
     * @param chosen  receives the {@code w·h} codes sent, in raster order; may be null
     * @return the payload (empty for an empty tile)
     * @since 0.3
     */
    public static byte[] encode(PixelCnnPrior prior, int w, int h, float[] context, Chooser chooser, int[] chosen) {
        checkSize(w, h);
        int n = w * h;
        if (chosen != null && chosen.length != n) {
            throw new IllegalArgumentException(chosen.length + " slots for " + w + "x" + h + " codes");
        }
        int k = prior.codebookSize();
        PriorCursor cursor = prior.cursor(w, h, context);
        RangeEncoder enc = new RangeEncoder(n + 16);
        for (int i = 0; i < n; i++) {
            int s = chooser.choose(i, cursor);
            if (s < 0 || s >= k) {
                throw new IllegalArgumentException("code " + s + " outside 0.." + (k - 1));
            }
            cursor.write(enc, s);
            if (chosen != null) {
                chosen[i] = s;
            }
        }
        return enc.finish();
    }

    /**
     * Decodes one tile.
     *
     * @param prior   the prior the payload was encoded with
     * @param payload the payload, exactly as {@link #encode} returned it
     * @param w       tile width, at least 0
     * @param h       tile height, at least 0
     * @return {@code w·h} codes in raster order
     * @throws EntropyDecodingException if the payload ended early, has bytes after the last code, or is
     *                                  otherwise not a valid payload
     */
    public static int[] decode(PixelCnnPrior prior, byte[] payload, int w, int h) throws EntropyDecodingException {
        return decode(prior, payload, w, h, null);
    }

    /**
     * Decodes one tile of a layer whose prior takes a coarse context (a refinement layer).
     *
     * @param prior   the prior the payload was encoded with
     * @param payload the payload, exactly as {@link #encode} returned it
     * @param w       tile width, at least 0
     * @param h       tile height, at least 0
     * @param context the coarse context the encoder used; null for a base-layer prior
     * @return {@code w·h} codes in raster order
     * @throws EntropyDecodingException if the payload is not a valid payload
     * @since 0.3
     */
    public static int[] decode(PixelCnnPrior prior, byte[] payload, int w, int h, float[] context)
            throws EntropyDecodingException {
        checkSize(w, h);
        PriorCursor cursor = prior.cursor(w, h, context);
        RangeDecoder dec = new RangeDecoder(payload);
        int[] codes = new int[w * h];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = cursor.read(dec);
        }
        dec.finish();
        return codes;
    }

    /**
     * The ideal code length of a tile: the sum over its positions of {@code -log2(freq / 2^16)} under the
     * prior's integer tables. {@link #encode} stays within a fraction of a byte and a small per-symbol
     * fraction of this.
     *
     * @param prior the prior
     * @param codes {@code w·h} codes in raster order
     * @param w     tile width
     * @param h     tile height
     * @return bits
     */
    public static double idealBits(PixelCnnPrior prior, int[] codes, int w, int h) {
        checkCodes(prior, codes, w, h);
        PriorCursor cursor = prior.cursor(w, h);
        double bits = 0;
        for (int s : codes) {
            bits += cursor.bits(s);
            cursor.advance(s);
        }
        return bits;
    }

    /**
     * Encodes a grid tile by tile, on the calling thread.
     *
     * @param prior      the prior
     * @param grid       {@code gridWidth·gridHeight} codes in raster order
     * @param gridWidth  grid width
     * @param gridHeight grid height
     * @param tileWidth  tile width, at least 1
     * @param tileHeight tile height, at least 1
     * @return one payload per tile, tiles in raster order
     * @since 0.9 (before: with a thread count)
     */
    public static byte[][] encodeTiles(PixelCnnPrior prior, int[] grid, int gridWidth, int gridHeight,
                                       int tileWidth, int tileHeight) {
        checkCodes(prior, grid, gridWidth, gridHeight);
        TileGrid t = new TileGrid(gridWidth, gridHeight, tileWidth, tileHeight);
        byte[][] out = new byte[t.count()][];
        for (int i = 0; i < t.count(); i++) {
            out[i] = encode(prior, t.extract(grid, i), t.width(i), t.height(i));
        }
        return out;
    }

    /**
     * Decodes a grid tile by tile, on the calling thread.
     *
     * @param prior      the prior the payloads were encoded with
     * @param payloads   one payload per tile, tiles in raster order
     * @param gridWidth  grid width
     * @param gridHeight grid height
     * @param tileWidth  tile width, at least 1
     * @param tileHeight tile height, at least 1
     * @return {@code gridWidth·gridHeight} codes in raster order
     * @throws EntropyDecodingException if a payload is invalid (the first tile in raster order that fails)
     * @since 0.9 (before: with a thread count)
     */
    public static int[] decodeTiles(PixelCnnPrior prior, byte[][] payloads, int gridWidth, int gridHeight,
                                    int tileWidth, int tileHeight) throws EntropyDecodingException {
        checkSize(gridWidth, gridHeight);
        TileGrid t = new TileGrid(gridWidth, gridHeight, tileWidth, tileHeight);
        if (payloads.length != t.count()) {
            throw new IllegalArgumentException(payloads.length + " payloads for " + t.count() + " tiles");
        }
        int[] grid = new int[gridWidth * gridHeight];
        for (int i = 0; i < t.count(); i++) {
            t.insert(grid, i, decode(prior, payloads[i], t.width(i), t.height(i)));
        }
        return grid;
    }

    static void checkSize(int w, int h) {
        if (w < 0 || h < 0 || (long) w * h > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad size " + w + "x" + h);
        }
    }

    private static void checkCodes(PixelCnnPrior prior, int[] codes, int w, int h) {
        checkSize(w, h);
        if (codes.length != w * h) {
            throw new IllegalArgumentException(codes.length + " codes for " + w + "x" + h);
        }
        int k = prior.codebookSize();
        for (int s : codes) {
            if (s < 0 || s >= k) {
                throw new IllegalArgumentException("code " + s + " outside 0.." + (k - 1));
            }
        }
    }
}
