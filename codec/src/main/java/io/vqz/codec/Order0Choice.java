package io.vqz.codec;

/**
 * The fastest level's index choice ({@link Effort#FASTEST}): a layer's codes chosen before the layer is coded, so
 * the prior runs once over the tile to code them ({@code TileCoder.encode} with the codes: the native kernel's
 * whole-tile pass) instead of position by position to price every candidate. A position's code is the one of its
 * {@value #CANDIDATES} nearest codewords with the lowest {@code ‖z − c‖² / spacing + s · λ · bits(c)}, where
 * {@code bits} are order-0, the code's share of the tile's nearest codes (the prior's context left out; the share
 * the codebooks were trained with), and s is {@link #RATE_SCALE} in the last layer sent,
 * {@link #RATE_SCALE_BEFORE_LAST} before it. Two passes over the codebook ({@link CodebookKernel}): the nearest
 * codes, which give the counts, then the choice among the codewords within reach of the nearest under those bits,
 * only at the positions where another codeword is within reach (a quarter to a half of them at quality 75).
 * The base layer's nearest codes are the encoder network's where it outputs them and the layer has no rate weight.
 * <p>
 * The scales and the candidates' count measured on held-out photographs against the default level's choice under
 * the prior's own bits, the same encoder network (BD-rate in PSNR): on six, qualities 10–90, both scales 0.7: 16
 * candidates +0.5 %, every one within reach +1.4 %, 8 +1.0 %, 4 +3.1 %; λ unscaled +0.7 %; the bits counted again
 * from the chosen codes and the choice repeated, worse (+1.2 % after four rounds), as it crowds onto the codes
 * already common; the layers before the last at their nearest codes +4.2 %. On all thirteen, qualities 10–100 (the
 * default's six points), the last layer at 0.7: the layers before it at 0.7 +2.25 % (quality 100 spent 7.7 % more
 * bytes for the same PSNR), 1.05 +1.40 %, 1.4 and 2.1 +1.03 %, 3.15 +1.62 %; with 2.1 before it, the last at 0.49
 * +1.00 %, at 1.0 +1.29 %.
 * <p>
 * Not thread-safe (one instance per thread).
 */
final class Order0Choice {
    /** The nearest codewords a position chooses among, at most: more lets the order-0 bits pull codes too far. */
    static final int CANDIDATES = 16;
    /**
     * The order-0 bits' weight against the prior's, in the last layer sent (whose λ is the quality's) and in the
     * layers before it (whose λ is the codebook's own, small): their bits are coarser than the prior's, and in the
     * last layer weighed fully they cost more rate than they save; before it, weighed more, they keep to the codes
     * the next layers' contexts expect.
     */
    static final double RATE_SCALE = 0.7;
    /** {@link #RATE_SCALE} of the layers before the last. */
    static final double RATE_SCALE_BEFORE_LAST = 1.4;
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
     * @param last    whether the layer is the last one sent
     * @param nearest the nearest codes where known (the encoder network's), else null
     */
    int[] choose(Codebook book, float[] z, int n, double lambda, boolean last, int[] nearest) {
        if (lambda == 0 && nearest != null) {
            return nearest.clone();
        }
        int size = book.size;
        CodebookKernel.Nearest near = CodebookKernel.nearest(book, z, n, useNative);
        if (lambda == 0) {
            return near.code;
        }
        int[] count = new int[size];
        for (int code : near.code) {
            count[code]++;
        }
        double total = log2(n + PRIOR_COUNT * size);
        double[] bits = new double[size];
        for (int k = 0; k < size; k++) {
            bits[k] = total - log2(count[k] + PRIOR_COUNT);
        }
        double weight = lambda * (last ? RATE_SCALE : RATE_SCALE_BEFORE_LAST);
        return CodebookKernel.choose(book, z, n, near, bits, 1.0 / book.spacing(), weight, CANDIDATES, useNative,
                true);
    }

    private static double log2(double v) {
        return StrictMath.log(v) / StrictMath.log(2);
    }
}
