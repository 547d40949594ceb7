package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.entropy.TileCoder;
import io.vqz.format.VqzTiles;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The code layers of one tile, in both directions, for every kind of model (a single-layer model has one): the one
 * place that walks the layers (FORMAT.md 9.1, 9.5). Layer {@code l} is coded with its own prior, which for
 * {@code l ≥ 1} sees at every position of the tile the sum of the codewords layers {@code 0 .. l − 1} chose there
 * ({@link Codebook#accumulate}); a layered model's decoder network takes the sum over every layer decoded. Encoder
 * and decoder build the sums with the same code, so they agree bit for bit.
 * <p>
 * Stateless and thread-safe.
 */
final class LayerStack {
    private LayerStack() {
    }

    /** The payloads of one tile's layers and what they cost. */
    static final class Encoded {
        final byte[][] payloads;
        final int[][] codes;
        /** Each layer's bits under its prior; {@link #bits} is their sum. */
        final double[] layerBits;
        double bits;

        Encoded(int layers) {
            payloads = new byte[layers][];
            codes = new int[layers][];
            layerBits = new double[layers];
        }
    }

    /**
     * Encodes the tile (x0, y0, w, h) of a latents block into {@code layers} layers: layer {@code l} quantises what
     * the layers before it left of the latent (residual VQ), each choosing its codes as
     * {@link #indexChoice} says. The nearest codewords of the base layer are the encoder network's where it outputs
     * them ({@link ModelKind#encoderChoosesCodes()}), else found here.
     */
    static Encoded encode(ModelBundle bundle, NetworkTiles.Latents lat, int x0, int y0, int w, int h,
                          OperatingPoint point) throws IOException {
        return encode(bundle, lat, x0, y0, w, h, point, false);
    }

    /**
     * As above, or with {@code order0} each layer's codes chosen before it is coded, under order-0 bits
     * ({@link Order0Choice}); its bits are then those of the payload.
     */
    static Encoded encode(ModelBundle bundle, NetworkTiles.Latents lat, int x0, int y0, int w, int h,
                          OperatingPoint point, boolean order0) throws IOException {
        int layers = point.layers();
        int dim = lat.dim;
        int n = w * h;
        float[] residual = new float[n * dim];
        for (int y = 0; y < h; y++) {
            System.arraycopy(lat.z, ((y0 + y) * lat.w + x0) * dim, residual, y * w * dim, w * dim);
        }
        Encoded out = new Encoded(layers);
        Order0Choice choice = order0 ? new Order0Choice() : null;
        float[] sum = null;
        for (int l = 0; l < bundle.layers() && l < layers; l++) {
            Codebook book = bundle.codebook(l);
            if (l > 0) {
                float[] words = bundle.codebook(l - 1).words;
                int[] chosen = out.codes[l - 1];
                for (int p = 0; p < n; p++) {
                    for (int d = 0; d < dim; d++) {
                        residual[p * dim + d] -= words[chosen[p] * dim + d];
                    }
                }
            }
            if (order0) { // chosen first, then coded in one pass of the prior
                boolean last = l == layers - 1;
                int[] nearest = l == 0 ? lat.nearest == null ? null : tileOf(lat.nearest, lat.w, x0, y0, w, h) : null;
                int[] codes = choice.choose(book, residual, n, lambda(bundle, book, l, last, point), last, nearest);
                out.payloads[l] = TileCoder.encode(bundle.prior(l), codes, w, h, sum);
                out.codes[l] = codes;
                out.layerBits[l] = 8.0 * out.payloads[l].length;
                out.bits += out.layerBits[l];
                if (l + 1 < layers) {
                    sum = book.accumulate(sum, codes);
                }
                continue;
            }
            TileEncoding t = indexChoice(bundle, book, l, l == layers - 1, point);
            // a rate–distortion choice scans every codeword's distance itself and finds the nearest there
            int[] nearest = l == 0 && lat.nearest != null ? tileOf(lat.nearest, lat.w, x0, y0, w, h)
                    : t.nearestOnly() ? nearestCodes(book, residual, n) : null;
            t.encode(bundle.prior(l), sum, new NetworkTiles.Latents(0, 0, w, h, dim, residual, nearest), 0, 0, w, h);
            out.payloads[l] = t.payload;
            out.codes[l] = t.codes;
            out.layerBits[l] = t.bits;
            out.bits += t.bits;
            if (l + 1 < layers) { // the next layer's prior sees it
                sum = book.accumulate(sum, t.codes);
            }
        }
        return out;
    }

    /**
     * The tile {@code coded} (w × h) with its last layer's codes replaced by {@code last}, coded again under that
     * layer's prior; the layers before it are the same bytes, as their priors do not see it.
     */
    static Encoded withLastLayer(ModelBundle bundle, Encoded coded, int w, int h, int[] last) throws IOException {
        int l = coded.codes.length - 1;
        float[] context = coarseSum(bundle, coded, l);
        Encoded out = new Encoded(l + 1);
        for (int k = 0; k < l; k++) {
            out.payloads[k] = coded.payloads[k];
            out.codes[k] = coded.codes[k];
            out.layerBits[k] = coded.layerBits[k];
            out.bits += coded.layerBits[k];
        }
        double[] bits = {0};
        out.codes[l] = new int[w * h];
        out.payloads[l] = TileCoder.encode(bundle.prior(l), w, h, context, (i, cursor) -> {
            bits[0] += cursor.bits(last[i]);
            return last[i];
        }, out.codes[l]);
        out.layerBits[l] = bits[0];
        out.bits += bits[0];
        return out;
    }

    /**
     * The sum of the codewords layers {@code 0 .. l − 1} of a tile chose: layer {@code l}'s prior context (null for
     * the base layer), built as {@link #encode} builds it.
     */
    static float[] coarseSum(ModelBundle bundle, Encoded coded, int l) throws IOException {
        float[] sum = null;
        for (int k = 0; k < l; k++) {
            sum = bundle.codebook(k).accumulate(sum, coded.codes[k]);
        }
        return sum;
    }

    /** The nearest codeword to each of the n latents (D per position). */
    private static int[] nearestCodes(Codebook book, float[] latents, int n) {
        int[] nearest = new int[n];
        float[] scratch = new float[book.size];
        for (int p = 0; p < n; p++) {
            nearest[p] = book.nearest(latents, p * book.dimension, scratch);
        }
        return nearest;
    }

    /** The tile (x0, y0, w, h) of a row-major grid {@code gridW} wide. */
    private static int[] tileOf(int[] grid, int gridW, int x0, int y0, int w, int h) {
        int[] tile = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(grid, (y0 + y) * gridW + x0, tile, y * w, w);
        }
        return tile;
    }

    /**
     * Layer {@code l}'s index choice: its own rate weight from the manifest (an entropy-constrained codebook's, over
     * all codewords, as it was trained), plus the operating point's λ if it is the last layer sent; the nearest
     * codeword where both are 0. So a band of the quality scale ends at the point each layer was trained for, which
     * for such a codebook lies on the rate–distortion hull where its nearest codewords do not. An operating point
     * of one candidate (quality 100) gives the last layer its nearest codewords, the most faithful it can send.
     */
    private static TileEncoding indexChoice(ModelBundle bundle, Codebook book, int l, boolean last,
                                            OperatingPoint point) {
        double own = ownRateWeight(bundle, book, l, last, point);
        double lambda = lambda(bundle, book, l, last, point);
        if (lambda == 0) {
            return new TileEncoding(null, 0, 1);
        }
        return new TileEncoding(book, lambda, own > 0 ? book.size : point.candidates());
    }

    /** Layer {@code l}'s rate weight in its index choice ({@link #indexChoice}), in codebook spacings per bit. */
    static double lambda(ModelBundle bundle, Codebook book, int l, boolean last, OperatingPoint point) {
        return ownRateWeight(bundle, book, l, last, point) + (last && !point.nearest() ? point.lambda() : 0);
    }

    private static double ownRateWeight(ModelBundle bundle, Codebook book, int l, boolean last, OperatingPoint point) {
        return last && point.candidates() == 1 ? 0 : bundle.manifest().rateWeight(l) / book.spacing();
    }

    /**
     * Decodes the first {@code layers} layers of tile {@code index} and returns the sum of their codewords, a
     * layered model's decoder network input there ({@code w·h·D} floats, position-major; null for a model whose
     * decoder network takes the codes).
     *
     * @param codes receives each layer's codes ({@code codes[l]}, raster order) if not null
     * @throws EntropyDecodingException if a payload is invalid, naming the tile and layer
     */
    static float[] decode(ModelBundle bundle, VqzTiles file, int index, int w, int h, int layers, int[][] codes)
            throws IOException {
        float[] sum = null;
        for (int l = 0; l < bundle.layers() && l < layers; l++) {
            sum = decodeLayer(bundle, file, index, w, h, l, sum, codes);
        }
        return sum;
    }

    /**
     * Decodes code layer {@code l} of tile {@code index} given the sum of the codewords of the layers before it
     * (null for the base layer) and returns the sum with this layer's codewords added (null where the decoder
     * network takes the codes): one step of {@link #decode}, so a progressive decode can go layer by layer over all
     * tiles.
     */
    static float[] decodeLayer(ModelBundle bundle, VqzTiles file, int index, int w, int h, int l, float[] sum,
                               int[][] codes) throws IOException {
        if (Thread.currentThread().isInterrupted()) { // an aborted decode interrupts its workers
            throw new InterruptedIOException("decoding aborted");
        }
        int[] decoded;
        try {
            decoded = TileCoder.decode(bundle.prior(l), file.tilePayload(l, index), w, h, sum);
        } catch (EntropyDecodingException e) {
            throw new EntropyDecodingException("tile " + index + (l == 0 ? "" : " of layer " + l) + ": "
                    + e.getMessage(), e);
        }
        if (codes != null) {
            codes[l] = decoded;
        }
        return bundle.kind().decoderTakesSums() ? bundle.codebook(l).accumulate(sum, decoded) : null;
    }
}
