package io.vqz.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import io.vqz.codec.ModelBundle;
import io.vqz.codec.VqzScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vqz score}: the bits per pixel the model's prior assigns to images.
 *
 * @since 0.1
 */
@Command(name = "score", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Print the bits per pixel the model assigns to each image: the PixelCNN prior's ideal "
                + "code length of its code grid. Low means typical and compressible; unusually high values "
                + "flag images unlike the training data (out-of-distribution / anomaly score).",
                "Prints 'BPP  FILE' per line on stdout, in input order; directories: their image files."})
final class ScoreCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input image(s), directories, or '-' for stdin.")
    List<Path> inputs;

    @Option(names = "--model", paramLabel = "NAME|FILE", description = Models.MODEL_HELP)
    String model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Images scored in parallel (default: the number of processors, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw usage("Invalid value for option '--threads': " + threads + " (must be at least 1)");
        }
        ModelBundle bundle = Models.resolve(model);
        List<Path> files = Batch.expand(inputs, p -> Batch.hasSuffix(p, ImageFiles.readableSuffixes()));
        int workers = Math.max(1, Math.min(threads, files.size()));
        VqzScorer scorer = VqzScorer.create(bundle, threadsPerFile(threads, workers));
        return Batch.run(files, workers, "score", out(), err(), true, debug(), in -> {
            EnumSet<MetadataKind> none = EnumSet.noneOf(MetadataKind.class);
            double bpp = scorer.bitsPerPixel((isStdin(in) ? ImageFiles.read(open(in), none, null)
                    : ImageFiles.read(in, none, null)).image());
            return String.format(Locale.ROOT, "%.4f  %s", bpp, in);
        });
    }
}
