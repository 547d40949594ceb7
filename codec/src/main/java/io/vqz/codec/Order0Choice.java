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

    private final boolean useNative;

    Order0Choice() {
        this(true);
    }

    /** {@code useNative} false: the Java path of {@link CodebookKernel} even where the native one is loaded. */
    Order0Choice(boolean useNative) {
        this.useNative = useNative;
    }

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
        CodebookKernel.Found found = CodebookKernel.search(book, z, n, spread, CANDIDATES, useNative);
        int[] codes = found.nearest;
        if (lambda == 0) {
            return codes;
        }
        int[] count = new int[size];
        for (int code : codes) {
            count[code]++;
        }
        double[] bits = new double[size];
        for (int k = 0; k < size; k++) {
            bits[k] = total - log2(count[k] + PRIOR_COUNT);
        }
        for (int p = 0; p < n; p++) {
            double best = Double.POSITIVE_INFINITY;
            float bestDist = Float.POSITIVE_INFINITY;
            int at = p * found.keep;
            for (int j = at; j < at + found.count[p]; j++) { // the lowest cost, then distance, then code
                int k = found.codes[j];
                float d = found.dist[j];
                double cost = d * scale + weight * bits[k];
                if (cost < best || cost == best && (d < bestDist || d == bestDist && k < codes[p])) {
                    best = cost;
                    bestDist = d;
                    codes[p] = k;
                }
            }
        }
        return codes;
    }

    private static double log2(double v) {
        return StrictMath.log(v) / StrictMath.log(2);
    }
}
