package io.vqz.codec;

/**
 * The fastest level's index choice ({@link Effort#FASTEST}): a layer's codes chosen before the layer is coded, so
 * the prior runs once over the tile to code them ({@code TileCoder.encode} with the codes: the native kernel's
 * whole-tile pass) instead of position by position to price every candidate. A position's code is the one of its
 * {@value #CANDIDATES} nearest codewords (those within reach of winning) with the lowest
 * {@code ‖z − c‖² / spacing + λ · RATE_SCALE · bits(c)}, where {@code bits} are order-0: the code's share of the
 * tile's nearest codes, the prior's context left out. The base layer's nearest codes are the encoder network's
 * where it outputs them and the layer has no rate weight.
 * <p>
 * Measured on six held-out photographs (qualities 10–90, the same encoder network, BD-rate in PSNR against the
 * default level's choice under the prior's own bits): +0.5 %. Every candidate within reach instead of 16: +1.4 %
 * (0.5 λ +1.3 %, 0.4 λ +1.4 %); 8 candidates +1.0 %, 4 +3.1 %; λ unscaled +0.7 %; the bits counted again from
 * the chosen codes and the choice repeated: worse (+1.2 % after four rounds), as it crowds onto the codes already
 * common; the layers before the last at their nearest codes: +4.2 %.
 * <p>
 * Not thread-safe (one instance per thread).
 */
final class Order0Choice {
    /** The nearest codewords a position chooses among, at most: more lets the order-0 bits pull codes too far. */
    static final int CANDIDATES = 16;
    /** The order-0 bits' weight against the prior's: they are coarser, and weighed fully they cost rate. */
    static final double RATE_SCALE = 0.7;
    /** Added to every code's count: a code not among the nearest is still possible. */
    private static final double PRIOR_COUNT = 0.5;

    /** Each position's candidates: {@code codes[start[p] .. start[p + 1])} and their squared distances. */
    private int[] cand = new int[0];
    private float[] candDist = new float[0];

    /**
     * The codes of {@code n} positions whose latents (D each) are {@code z}.
     *
     * @param lambda  the layer's rate weight, codebook spacings per bit ({@link LayerStack#lambda}); 0: the
     *                nearest codes
     * @param nearest the nearest codes where known (the encoder network's), else null
     */
    int[] choose(Codebook book, float[] z, int n, double lambda, int[] nearest) {
        if (lambda == 0 && nearest != null) {
            return nearest.clone();
        }
        int size = book.size;
        double scale = 1.0 / book.spacing();
        double weight = lambda * RATE_SCALE;
        double total = log2(n + PRIOR_COUNT * size);
        // No codeword farther than this from the nearest can win whatever the counts: its bits are at least those
        // of a code that all positions share, the nearest's at most those of a code none has.
        double spread = weight * (log2(n + PRIOR_COUNT) - log2(PRIOR_COUNT)) / scale;
        float[] dist = new float[size];
        int[] codes = new int[n];
        int[] count = new int[size];
        int[] start = new int[n + 1];
        int m = 0;
        for (int p = 0; p < n; p++) {
            book.distances(z, p * book.dimension, dist);
            int best = 0;
            float min = dist[0];
            for (int k = 1; k < size; k++) {
                if (dist[k] < min) {
                    min = dist[k];
                    best = k;
                }
            }
            codes[p] = best;
            count[best]++;
            if (lambda > 0) {
                float limit = (float) (min + spread);
                if (cand.length < m + size) {
                    cand = java.util.Arrays.copyOf(cand, Math.max(m + size, 2 * cand.length));
                    candDist = java.util.Arrays.copyOf(candDist, cand.length);
                }
                int from = m;
                for (int k = 0; k < size; k++) {
                    if (dist[k] <= limit) { // a few dozen in practice
                        cand[m] = k;
                        candDist[m++] = dist[k];
                    }
                }
                m = from + nearestFirst(from, m - from, CANDIDATES);
            }
            start[p + 1] = m;
        }
        if (lambda == 0) {
            return codes;
        }
        double[] bits = new double[size];
        for (int k = 0; k < size; k++) {
            bits[k] = total - log2(count[k] + PRIOR_COUNT);
        }
        for (int p = 0; p < n; p++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = start[p]; j < start[p + 1]; j++) {
                double cost = candDist[j] * scale + weight * bits[cand[j]];
                if (cost < best) {
                    best = cost;
                    codes[p] = cand[j];
                }
            }
        }
        return codes;
    }

    /**
     * Orders the first {@code keep} of the {@code count} candidates from {@code from} by distance (the lower index
     * first on a tie), returns how many there are to keep: a partial selection sort, as few are ever beyond it.
     */
    private int nearestFirst(int from, int count, int keep) {
        if (count <= keep) {
            return count;
        }
        for (int i = from; i < from + keep; i++) {
            int at = i;
            for (int j = i + 1; j < from + count; j++) {
                at = candDist[j] < candDist[at] || candDist[j] == candDist[at] && cand[j] < cand[at] ? j : at;
            }
            int c = cand[i];
            float d = candDist[i];
            cand[i] = cand[at];
            candDist[i] = candDist[at];
            cand[at] = c;
            candDist[at] = d;
        }
        return keep;
    }

    private static double log2(double v) {
        return StrictMath.log(v) / StrictMath.log(2);
    }
}
