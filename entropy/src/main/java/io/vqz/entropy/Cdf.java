package io.vqz.entropy;

/**
 * Integer cumulative frequency tables with the fixed total {@value #TOTAL}, and the exact rule of
 * {@code docs/FORMAT.md} 9.4 that turns prior logits into such a table.
 * <p>
 * A table for {@code K} symbols is an {@code int[K + 1]} with {@code cdf[0] == 0}, {@code cdf[K] == TOTAL} and
 * every frequency {@code cdf[k + 1] - cdf[k]} at least 1. The logits rule uses only integer arithmetic and a
 * table built once with {@link StrictMath}, so every platform builds the same table from the same logits.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Cdf {
    /** Number of bits of the total frequency. */
    public static final int TOTAL_BITS = 16;
    /** The total frequency of every table: {@code 2^16}. */
    public static final int TOTAL = 1 << TOTAL_BITS;
    /** Largest number of symbols a table built from logits may have. */
    public static final int MAX_SYMBOLS = 4096;

    /** Number of logit steps per unit: {@code q = (int) (d * 32f)}. */
    private static final float STEPS = 32f;
    /** {@code q} for every logit at least 16 below the largest. */
    private static final int Q_FLOOR = 512;
    /** {@code EXP[q] = max(1, round(exp(-q / 32) * 2^24))}, q in 0..512; also the native kernel's (PriorKernel). */
    static final long[] EXP = new long[Q_FLOOR + 1];

    static {
        for (int q = 0; q <= Q_FLOOR; q++) {
            EXP[q] = Math.max(1L, StrictMath.round(StrictMath.exp(-q / 32.0) * (1 << 24)));
        }
    }

    private Cdf() {
    }

    /**
     * Builds the table for {@code logits} following {@code docs/FORMAT.md} 9.4, "From logits to an integer CDF".
     *
     * @param logits one logit per symbol, {@code 1 <= logits.length <= MAX_SYMBOLS}
     * @return a new table of {@code logits.length + 1} entries
     */
    public static int[] fromLogits(float[] logits) {
        int[] cdf = new int[logits.length + 1];
        fromLogits(logits, logits.length, cdf, new long[logits.length]);
        return cdf;
    }

    /**
     * Allocation-free form of {@link #fromLogits(float[])}.
     *
     * @param logits  logits, the first {@code k} are used
     * @param k       number of symbols, {@code 1..MAX_SYMBOLS}
     * @param cdf     receives the table, at least {@code k + 1} entries
     * @param scratch at least {@code k} entries, overwritten (kept as a parameter so callers can reuse it)
     */
    public static void fromLogits(float[] logits, int k, int[] cdf, long[] scratch) {
        if (k < 1 || k > MAX_SYMBOLS) {
            throw new IllegalArgumentException("symbol count out of 1.." + MAX_SYMBOLS + ": " + k);
        }
        float m = max(logits, k);
        // the smallest i with q = 0 (EXP[0] is the only weight that large); the largest logit has q = 0, and a NaN
        // gives q = 0 too, so there always is one
        int top = weights(logits, k, m, scratch);
        long sum = sum(scratch, k);
        long spread = TOTAL - k;
        // floor(a / sum) for a = w * spread < 2^40 and 2^24 <= sum < 2^37: with recip = ceil(2^64 / sum) <= 2^40,
        // the high word of a * recip is the quotient or one more, and one integer check makes it exact (equal to
        // the long division of the rule)
        long recip = Long.divideUnsigned(-1L, sum) + 1;
        // frequencies and their running sum in one pass; the top symbol's share of the remainder is added after
        int rest = TOTAL - frequencies(scratch, k, spread, recip, sum, cdf);
        for (int i = top + 1; i <= k; i++) {
            cdf[i] += rest;
        }
    }

    // The steps are methods of their own so that the JIT compiles each once rather than this method again from
    // every loop it enters hot (PriorCursor.ensureTrunk); integer sums, so nothing depends on it.

    private static float max(float[] logits, int k) {
        float m = logits[0];
        for (int i = 1; i < k; i++) {
            if (logits[i] > m) {
                m = logits[i];
            }
        }
        return m;
    }

    /** The weights EXP[q] of the logits below the largest, m, into {@code w}; returns the first index with q = 0. */
    private static int weights(float[] logits, int k, float m, long[] w) {
        int top = -1;
        for (int i = 0; i < k; i++) {
            float d = m - logits[i];
            // (int) saturates, so this is the rule's q = d >= 16 ? 512 : (int) (d * 32) (also for NaN: 0)
            int q = Math.min((int) (d * STEPS), Q_FLOOR);
            w[i] = EXP[q];
            if (q == 0 && top < 0) {
                top = i;
            }
        }
        return top;
    }

    private static long sum(long[] w, int k) {
        long sum = 0;
        for (int i = 0; i < k; i++) {
            sum += w[i];
        }
        return sum;
    }

    /** The frequencies floor(w·spread / sum) + 1 summed into cdf[1..k] (cdf[0] = 0); returns cdf[k]. */
    private static int frequencies(long[] w, int k, long spread, long recip, long sum, int[] cdf) {
        int c = 0;
        cdf[0] = 0;
        for (int i = 0; i < k; i++) {
            long a = w[i] * spread;
            long f = Math.multiplyHigh(a, recip);
            f -= f * sum > a ? 1 : 0;
            c += (int) f + 1;
            cdf[i + 1] = c;
        }
        return c;
    }

    /**
     * A table giving every one of {@code k} symbols (nearly) the same frequency.
     *
     * @param k number of symbols, {@code 1..TOTAL}
     * @return a new table
     */
    public static int[] uniform(int k) {
        if (k < 1 || k > TOTAL) {
            throw new IllegalArgumentException("symbol count out of 1.." + TOTAL + ": " + k);
        }
        int[] cdf = new int[k + 1];
        for (int i = 0; i <= k; i++) {
            cdf[i] = (int) ((long) i * TOTAL / k);
        }
        return cdf;
    }

    /**
     * Checks that {@code cdf} is a valid table: starts at 0, ends at {@link #TOTAL}, no zero frequency.
     *
     * @param cdf the table
     * @throws IllegalArgumentException naming the first problem
     */
    public static void validate(int[] cdf) {
        if (cdf.length < 2) {
            throw new IllegalArgumentException("a table needs at least one symbol");
        }
        if (cdf[0] != 0 || cdf[cdf.length - 1] != TOTAL) {
            throw new IllegalArgumentException("table must run from 0 to " + TOTAL);
        }
        for (int i = 0; i + 1 < cdf.length; i++) {
            if (cdf[i + 1] <= cdf[i]) {
                throw new IllegalArgumentException("symbol " + i + " has no positive frequency");
            }
        }
    }

    /**
     * The ideal code length of {@code symbol} under {@code cdf}: {@code -log2(freq / TOTAL)} bits.
     *
     * @param cdf    a valid table
     * @param symbol the symbol
     * @return bits, at least 0
     */
    public static double bits(int[] cdf, int symbol) {
        return cost(cdf[symbol + 1] - cdf[symbol]);
    }

    /**
     * The ideal code length of a symbol of frequency {@code freq}: {@code -log2(freq / TOTAL)} bits, from a table
     * (encoders ask for it at every candidate code).
     *
     * @param freq a frequency, {@code 0 .. TOTAL} (0 costs infinitely many bits)
     * @return bits
     * @since 0.8
     */
    public static double cost(int freq) {
        return Costs.BITS[freq];
    }

    /** Built on first use: decoders never need it. */
    private static final class Costs {
        static final double[] BITS = new double[TOTAL + 1];

        static {
            double ln2 = StrictMath.log(2.0);
            for (int f = 1; f <= TOTAL; f++) {
                BITS[f] = TOTAL_BITS - StrictMath.log(f) / ln2;
            }
            BITS[0] = Double.POSITIVE_INFINITY;
        }
    }
}
