package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.entropy.PlaneCoder;
import io.vqz.entropy.PlaneContext;
import io.vqz.entropy.TileCoder;
import io.vqz.format.VqzTiles;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The code layers of one tile of a layered model, in both directions: the one place that walks the layers. Layer
 * {@code l} is coded with its own prior, which for {@code l ≥ 1} sees at every position of the tile the sum of
 * the codewords layers {@code 0 .. l − 1} chose there ({@link Codebook#accumulate}); the decoder network takes the
 * sum over every layer decoded. Encoder and decoder build the sums with the same code, so they agree bit for bit.
 * <p>
 * A plane model (bundle format 3) has one such layer, the base; its other layers are the planes of the latent's
 * residual ({@link PlaneCoder}), coded with the means and scales its {@link PlaneContext} computes from the base
 * layer's codewords, and the decoder network takes {@code q0 + (μ + reconstruction)}.
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
        double bits;

        Encoded(int layers) {
            payloads = new byte[layers][];
            codes = new int[layers][];
        }
    }

    /**
     * Encodes the tile (x0, y0, w, h) of a latents block into {@code layers} layers: layer {@code l} quantises what
     * the layers before it left of the latent (residual VQ), each choosing its codes as
     * {@link #indexChoice} says.
     */
    static Encoded encode(ModelBundle bundle, NetworkTiles.Latents lat, int x0, int y0, int w, int h,
                          OperatingPoint point) throws IOException {
        int layers = point.layers();
        int dim = lat.dim;
        int n = w * h;
        float[] residual = new float[n * dim];
        for (int y = 0; y < h; y++) {
            System.arraycopy(lat.z, ((y0 + y) * lat.w + x0) * dim, residual, y * w * dim, w * dim);
        }
        Encoded out = new Encoded(layers);
        float[] sum = null;
        for (int l = 0; l < bundle.codeLayers() && l < layers; l++) {
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
            TileEncoding t = indexChoice(bundle, book, l, l == layers - 1, point);
            // a rate–distortion choice scans every codeword's distance itself and finds the nearest there
            int[] nearest = t.nearestOnly() ? new int[n] : null;
            float[] scratch = nearest != null ? new float[book.size] : null;
            for (int p = 0; nearest != null && p < n; p++) {
                nearest[p] = book.nearest(residual, p * dim, scratch);
            }
            t.encode(bundle.prior(l), sum, new NetworkTiles.Latents(0, 0, w, h, dim, residual, nearest), 0, 0, w, h);
            out.payloads[l] = t.payload;
            out.codes[l] = t.codes;
            out.bits += t.bits;
            sum = book.accumulate(sum, t.codes);
        }
        if (layers > 1 && bundle.planes()) {
            encodePlanes(bundle, residual, sum, w, h, point, out);
        }
        return out;
    }

    /**
     * Layer {@code l}'s index choice: its own rate weight from the manifest (an entropy-constrained codebook's, over
     * all codewords, as it was trained), plus the operating point's λ if it is the last layer sent; the nearest
     * codeword where both are 0. So a band of the quality scale ends at the point each layer was trained for, which
     * for such a codebook lies on the rate–distortion hull where its nearest codewords do not.
     */
    private static TileEncoding indexChoice(ModelBundle bundle, Codebook book, int l, boolean last,
                                            OperatingPoint point) {
        double own = bundle.manifest().rateWeight(l) / book.spacing();
        double lambda = own + (last && !point.nearest() ? point.lambda() : 0);
        if (lambda == 0) {
            return new TileEncoding(null, 0, 1);
        }
        return new TileEncoding(book, lambda, own > 0 ? book.size : point.candidates());
    }

    /**
     * The planes 0 … {@code layers − 2} of the latent minus the base layer's codewords ({@code residual} on entry),
     * each element's index taken at the finest plane sent and shifted down for the coarser ones. Below the top of
     * its quality band, the finest plane keeps an element's last bit (plane 0: its last unary step) only where it pays: where the squared error it
     * saves, in units of that plane's step squared, exceeds λ times the bits it costs. The context never sees a
     * plane, so each element's choice is independent of the others' and this greedy choice is the optimum.
     */
    private static void encodePlanes(ModelBundle bundle, float[] residual, float[] base, int w, int h,
                                     OperatingPoint point, Encoded out) throws IOException {
        int layers = out.payloads.length;
        int e0 = bundle.manifest().planeDelta0Eighths;
        int finest = layers - 2;
        int count = base.length;
        float[] mu = new float[count];
        int[] scales = new int[count];
        bundle.planeContext().evaluate(base, w, h, mu, scales);
        int[] finestIndex = new int[count];
        double scale = 1.0 / PlaneCoder.step(e0, finest);
        long cap = ((long) PlaneCoder.MAX_MAGNITUDE + 1 << finest) - 1;
        double lambda = point.nearest() ? 0 : point.lambda();
        for (int e = 0; e < count; e++) {
            double y = (double) residual[e] - base[e] - mu[e];
            double a = Math.abs(y) * scale;
            int m = (int) Math.min(cap, StrictMath.floor(a));
            // plane 0 may lower any magnitude, a later plane only its own bit
            if (lambda > 0 && (finest == 0 ? m > 0 : (m & 1) != 0)) {
                // one less: reconstruction m − 1 + 1/2 (or 0), in units of the finest step
                double kept = a - (m + 0.5);
                double cleared = m == 1 ? a : a - (m - 0.5);
                double saved = PlaneCoder.bits(scales[e], m, finest, e0) - PlaneCoder.bits(scales[e], m - 1, finest, e0);
                m -= cleared * cleared - kept * kept < lambda * saved ? 1 : 0;
            }
            finestIndex[e] = y < 0 ? -m : m;
        }
        for (int j = 0; j <= finest; j++) {
            int[] q = new int[count];
            for (int e = 0; e < count; e++) {
                int m = Math.abs(finestIndex[e]) >> (finest - j);
                q[e] = finestIndex[e] < 0 ? -m : m;
            }
            out.payloads[j + 1] = PlaneCoder.encode(scales, q, count, j, e0);
            out.codes[j + 1] = q;
            out.bits += PlaneCoder.bits(scales, q, count, j, e0);
        }
    }

    /**
     * Decodes the first {@code layers} layers of tile {@code index} and returns the sum of their codewords, the
     * decoder network's input there ({@code w·h·D} floats, position-major).
     *
     * @param codes receives each layer's codes ({@code codes[l]}, raster order) if not null
     * @throws EntropyDecodingException if a payload is invalid, naming the tile and layer
     */
    static float[] decode(ModelBundle bundle, VqzTiles file, int index, int w, int h, int layers, int[][] codes)
            throws IOException {
        float[] sum = null;
        for (int l = 0; l < bundle.codeLayers() && l < layers; l++) {
            sum = decodeLayer(bundle, file, index, w, h, l, sum, codes);
        }
        return layers > 1 && bundle.planes() ? decodePlanes(bundle, file, index, w, h, layers, sum, codes) : sum;
    }

    /**
     * Decodes code layer {@code l} of tile {@code index} given the sum of the codewords of the layers before it
     * (null for the base layer) and returns the sum with this layer's codewords added: one step of {@link
     * #decode}, so a progressive decode can go layer by layer over all tiles.
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
        return bundle.codebook(l).accumulate(sum, decoded);
    }

    /** Adds to the base layer's codewords the means and the reconstruction of planes 0 … {@code layers − 2}. */
    private static float[] decodePlanes(ModelBundle bundle, VqzTiles file, int index, int w, int h, int layers,
                                        float[] base, int[][] codes) throws IOException {
        int e0 = bundle.manifest().planeDelta0Eighths;
        int count = base.length;
        float[] mu = new float[count];
        int[] scales = new int[count];
        bundle.planeContext().evaluate(base, w, h, mu, scales);
        int[] q = new int[count];
        for (int j = 0; j + 1 < layers; j++) {
            try {
                PlaneCoder.decode(file.tilePayload(j + 1, index), scales, q, count, j, e0);
            } catch (EntropyDecodingException e) {
                throw new EntropyDecodingException("tile " + index + " of layer " + (j + 1) + ": " + e.getMessage(), e);
            }
            if (codes != null) {
                codes[j + 1] = q.clone();
            }
        }
        float step = (float) PlaneCoder.step(e0, layers - 2);
        float[] sum = new float[count];
        for (int e = 0; e < count; e++) {
            int m = Math.abs(q[e]);
            float r = m == 0 ? 0f : (q[e] < 0 ? -(m + 0.5f) : m + 0.5f) * step;
            sum[e] = base[e] + (mu[e] + r);
        }
        return sum;
    }
}
