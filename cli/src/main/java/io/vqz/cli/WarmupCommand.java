package io.vqz.cli;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzContainer;
import picocli.CommandLine.Command;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

/**
 * {@code vqz warmup} (hidden): encodes, decodes and writes as PNG a small generated image in memory, touching
 * what a real command loads: the workload the {@code vqz} launcher records a JVM start-up cache from (Java 25's
 * AOT cache, or a class-data archive on older JVMs). Writes nothing but its exit code.
 *
 * @since 0.3
 */
@Command(name = "warmup", hidden = true, description = "Exercise encode and decode once (for a start-up cache).")
final class WarmupCommand extends BaseCommand {
    private static final int ROUNDS = 4;

    @Override
    public Integer call() throws Exception {
        BufferedImage image = new BufferedImage(192, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, (x * 255 / 191) << 16 | (y * 2) << 8 | ((x ^ y) & 0xFF));
            }
        }
        // every layer, several times: the recorded method profiles then cover each layer's prior, and are ripe
        VqzDecoder decoder = VqzDecoder.builder().build();
        for (int round = 0; round < ROUNDS; round++) {
            VqzContainer c = VqzEncoder.builder().quality(100).build().encodeContainer(image, null);
            BufferedImage back = decoder.decode(c, DecodeOptions.DEFAULT).image();
            ImageFiles.write(back, "png", new ByteArrayOutputStream());
        }
        return 0;
    }
}
