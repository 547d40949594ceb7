package io.vqz.codec;

import io.vqz.entropy.Cdf;
import io.vqz.entropy.PixelCnnPrior;
import io.vqz.entropy.PriorCursor;
import io.vqz.entropy.RangeEncoder;

/**
 * Chooses and codes the indices of one code tile in a single pass of the prior: at every position the cursor's
 * integer CDF is both the rate term of the choice and the table the range coder uses, so the choice pays
 * exactly what the coder pays. The bytes equal {@link io.vqz.entropy.TileCoder#encode} of the chosen codes.
 * Not thread-safe (one instance per thread); the inputs are only read.
 */
final class TileEncoding {
    /** {@code BITS[f] = 16 − log2(f)}: the cost of a symbol of frequency f out of 2^16. */
    private static final double[] BITS = new double[Cdf.TOTAL + 1];

    static {
        for (int f = 1; f <= Cdf.TOTAL; f++) {
            BITS[f] = Cdf.TOTAL_BITS - Math.log(f) / Math.log(2);
        }
        BITS[0] = Double.POSITIVE_INFINITY;
    }

    private final Codebook codebook;
    private final double lambda;
    private final int candidates;
    private final int[] candIdx;
    private final double[] candDist;

    byte[] payload;
    double bits;
    int[] codes;

    /** @param codebook may be null at quality 100, where the encoder's nearest indices are used as they are */
    TileEncoding(Codebook codebook, int quality) {
        this.codebook = codebook;
        this.lambda = Quality.lambda(quality);
        this.candidates = codebook == null ? 1 : Math.min(Quality.candidates(quality), codebook.neighbourCount);
        this.candIdx = new int[candidates];
        this.candDist = new double[candidates];
    }

    /**
     * Codes the tile (x0, y0, w, h) of a latents block.
     *
     * @param lat the block's latents and nearest indices
     */
    void encode(PixelCnnPrior prior, NetworkTiles.Latents lat, int x0, int y0, int w, int h) {
        PriorCursor cursor = prior.cursor(w, h);
        RangeEncoder enc = new RangeEncoder(w * h + 16);
        int dim = lat.dim;
        double total = 0;
        codes = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y0 + y) * lat.w + x0 + x;
                int[] cdf = cursor.cdf();
                int code;
                if (lambda == 0 || candidates == 1) {
                    code = lat.nearest[p];
                } else {
                    candidatesAround(lat.nearest[p], lat.z, p * dim, dim);
                    code = candIdx[0];
                    double best = Double.POSITIVE_INFINITY;
                    double scale = 1.0 / codebook.spacing;
                    for (int i = 0; i < candidates; i++) {
                        int c = candIdx[i];
                        double cost = candDist[i] * scale + lambda * BITS[cdf[c + 1] - cdf[c]];
                        if (cost < best) {
                            best = cost;
                            code = c;
                        }
                    }
                }
                int freq = cdf[code + 1] - cdf[code];
                total += BITS[freq];
                enc.encode(cdf[code], freq);
                cursor.advance(code);
                codes[y * w + x] = code;
            }
        }
        payload = enc.finish();
        bits = total;
    }

    /**
     * Fills candIdx/candDist with the codewords nearest to the encoder's nearest codeword and their squared
     * distances to z[off..off+dim): a close stand-in for the codewords nearest to z at a fraction of the cost.
     */
    private void candidatesAround(int nearest, float[] z, int off, int dim) {
        float[] words = codebook.words;
        int base = nearest * codebook.neighbourCount;
        for (int i = 0; i < candidates; i++) {
            int k = codebook.neighbours[base + i];
            int w = k * dim;
            float s = 0;
            for (int d = 0; d < dim; d++) {
                float v = z[off + d] - words[w + d];
                s += v * v;
            }
            candIdx[i] = k;
            candDist[i] = s;
        }
    }
}
