/**
 * VQZ, a learned image codec: images ↔ code grids ↔ {@code .vqz} files.
 * <p>
 * {@link io.vqz.codec.VqzEncoder} turns any {@link java.awt.image.RenderedImage} into a {@code .vqz} file at a
 * {@link io.vqz.codec.Quality quality} from 0 to 100; {@link io.vqz.codec.VqzDecoder} decodes it whole, as a
 * region or as a reduced preview. The networks (VQ-VAE encoder and decoder, run by ONNX Runtime through DJL)
 * and the PixelCNN prior (plain Java, bit-exact) come in a {@link io.vqz.codec.ModelBundle}; the default one
 * ships in this jar, more are found through {@link io.vqz.codec.ModelRegistry}. Nothing is downloaded at run
 * time ({@code ai.djl.offline} is set to {@code true} unless the application set it).
 * <pre>{@code
 * VqzEncoder encoder = VqzEncoder.builder().quality(80).build();
 * try (OutputStream out = Files.newOutputStream(path)) {
 *     EncodeResult r = encoder.encode(image, null, out);
 * }
 * BufferedImage back = VqzDecoder.builder().build().decode(Files.newInputStream(path));
 * }</pre>
 *
 * @since 0.1
 */
package io.vqz.codec;
