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
 * Quality 100 is λ = 0 and one candidate: the nearest codeword, the model's best reconstruction. Lower quality
 * raises λ and n together, so the size falls monotonically on average (not necessarily for every image). The
 * decoder does not depend on the quality; it is stored in the header for information.
 * <p>
 * The schedule was tuned on the 13 held-out training photographs of {@code training/vqz_data.py} (never on
 * Kodak) with {@code io.vqz.bench.QualityTuning}: it follows the best trade-offs found over a grid of λ and n.
 * A layered model's bands ({@link #operatingPoint(int, List)}) choose the layer count too; with the default model
 * the scale spans about 45× in rate on photographs (Kodak 0.039–1.775 bpp), its lowest qualities at half resolution.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Quality {
    /** The quality used when none is given. */
    public static final int DEFAULT = 75;

    /** The smallest files: with the default model about 0.04 bpp on photographs, 45 times smaller than {@link #BEST}. */
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
     * from the band's λ (its low end) to λ 0 (its top: the nearest codewords, or the trained choice of an
     * entropy-constrained layer) as {@link #lambda} and {@link #candidates} span the whole scale, the layers below
     * it at λ 0; quality 100 takes the last layer's nearest codewords in any layer (one candidate). A single band of
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
        // a band's top sends its last layer as that layer was trained (λ 0); only the scale's top, one candidate,
        // sends it at its nearest codewords, the most faithful the model can send
        int candidates = q == 100 && quality < 100 ? MIN_CANDIDATES : candidates(q);
        return new OperatingPoint(n, lambda(q) * (band.lambda() / LAMBDA_MAX), candidates);
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
     * λ of the smallest files (quality 0, at half resolution) relative to the first band's: {@value}. The band's
     * own λ ends the scale near 0.06 bpp on the held-out photographs; this raises it to the next point of the
     * rate–distortion hull found there (band λ 0.3 → 0.5: 0.0602 → 0.0504 bpp, {@code QualityTuning --layers 1
     * --lambdas 0.3,0.4,0.5,0.6,0.8,1.0 --candidates 64} with the default's half-resolution form), so the scale
     * starts near 0.04 bpp on photographs as Kodak's.
     */
    static final double FLOOR_GAIN = 5.0 / 3;

    /** The default-model qualities below this (at half resolution) have λ raised toward {@link #FLOOR_GAIN}. */
    static final int FLOOR_TOP = 4;

    /**
     * The operating point of a default-model quality below {@link #HALF_RESOLUTION_BELOW} on its half-resolution
     * form: that of {@link #halfResolutionQuality} with the form's bands, λ raised at the qualities below
     * {@link #FLOOR_TOP} by a factor falling linearly from {@link #FLOOR_GAIN} at quality 0 to 1, so bpp keeps
     * falling with the quality down to 0.
     *
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     */
    static OperatingPoint halfResolutionPoint(int quality, List<QualityBand> bands) {
        OperatingPoint p = operatingPoint(halfResolutionQuality(quality), bands);
        if (quality >= FLOOR_TOP) {
            return p;
        }
        double gain = 1 + (FLOOR_GAIN - 1) * (FLOOR_TOP - quality) / FLOOR_TOP;
        return new OperatingPoint(p.layers(), p.lambda() * gain, p.candidates());
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
