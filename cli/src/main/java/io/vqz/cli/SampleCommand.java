package io.vqz.cli;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

import io.vqz.codec.VqzSampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vqz sample}: a new image drawn from the model's prior.
 *
 * @since 0.1
 */
@Command(name = "sample", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Draw a code grid from the PixelCNN prior, position by position, and decode it: a new "
                + "image from what the model learned. The same seed, size, temperature and model give the "
                + "same image on every machine. The seed used is printed on stderr."},
        footerHeading = "%nExample:%n",
        footer = "  vqz sample -o dream.png --size 128x128 --seed 42 --temperature 0.9")
final class SampleCommand extends BaseCommand {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output image (format from the extension), or '-' for PNG on stdout.")
    String output;

    @Option(names = "--size", paramLabel = "WxH", converter = Converters.SizeConverter.class,
            description = "Image size in pixels (default: 128x128).")
    Dimension size = new Dimension(128, 128);

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: a random one).")
    Long seed;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Divides the logits: below 1 is smoother and more typical, above 1 wilder "
                    + "(default: ${DEFAULT-VALUE}).")
    double temperature = 1.0;

    @Option(names = "--model", paramLabel = "NAME|FILE", description = Models.MODEL_HELP)
    String model;

    @Mixin
    WriteOptions writing;

    @Override
    public Integer call() throws Exception {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw usage("Invalid value for option '--temperature': " + temperature + " (must be > 0)");
        }
        if (size.width > VqzSampler.MAX_SIDE || size.height > VqzSampler.MAX_SIDE) {
            throw usage("--size " + size.width + "x" + size.height + " is too large (at most "
                    + VqzSampler.MAX_SIDE + " pixels a side)");
        }
        boolean toStdout = AtomicOutput.isStdout(output);
        String ext = toStdout ? "png" : ImageFiles.suffix(output);
        if (!ImageFiles.writable(ext)) {
            throw usage("Unknown output format '" + ext + "' (use png, jpg, bmp, gif or tif)");
        }
        long s = seed != null ? seed : new SecureRandom().nextLong();
        Path out = toStdout ? null : Path.of(output);
        try {
            if (out != null) {
                AtomicOutput.check(out, writing.force, List.of());
            }
            long t0 = System.nanoTime();
            VqzSampler sampler = VqzSampler.create(Models.resolve(model));
            BufferedImage image = sampler.sample(size.width, size.height, s, temperature);
            if (toStdout) {
                AtomicOutput.writeStdout(stdout(), o -> ImageFiles.write(image, ext, o));
            } else {
                AtomicOutput.write(out, writing.force, List.of(), o -> ImageFiles.write(image, ext, o));
            }
            if (!writing.quiet) {
                err().printf(Locale.ROOT, "Seed: %d%nOutput: %s (%d x %d)%nTime: %.2f s%n", s,
                        toStdout ? "stdout" : out, image.getWidth(), image.getHeight(),
                        (System.nanoTime() - t0) / 1e9);
            }
            return 0;
        } catch (Exception e) {
            throw new Failures.FileFailure(toStdout ? "stdout" : output, e);
        }
    }
}
