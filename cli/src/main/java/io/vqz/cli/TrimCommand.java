package io.vqz.cli;

import io.vqz.codec.ModelRegistry;
import io.vqz.codec.Quality;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * {@code vqz trim}: a smaller, lower-quality file cut from a layered one, without decoding or re-encoding.
 *
 * @since 0.3
 */
@Command(name = "trim", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Keep only the first layers of a layered .vqz file (container version 2): a valid, "
                + "smaller file of lower quality, made by copying bytes, in milliseconds. Decoding it gives "
                + "exactly the image that decoding IN with that many layers gives.",
                "Files of single-layer models have one layer; asking for all layers or more copies IN as is."},
        footerHeading = "%nExamples:%n",
        footer = {"  vqz trim photo.vqz --layers 2 -o photo-small.vqz",
                "  vqz trim photo.vqz -q 50 -o photo-q50.vqz"})
final class TrimCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "IN", description = "Input .vqz file, or '-' for stdin.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "Output .vqz file, or '-' for stdout.")
    String output;

    @ArgGroup(multiplicity = "1")
    Amount amount;

    static final class Amount {
        @Option(names = {"-l", "--layers"}, paramLabel = "N", description = "Layers to keep, at least 1.")
        Integer layers;

        @Option(names = {"-q", "--quality"}, paramLabel = "Q", converter = Converters.QualityConverter.class,
                description = "Keep the layers an encode at quality Q (0-100) would send.")
        Integer quality;
    }

    @Mixin
    WriteOptions writing;

    @Override
    public Integer call() throws Exception {
        if (amount.layers != null && amount.layers < 1) {
            throw usage("Invalid value for option '--layers': " + amount.layers + " (must be at least 1)");
        }
        try {
            return trim();
        } catch (Exception e) {
            Failures.report(err(), input.toString(), e, debug());
            return VqzCommand.EXIT_FAILURE;
        }
    }

    private int trim() throws Exception {
        Path out = AtomicOutput.isStdout(output) ? null : Path.of(output);
        if (out != null) {
            AtomicOutput.check(out, writing.force, List.of(input));
        }
        long t0 = System.nanoTime();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        VqzHeader from;
        VqzHeader to;
        long inBytes;
        if (isStdin(input)) {
            // a stream cannot seek: read it whole, and write the container cut to the layers kept
            byte[] bytes;
            try (InputStream s = open(input)) {
                bytes = s.readAllBytes();
            }
            inBytes = bytes.length;
            VqzContainer c = VqzReader.read(new ByteArrayInputStream(bytes), VqzLimits.DEFAULT);
            from = c.header();
            VqzContainer kept = c.trim(keep(from));
            VqzWriter.write(kept, buf);
            to = kept.header();
        } else {
            if (Files.isDirectory(input)) {
                throw new java.nio.file.FileSystemException(input.toString(), null, "is a directory");
            }
            try (SeekableByteChannel channel = Files.newByteChannel(input)) {
                inBytes = channel.size();
                from = VqzReader.readIndex(channel, VqzLimits.DEFAULT).header();
                channel.position(0);
                to = VqzWriter.trim(channel, buf, keep(from), VqzLimits.DEFAULT);
            }
        }
        byte[] trimmed = buf.toByteArray();
        if (out == null) {
            AtomicOutput.writeStdout(stdout(), o -> o.write(trimmed));
        } else {
            AtomicOutput.write(out, writing.force, List.of(input), o -> o.write(trimmed));
        }
        if (!writing.quiet) {
            double pixels = (double) to.width() * to.height();
            err().printf(Locale.ROOT, "Kept %d of %d layers: %d -> %d bytes (%.4f -> %.4f bpp), %.3f s%n",
                    to.layers(), from.layers(), inBytes, trimmed.length, inBytes * 8 / pixels,
                    trimmed.length * 8 / pixels, (System.nanoTime() - t0) / 1e9);
            err().flush();
        }
        return 0;
    }

    /**
     * How many layers the quality sends with the file's model's bands; with equal bands over the file's own
     * layers if that model is not installed.
     */
    private static int layersAt(int quality, VqzHeader h) {
        try {
            OptionalInt sent = ModelRegistry.standard().layersAtQuality(h.model(), quality);
            if (sent.isPresent()) {
                return sent.getAsInt();
            }
        } catch (RuntimeException e) {
            // no usable registry: fall back to the file's layers
        }
        return Quality.layers(quality, h.layers());
    }

    /** How many layers to keep of a file whose header is {@code h}. */
    private int keep(VqzHeader h) {
        return Math.min(h.layers(), amount.layers != null ? amount.layers : layersAt(amount.quality, h));
    }
}
