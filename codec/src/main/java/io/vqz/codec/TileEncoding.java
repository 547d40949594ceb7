package io.vqz.codec;

import io.vqz.entropy.PixelCnnPrior;
import io.vqz.entropy.PriorCursor;
import io.vqz.entropy.TileCoder;

/**
 * Chooses the indices of one code tile as {@link TileCoder} codes it, in a single pass of the prior: at every
 * position the integer CDF is both the rate term of the choice and the table the range coder uses, so the
 * choice pays exactly what the coder pays. The bytes equal {@link TileCoder#encode(PixelCnnPrior, int[], int,
 * int)} of the chosen codes.
 * Not thread-safe (one instance per thread); the inputs are only read.
 */
final class TileEncoding {
    private final Codebook codebook;
    private final double lambda;
    private final int candidates;
    private final float[] dist;
    private final float[] select;
    /** The codewords inside the bound of the current choice and their squared distances. */
    private final int[] near;
    private final float[] nearDist;

    byte[] payload;
    double bits;
    int[] codes;

    /** The index choice of a single-layer model's quality; {@code codebook} may be null at quality 100. */
    TileEncoding(Codebook codebook, int quality) {
        this(codebook, Quality.lambda(quality), Quality.candidates(quality));
    }

    /**
     * @param lambda     rate weight, distortion in units of the codebook spacing per bit; 0: nearest codes
     * @param candidates how many codewords nearest to the latent the choice considers
     */
    TileEncoding(Codebook codebook, double lambda, int candidates) {
        this.codebook = codebook;
        this.lambda = codebook == null ? 0 : lambda;
        this.candidates = codebook == null ? 1 : Math.max(1, Math.min(candidates, codebook.size));
        this.dist = codebook == null ? null : new float[codebook.size];
        this.select = codebook == null ? null : new float[codebook.size];
        this.near = codebook == null ? null : new int[codebook.size];
        this.nearDist = codebook == null ? null : new float[codebook.size];
    }

    /**
     * Codes the tile (x0, y0, w, h) of a latents block.
     *
     * @param lat the block's latents and nearest indices
     */
    void encode(PixelCnnPrior prior, NetworkTiles.Latents lat, int x0, int y0, int w, int h) {
        encode(prior, null, lat, x0, y0, w, h);
    }

    /**
     * Codes the tile (x0, y0, w, h) of a latents block with a prior that takes a coarse context (a refinement
     * layer's: the coarser layers' summed codewords over the tile), or none ({@code context} null).
     */
    void encode(PixelCnnPrior prior, float[] context, NetworkTiles.Latents lat, int x0, int y0, int w, int h) {
        boolean nearestOnly = nearestOnly();
        codes = new int[w * h];
        bits = 0;
        payload = TileCoder.encode(prior, w, h, context, (i, cursor) -> {
            int p = (y0 + i / w) * lat.w + x0 + i % w;
            int code = nearestOnly ? lat.nearest[p]
                    : choose(cursor, lat.z, p * lat.dim, lat.nearest != null ? lat.nearest[p] : -1);
            bits += cursor.bits(code);
            return code;
        }, codes);
    }

    /** Whether every code is the nearest codeword ({@code lat.nearest}, which the choice then needs). */
    boolean nearestOnly() {
        return lambda == 0 || candidates == 1;
    }

    /**
     * The codeword minimising {@code ‖z − c‖² / spacing + λ · bits(c)} among the {@code candidates} codewords
     * nearest to z (all of them on a tie at the boundary); {@code nearest} &lt; 0: found here from the distances
     * (the first on a tie, as {@link Codebook#nearest}).
     */
    private int choose(PriorCursor cursor, float[] z, int off, int nearest) {
        codebook.distances(z, off, dist);
        if (nearest < 0) {
            nearest = 0;
            for (int k = 1; k < dist.length; k++) {
                nearest = dist[k] < dist[nearest] ? k : nearest;
            }
        }
        // No codeword farther than this can beat the nearest one, as its rate term cannot fall below 0: the
        // codewords inside are few, and only among them must the n nearest be found.
        float limit = (float) (dist[nearest] + codebook.spacing() * lambda * cursor.bits(nearest));
        int m = 0;
        for (int k = 0; k < dist.length; k++) {
            float d = dist[k];
            near[m] = k;
            nearDist[m] = d;
            m += d <= limit ? 1 : 0;
        }
        int best = cheapest(cursor, m);
        if (m > candidates) {
            // The cheapest inside the bound is the answer if it is among the n nearest: usually so
            float d = nearDist[best];
            int closer = 0;
            for (int i = 0; i < m; i++) {
                closer += nearDist[i] < d ? 1 : 0;
            }
            if (closer >= candidates) {
                float nth = kthSmallest(nearDist, m, candidates);
                int kept = 0;
                for (int i = 0; i < m; i++) {
                    near[kept] = near[i];
                    nearDist[kept] = nearDist[i];
                    kept += nearDist[i] <= nth ? 1 : 0;
                }
                best = cheapest(cursor, kept);
            }
        }
        return m == 0 ? nearest : near[best];
    }

    /** The position in near[0 .. m) of the lowest distortion-plus-rate cost (the first on a tie). */
    private int cheapest(PriorCursor cursor, int m) {
        double scale = 1.0 / codebook.spacing();
        int at = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            int k = near[i];
            double cost = nearDist[i] * scale + lambda * cursor.bits(k);
            if (cost < best) {
                best = cost;
                at = i;
            }
        }
        return at;
    }

    /** The n-th smallest (1-based) of {@code values[0 .. count)}, by quickselect on a copy. */
    private float kthSmallest(float[] values, int count, int n) {
        float[] a = select;
        System.arraycopy(values, 0, a, 0, count);
        int lo = 0;
        int hi = count - 1;
        int target = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }
}
