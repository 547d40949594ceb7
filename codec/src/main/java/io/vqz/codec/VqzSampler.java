package io.vqz.codec;

import io.vqz.entropy.PriorCursor;
import io.vqz.format.ColourLayout;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Draws images from a model: codes are drawn position by position in raster order from the prior (the whole
 * grid as one tile, as the coder would see it), with the logits divided by a temperature, then decoded by the
 * decoder network. A layered model's layers are drawn in turn, each refinement layer from its prior given the
 * layers drawn before it, and the sum of their codewords decoded. The same model, size, seed and temperature
 * give the same code grid on every machine (the prior is bit-exact and the draw uses {@link SplittableRandom}
 * and {@link StrictMath}); the pixels may differ by rounding where ONNX Runtime differs.
 * <p>
 * Cost grows with the number of code positions (one prior evaluation each): about as long as decoding
 * an image of the same size. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VqzSampler {
    /** Largest side accepted, in pixels: the grid is drawn as a single tile. */
    public static final int MAX_SIDE = 2048;

    private final ModelBundle model;

    private VqzSampler(ModelBundle model) {
        this.model = model;
    }

    /** A sampler for the default model. */
    public static VqzSampler create() {
        return create(ModelBundle.defaultBundle());
    }

    /** A sampler for {@code model}. */
    public static VqzSampler create(ModelBundle model) {
        return new VqzSampler(Objects.requireNonNull(model, "model"));
    }

    /**
     * Draws an RGB image.
     *
     * @param width       1..{@value #MAX_SIDE}
     * @param height      1..{@value #MAX_SIDE}
     * @param seed        seed of the random draw
     * @param temperature divides the logits: 1 samples the prior as trained, below 1 is more conservative,
     *                    0 always takes the most probable code
     * @throws IOException              if the model cannot be loaded or run
     * @throws IllegalArgumentException if a size or the temperature is out of range
     */
    public BufferedImage sample(int width, int height, long seed, double temperature) throws IOException {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIDE + ": " + width + "x" + height);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0: " + temperature);
        }
        int[][] grids = sampleGrids(width, height, seed, temperature);
        int f = model.downsampling();
        int gw = (width + f - 1) / f;
        int gh = (height + f - 1) / f;
        float[] latents = null;
        for (int l = 0; model.kind().decoderTakesSums() && l < grids.length; l++) {
            latents = model.codebook(l).accumulate(latents, grids[l]);
        }
        OutputImage out = new OutputImage(ColourLayout.RGB, 0, 0, width, height);
        int b = NetworkTiles.decoderBlock(gw, gh);
        for (int y0 = 0; y0 < gh; y0 += b) {
            for (int x0 = 0; x0 < gw; x0 += b) {
                int w = Math.min(b, gw - x0);
                int h = Math.min(b, gh - y0);
                float[] rgb = model.kind().decodePixels(model, grids[0], latents, gw, gh, x0, y0, w, h);
                out.put(rgb, x0 * f, y0 * f, w * f, h * f);
            }
        }
        return out.image();
    }

    /** The drawn code grid (row-major, ceil(width/f) × ceil(height/f)); a layered model's base layer. */
    public int[] sampleGrid(int width, int height, long seed, double temperature) throws IOException {
        return sampleGrids(width, height, seed, temperature)[0];
    }

    /**
     * The drawn code grids, one per layer of the model (row-major, ceil(width/f) × ceil(height/f) each).
     *
     * @since 0.3
     */
    public int[][] sampleGrids(int width, int height, long seed, double temperature) throws IOException {
        int f = model.downsampling();
        int gw = (width + f - 1) / f;
        int gh = (height + f - 1) / f;
        SplittableRandom random = new SplittableRandom(seed);
        int k = model.codebookSize();
        double[] weights = new double[k];
        int[][] grids = new int[model.layers()][gw * gh];
        float[] coarse = null;
        for (int l = 0; l < grids.length; l++) {
            PriorCursor cursor = l == 0 ? model.prior(0).cursor(gw, gh) : model.prior(l).cursor(gw, gh, coarse);
            for (int i = 0; i < gw * gh; i++) {
                int code = draw(cursor.logits(), k, temperature, weights, random);
                grids[l][i] = code;
                cursor.advance(code);
            }
            if (l + 1 < grids.length) {
                coarse = model.codebook(l).accumulate(coarse, grids[l]);
            }
        }
        return grids;
    }

    private static int draw(float[] logits, int k, double temperature, double[] weights, SplittableRandom random) {
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double max = logits[best];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            weights[i] = StrictMath.exp((logits[i] - max) / temperature);
            sum += weights[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < k; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return best;
    }
}
