package io.vqz.codec;

import io.vqz.format.ModelId;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a 0–100 quality to the encoder's operating point: the weight λ of rate against distortion in the
 * rate–distortion optimised index choice, and how many nearest codewords are considered.
 * <p>
 * At every code position the encoder picks, among the {@link #candidates(int) n} codewords nearest to the
 * encoder's latent vector z, the one minimising {@code ‖z − c‖² / s + λ · (−log₂ p(c))}, where p is the
 * probability the prior gives (exactly what the range coder pays) and s the codebook's mean squared spacing.
 * Quality 100 is λ = 0: the nearest codeword, the model's best reconstruction. Lower quality raises λ and n
 * together, so the size falls monotonically on average (not necessarily for every image). The decoder does not
 * depend on the quality; it is stored in the header for information.
 * <p>
 * The schedule was tuned on the 13 held-out training photographs of {@code training/vqz_data.py} (never on
 * Kodak) with {@code io.vqz.bench.QualityTuning}: it follows the best trade-offs found over a grid of λ and n.
 * Larger λ gives up more than 3 dB per halving of the rate, more than JPEG loses there, so quality 0 stops at
 * about 2.2 times below the rate of quality 100.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Quality {
    /** The quality used when none is given. */
    public static final int DEFAULT = 75;

    /** The smallest files, about 2.2 times smaller than {@link #BEST} on photographs. */
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
     * With the default model, qualities below this encode with {@link ModelBundle#halfResolutionBundle()}, at the
     * quality {@link #halfResolutionQuality}: below about 0.24 bpp a picture coded at half resolution and
     * upsampled beats the same model at full resolution (by up to 2.6 dB PSNR and 0.09 MS-SSIM), and reaches
     * 0.04 bpp. Tuned on the 13 held-out training photographs (bench at both resolutions: with the 0.7 default the
     * curves cross near 0.245 bpp, between full resolution's quality 15 and 16 and half resolution's 60 and 64;
     * 15 until 0.6).
     *
     * @since 0.5
     */
    public static final int HALF_RESOLUTION_BELOW = 16;

    /** λ at quality 0 (distortion in units of the codebook spacing per bit). */
    static final double LAMBDA_MAX = 0.6;

    /** Candidates at quality 0. */
    static final int MAX_CANDIDATES = 64;

    /** Candidates just below quality 100; n doubles for every half of the scale below. */
    static final int MIN_CANDIDATES = 16;

    private Quality() {
    }

    /**
     * The rate weight λ for a quality: 0 at 100, rising as {@code (1 − q/100)^1.5} to its maximum at 0.
     *
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     */
    public static double lambda(int quality) {
        check(quality);
        double t = (100 - quality) / 100.0;
        return LAMBDA_MAX * t * StrictMath.sqrt(t);
    }

    /** How many codewords nearest to the latent the index choice considers at this quality (1 at quality 100). */
    public static int candidates(int quality) {
        check(quality);
        if (quality == 100) {
            return 1;
        }
        double t = (100 - quality) / 100.0;
        return (int) Math.round(MIN_CANDIDATES * StrictMath.pow((double) MAX_CANDIDATES / MIN_CANDIDATES, t));
    }

    /**
     * How many code layers a model with equal quality bands sends at this quality: the scale 0–100 cut into
     * {@code S} equal bands, band {@code n} sending {@code n} layers (quality 0: the base layer alone, 100: all
     * {@code S}). A single-layer model always sends 1.
     *
     * @param modelLayers the model's layer count S, at least 1
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     * @since 0.3
     */
    public static int layers(int quality, int modelLayers) {
        return layers(quality, equalBands(modelLayers));
    }

    /**
     * How many code layers are sent at this quality with the given bands ({@link ModelBundle#qualityBands()}): the
     * first band whose top is at or above the quality.
     *
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     * @since 0.3
     */
    public static int layers(int quality, List<QualityBand> bands) {
        check(quality);
        int n = 1;
        while (n < bands.size() && quality > bands.get(n - 1).top()) {
            n++;
        }
        return n;
    }

    /**
     * The operating point of a quality for a model with equal bands, see {@link #operatingPoint(int, List)}.
     *
     * @param modelLayers the model's layer count, at least 1
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     * @since 0.3
     */
    public static OperatingPoint operatingPoint(int quality, int modelLayers) {
        return operatingPoint(quality, equalBands(modelLayers));
    }

    /**
     * The operating point of a quality: {@link #layers(int, List)} layers, the last of them spanning its band
     * from the band's λ (its low end) to the nearest codewords (its top) as {@link #lambda} and
     * {@link #candidates} span the whole scale, the layers below it at nearest codewords. A single band of
     * λ = 0.6 (a single-layer model) is the scale of version 0.1.
     *
     * @param bands the model's {@link ModelBundle#qualityBands()}
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     * @since 0.3
     */
    public static OperatingPoint operatingPoint(int quality, List<QualityBand> bands) {
        int n = layers(quality, bands);
        QualityBand band = bands.get(n - 1);
        double low = n == 1 ? 0 : bands.get(n - 2).top();
        double within = band.top() == low ? 1 : (quality - low) / (band.top() - low);
        int q = (int) Math.round(100 * Math.max(0, Math.min(1, within)));
        return new OperatingPoint(n, lambda(q) * (band.lambda() / LAMBDA_MAX), candidates(q));
    }

    /** Bands that cut 0–100 into {@code layers} equal parts, each starting at λ = {@value #LAMBDA_MAX} (0.1's). */
    static List<QualityBand> equalBands(int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1: " + layers);
        }
        List<QualityBand> bands = new ArrayList<>();
        for (int n = 1; n <= layers; n++) {
            bands.add(new QualityBand((int) Math.floor(100.0 * n / layers), LAMBDA_MAX));
        }
        return List.copyOf(bands);
    }

    /**
     * The quality at which the half-resolution model encodes a default-model quality below
     * {@link #HALF_RESOLUTION_BELOW}: 4× it, so the scale runs on from 0.04 bpp to just below where full
     * resolution takes over (capped at 100 for higher qualities, e.g. to trim a half-resolution file by quality).
     *
     * @since 0.5
     */
    static int halfResolutionQuality(int quality) {
        return Math.min(100, 4 * check(quality));
    }

    /**
     * How many code layers an encode at this quality sends with {@code model}, e.g. a file's model, to trim the
     * file by quality: with its bands, at {@link #halfResolutionQuality} for the default's half-resolution form.
     *
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     * @since 0.5
     */
    public static int layers(int quality, ModelBundle model) {
        return layers(quality, model.modelId(), model.qualityBands());
    }

    /** {@link #layers(int, ModelBundle)} for the model with this id and bands. */
    static int layers(int quality, ModelId model, List<QualityBand> bands) {
        boolean half = ShippedModels.isHalfResolution(model);
        return layers(half ? halfResolutionQuality(quality) : quality, bands);
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

    /**
     * The quality of a fraction 0..1, as ImageIO's compression quality gives it: {@code round(100 q)}.
     *
     * @throws IllegalArgumentException if not 0..1
     * @since 0.8
     */
    public static int fromFraction(float q) {
        return check(Math.round(q * 100));
    }
}
