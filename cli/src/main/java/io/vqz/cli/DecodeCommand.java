package io.vqz.cli;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.DecodedImage;
import io.vqz.codec.VqzDecoder;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzFormat;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzMetadata;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vqz decode}: decompresses {@code .vqz} files to PNG, JPEG, BMP or any format ImageIO writes.
 *
 * @since 0.1
 */
@Command(name = "decode", aliases = "dec", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Decompress .vqz files. The output format follows the extension of OUT "
                + "(png, jpg, bmp, gif, tif, ...); formats without alpha (jpg, bmp) drop it.",
                "Several inputs or a directory (its *.vqz files) are decoded in parallel; -o then names a "
                        + "directory (created if missing), else each output goes next to its input."},
        footerHeading = "%nExamples:%n",
        footer = {"  vqz decode photo.vqz -o photo.png",
                "  vqz decode photo.vqz --region 0,0,256,256 --scale 1/2 -o crop.jpg",
                "  vqz decode photo.vqz -o - --format png | display"})
final class DecodeCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input .vqz file(s), directories, or '-' for stdin.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output image, '-' for stdout, or a directory in batch mode (default: IN with .png).")
    String output;

    @Option(names = "--format", paramLabel = "EXT",
            description = "Output format for stdout and batch mode (default: the extension of OUT, else png).")
    String format;

    @Option(names = "--region", paramLabel = "x,y,w,h", converter = Converters.RegionConverter.class,
            description = "Decode only this rectangle, in pixels of the full image.")
    Rectangle region;

    @Option(names = "--scale", paramLabel = "1/N", converter = Converters.ScaleConverter.class,
            description = "Decode at 1/2, 1/4 or 1/8 of the size (default: 1).")
    int scale = 1;

    @Option(names = "--layers", paramLabel = "N",
            description = "Decode only the first N code layers of a layered file (default: all it holds).")
    int layers;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads, for the entropy coding and for each network run alike (default: the number of "
                    + "processors, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--metadata", split = ",", paramLabel = "KIND",
            description = {"Metadata to embed in the output: all, none, icc, exif, xmp, comma-separated "
                    + "(default: all).", "PNG outputs get iCCP, eXIf and iTXt XMP; JPEG outputs APP2 ICC and "
                    + "APP1 Exif/XMP; other formats none."})
    List<MetadataKind> metadata;

    @Mixin
    WriteOptions writing;

    @Mixin
    LimitOptions limits;

    @Option(names = "--partial", description = {"Decode a file cut short (a download in progress, a truncated "
            + "copy) to the layers that are complete, with a warning; without it such a file is an error.",
            "A cut inside the header, metadata, alpha or base layer is an error either way."})
    boolean partial;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw usage("Invalid value for option '--threads': " + threads + " (must be at least 1)");
        }
        if (layers < 0) {
            throw usage("Invalid value for option '--layers': " + layers + " (must be at least 1)");
        }
        boolean batch = Batch.isBatch(inputs);
        if (batch && AtomicOutput.isStdout(output)) {
            throw usage("-o - (stdout) takes a single input");
        }
        if (batch && inputs.stream().anyMatch(BaseCommand::isStdin)) {
            throw usage("- (stdin) takes a single input");
        }
        String ext = format != null ? format.toLowerCase(Locale.ROOT)
                : output != null && !batch && !AtomicOutput.isStdout(output) ? ImageFiles.suffix(output) : "png";
        if (!ImageFiles.writable(ext)) {
            throw usage(ext.isEmpty() ? "Cannot tell the output format: give OUT an extension or use --format"
                    : "Unknown output format '" + ext + "' (use png, jpg, bmp, gif or tif)");
        }
        if (output == null && inputs.stream().anyMatch(BaseCommand::isStdin)) {
            throw usage("Reading standard input (-) needs -o OUT");
        }
        List<Path> files = Batch.expand(inputs, p -> Batch.hasSuffix(p, List.of(VqzFormat.SUFFIX)));
        int workers = batch ? Math.max(1, Math.min(threads, files.size())) : 1;
        VqzDecoder decoder = VqzDecoder.builder().threads(threadsPerFile(threads, workers)).limits(limits.limits())
                .build();
        return Batch.run(files, workers, "decode", err(), err(), !writing.quiet, debug(),
                in -> decodeOne(in, batch, ext, decoder));
    }

    private String decodeOne(Path in, boolean batch, String ext, VqzDecoder decoder) throws Exception {
        boolean toStdout = AtomicOutput.isStdout(output);
        Path out = toStdout ? null : batch ? Batch.output(in, output, ext)
                : output != null ? Path.of(output) : Batch.output(in, null, ext);
        if (out != null) {
            AtomicOutput.check(out, writing.force, List.of(in));
        }
        long t0 = System.nanoTime();
        VqzContainer container;
        try (InputStream is = new BufferedInputStream(open(in), 1 << 16)) {
            container = VqzReader.readAvailable(is, limits.limits());
        }
        if (container.truncation().isPresent()) {
            String cut = container.truncation().get().getMessage() + "; the first " + container.header().layers()
                    + " of its " + container.declaredLayers() + " layers are complete";
            if (!partial) {
                throw new Failures.FileFailure(in.toString(), cut + " (--partial decodes them)",
                        container.truncation().get());
            }
            err().println("vqz: " + in + ": warning: " + cut + ", decoding those");
            err().flush();
        }
        VqzHeader h = container.header();
        Rectangle r = region;
        if (r != null && !new Rectangle(0, 0, h.width(), h.height()).contains(r)) {
            throw new Failures.FileFailure(in.toString(), String.format(Locale.ROOT,
                    "region %d,%d,%d,%d lies outside the %d x %d image", r.x, r.y, r.width, r.height,
                    h.width(), h.height()), null);
        }
        DecodeOptions.Builder ob = DecodeOptions.builder().scale(scale).layers(layers);
        if (r != null) {
            ob.region(r);
        }
        DecodedImage decoded;
        // a single decode on a terminal shows its progress; batch mode has its own bar
        try (ProgressBar bar = progressBar("decode", !batch && !writing.quiet)) {
            if (bar != null) {
                ob.progress(p -> bar.stepTo(Math.round(p * 100)));
            }
            decoded = decoder.decode(container, ob.build());
        }
        Set<MetadataKind> kinds = MetadataKind.select(metadata);
        VqzMetadata md = decoded.metadata();
        BufferedImage image = decoded.image();
        if (toStdout) {
            AtomicOutput.writeStdout(stdout(), o -> ImageFiles.write(image, ext, o, md, kinds));
        } else {
            AtomicOutput.write(out, writing.force, List.of(in), o -> ImageFiles.write(image, ext, o, md, kinds));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (writing.quiet) {
            return null;
        }
        String dims = image.getWidth() + " x " + image.getHeight();
        // no Formatter: its first use loads the locale data, 10-20 ms at the end of every cold decode
        String time = Batch.seconds(seconds);
        return batch ? in + " -> " + out + ": " + dims + ", " + time
                : "Output: " + (toStdout ? "stdout" : out) + " (" + dims + ")" + System.lineSeparator() + "Time: " + time;
    }
}
