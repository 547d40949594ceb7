/**
 * Entropy coding of VQZ code grids: a range coder ({@link io.vqz.entropy.RangeEncoder},
 * {@link io.vqz.entropy.RangeDecoder}) over integer tables with total 2^16 ({@link io.vqz.entropy.Cdf}), and
 * the PixelCNN prior in plain, bit-exact Java ({@link io.vqz.entropy.PriorWeights},
 * {@link io.vqz.entropy.PixelCnnPrior}, {@link io.vqz.entropy.PriorCursor}) that gives those tables.
 * {@link io.vqz.entropy.TileCoder} puts them together for one tile or a grid of tiles.
 * <p>
 * Decoding is bit-exact on every JVM: the prior is a fixed sequence of float multiplies and adds (no fused
 * multiply-add, no thread- or vectorisation-dependent reduction), the logits become tables by integer
 * arithmetic and a {@link java.lang.StrictMath} table, and the coder is integer only. The golden vectors in
 * {@code testdata/entropy/} fix the results bit for bit.
 *
 * @since 0.1
 */
package io.vqz.entropy;
