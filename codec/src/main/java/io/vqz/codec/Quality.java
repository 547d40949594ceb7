package io.vqz.codec;

/**
 * Maps a 0–100 quality to the encoder's operating point: the weight λ of rate against distortion in the
 * rate–distortion optimised index choice, and how many nearest codewords are considered.
 * <p>
 * At every code position the encoder picks, among the {@link #candidates(int) n} codewords nearest to the
 * encoder's latent vector, the one minimising {@code ‖z − c‖² / s + λ · (−log₂ p(c))}, where p is the
 * probability the prior gives (exactly what the range coder pays) and s the codebook's mean squared spacing.
 * Quality 100 is λ = 0: the nearest codeword, the model's best reconstruction. Lower quality raises λ
 * monotonically, so the size falls monotonically on average (not necessarily for every image). The decoder
 * does not depend on the quality; it is stored in the header for information.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Quality {
    /** The quality used when none is given. */
    public static final int DEFAULT = 75;

    /**
     * The smallest files. From here to {@link #BEST} the rate spans more than 2× on photographs (interim
     * model of step 1900, held-out training photographs: 0.17 against 0.41 bits per pixel).
     */
    public static final int SMALLEST = 0;
    /** Low. */
    public static final int LOW = 25;
    /** Medium: the default. */
    public static final int MEDIUM = DEFAULT;
    /** High. */
    public static final int HIGH = 90;
    /** Best: nearest codewords, no rate trade-off. */
    public static final int BEST = 100;

    /**
     * λ at quality 0 (distortion in units of the codebook spacing per bit). Larger values only made files
     * worse: the greedy choice then saves bits now that later positions pay back.
     */
    static final double LAMBDA_MAX = 1.5;

    /** Candidates at quality 0; fewer, proportionally, above. */
    static final int MAX_CANDIDATES = 128;

    private Quality() {
    }

    /**
     * The rate weight λ for a quality: 0 at 100, rising smoothly (quadratically in 100 − q) to its maximum
     * at 0.
     *
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     */
    public static double lambda(int quality) {
        check(quality);
        double t = (100 - quality) / 100.0;
        return LAMBDA_MAX * t * t;
    }

    /** How many nearest codewords the index choice considers at this quality (1 at quality 100). */
    public static int candidates(int quality) {
        check(quality);
        return quality == 100 ? 1 : Math.max(2, (int) Math.round(MAX_CANDIDATES * (100 - quality) / 100.0));
    }

    /**
     * Checks a quality value.
     *
     * @throws IllegalArgumentException if not 0..100
     */
    public static int check(int quality) {
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality must be 0..100: " + quality);
        }
        return quality;
    }
}
