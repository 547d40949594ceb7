package io.vqz.codec;

/**
 * Where the encoder operates: how many code layers it sends, and the rate–distortion index choice of the last
 * one (the layers below it take the nearest codewords, the most faithful base for a refinement, or, in a model
 * with entropy-constrained codebooks, the choice each was trained with: the manifest's {@code rate_weights}, to
 * which λ adds in the last layer). At every code position of that layer the encoder picks, among the
 * {@code candidates} codewords nearest to what is left to code (all of them in an entropy-constrained codebook),
 * the one minimising {@code ‖r − c‖² / s + λ · (−log₂ p(c))}; λ = 0 is the nearest codeword (the trained choice in
 * an entropy-constrained layer), one candidate the nearest codeword in every kind of layer (quality 100, since 0.9:
 * the last layer sent as faithfully as it can be).
 * <p>
 * {@link Quality#operatingPoint(int, java.util.List)} maps the 0–100 quality scale onto these; setting one directly
 * ({@link VqzEncoder.Builder#operatingPoint(OperatingPoint)}) is for tuning that map and for experiments. The
 * decoder never needs it.
 *
 * @param layers     code layers sent, at least 1; more than the model has is an error at encode time
 * @param lambda     rate weight λ ≥ 0, in units of the codebook's mean squared spacing per bit
 * @param candidates codewords considered per position, at least 1
 * @since 0.3
 */
public record OperatingPoint(int layers, double lambda, int candidates) {
    /**
     * @throws IllegalArgumentException if a value is out of range
     */
    public OperatingPoint {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1: " + layers);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and at least 0: " + lambda);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1: " + candidates);
        }
    }

    /** Whether the last layer takes the nearest codewords as well (no rate trade-off). */
    public boolean nearest() {
        return lambda == 0 || candidates == 1;
    }
}
