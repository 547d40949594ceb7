package io.vqz.codec;

/**
 * One band of the quality scale, the qualities at which a given number of code layers is sent: it ends at
 * {@code top}, where that layer count is sent with the nearest codewords, and starts just above the band below it,
 * where the last layer's rate–distortion index choice runs at weight {@code lambda}. Tuned per model on held-out
 * photographs and recorded in its manifest (docs/FORMAT.md A.3); see {@link Quality#operatingPoint(int, java.util.List)}.
 *
 * @param top    the band's highest quality, 0..100
 * @param lambda the rate weight λ ≥ 0 at the band's low end
 * @since 0.3
 */
public record QualityBand(int top, double lambda) {
    /**
     * @throws IllegalArgumentException if a value is out of range
     */
    public QualityBand {
        Quality.check(top);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and at least 0: " + lambda);
        }
    }
}
