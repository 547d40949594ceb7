package io.vqz.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vqz.codec.Effort;
import io.vqz.codec.EncodeOptions;
import io.vqz.codec.EncodeResult;
import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;
import io.vqz.codec.Psnr;
import io.vqz.codec.Quality;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzFormat;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vqz encode}: compresses images to {@code .vqz}.
 *
 * @since 0.1
 */
@Command(name = "encode", aliases = "enc", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Compress images (PNG, JPEG incl. CMYK, WebP, TIFF of every flavour, PSD, PNM, TGA, PCX, SGI, BMP, GIF) to .vqz.",
                "Statistics go to stderr: size, bits per pixel, time, and PSNR with --verify.",
                "Several inputs or a directory (its image files, not recursively) are encoded in parallel; "
                        + "-o then names a directory (created if missing), else each output goes next to "
                        + "its input as NAME.vqz."},
        footerHeading = "%nExamples:%n",
        footer = {"  vqz encode photo.png -o photo.vqz --verify",
                "  vqz encode -q 90 photo.jpg -o - > photo.vqz",
                "  vqz encode -e 9 photo.png      (smallest file, slowest encode)",
                "  vqz encode photos/ -o compressed/"})
final class EncodeCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input image(s), directories, or '-' for stdin.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file, '-' for stdout, or a directory in batch mode (default: IN with .vqz).")
    String output;

    @Option(names = {"-q", "--quality"}, paramLabel = "0..100", converter = Converters.QualityConverter.class,
            description = "Quality: 0 smallest file, 100 best image (the nearest codewords, no rate "
                    + "trade-off); default " + Quality.DEFAULT + ".")
    Integer quality;

    @Option(names = {"-e", "--effort"}, paramLabel = "0..9", converter = Converters.EffortConverter.class,
            description = {"Encoder effort: more time for fewer bytes at the same PSNR (at one quality: a higher "
                    + "PSNR for a few per cent more bytes), the same decoder and decode time (like cwebp -m, "
                    + "cjxl -e); default " + Effort.DEFAULT + ".",
                    "0: a fast encoder network and a quicker choice of codes, about half the default's time (at "
                            + "one quality: more bytes, a higher PSNR); " + Effort.DEFAULT
                            + ": every earlier release's encoder; 2-9: "
                            + "analysis by synthesis, the codes refined against the decoded pixels up to 1, 2, 3, "
                            + "4, 5, 6, 8 or 10 times (8: about 30x the default's time); 9 then searches the last "
                            + "layer's codes by the decoded pixels (about 70x)."})
    Integer effort;

    @Option(names = "--model", paramLabel = "NAME|FILE", description = Models.MODEL_HELP)
    String model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads, for the entropy coding and for each network run alike (default: the number of "
                    + "processors, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--metadata", split = ",", paramLabel = "KIND",
            description = {"Metadata to copy: all, none, icc, exif, xmp, comma-separated (default: all).",
                    "Read from PNG (iCCP, eXIf, iTXt XMP) and JPEG (APP2 ICC, APP1 Exif/XMP) inputs; other "
                            + "formats carry none. A profile that is applied while reading (CMYK and YCCK JPEGs "
                            + "are converted to sRGB) or by the encoder (RGB in another space than sRGB) is not "
                            + "copied."})
    List<MetadataKind> metadata;

    @Option(names = "--verify", description = "Decode the result again and print its PSNR against the input.")
    boolean verify;

    @Option(names = "--any-extension",
            description = "Write OUT even if its extension is not .vqz (refused otherwise: a .png that holds VQZ "
                    + "bytes fools every program that opens it).")
    boolean anyExtension;

    @Mixin
    WriteOptions writing;

    @Mixin
    LimitOptions limits;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw usage("Invalid value for option '--threads': " + threads + " (must be at least 1)");
        }
        boolean batch = Batch.isBatch(inputs);
        if (batch && AtomicOutput.isStdout(output)) {
            throw usage("-o - (stdout) takes a single input");
        }
        if (batch && inputs.stream().anyMatch(BaseCommand::isStdin)) {
            throw usage("- (stdin) takes a single input");
        }
        if (output == null && inputs.stream().anyMatch(BaseCommand::isStdin)) {
            throw usage("Reading standard input (-) needs -o OUT");
        }
        String ext = output == null || batch || AtomicOutput.isStdout(output) ? "" : ImageFiles.suffix(output);
        if (!ext.isEmpty() && !ext.equals(VqzFormat.SUFFIX) && !anyExtension) {
            throw usage("Output '" + output + "' ends in ." + ext + ", but holds a .vqz file; name it ."
                    + VqzFormat.SUFFIX + ", or add --any-extension");
        }
        ModelBundle bundle = Models.resolve(model);
        List<Path> files = Batch.expand(inputs, p -> Batch.hasSuffix(p, ImageFiles.readableSuffixes()));
        int workers = batch ? Math.max(1, Math.min(threads, files.size())) : 1;
        int each = threadsPerFile(threads, workers);
        VqzEncoder.Builder b = VqzEncoder.builder().model(bundle).threads(each)
                .limits(limits.limits());
        if (quality != null) {
            b.quality(quality);
        }
        if (effort != null) {
            b.effort(effort);
        }
        VqzEncoder encoder = b.build();
        // the model given with --model may be in no registry: the check decodes with it too
        VqzDecoder decoder = verify ? VqzDecoder.builder().threads(each)
                .registry(ModelRegistry.builder().add(bundle).addShipped().addModelPath().build()).build() : null;
        Set<MetadataKind> kinds = MetadataKind.select(metadata);
        return Batch.run(files, workers, "encode", err(), err(), !writing.quiet, debug(),
                in -> encodeOne(in, batch, encoder, decoder, kinds));
    }

    private String encodeOne(Path in, boolean batch, VqzEncoder encoder, VqzDecoder decoder,
                             Set<MetadataKind> kinds) throws Exception {
        boolean toStdout = AtomicOutput.isStdout(output);
        Path out = toStdout ? null : batch ? Batch.output(in, output, "vqz")
                : output != null ? Path.of(output) : Batch.output(in, null, "vqz");
        if (out != null) {
            AtomicOutput.check(out, writing.force, List.of(in));
        }
        long t0 = System.nanoTime();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 16);
        EncodeResult r;
        ImageFiles.Loaded img;
        // the input's memory is reserved before it is decoded and held until it is encoded
        try (ImageFiles.Loaded loaded = isStdin(in) ? ImageFiles.read(open(in), kinds, encoder)
                : ImageFiles.read(in, kinds, encoder);
             // a single encode on a terminal shows its progress; batch mode has its own bar
             ProgressBar bar = progressBar("encode", !batch && !writing.quiet)) {
            img = loaded;
            EncodeOptions options = bar == null ? EncodeOptions.DEFAULT
                    : EncodeOptions.builder().progress(p -> bar.stepTo(Math.round(p * 100))).build();
            r = encoder.encode(img.image(), img.metadata(), buf, options);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (toStdout) {
            AtomicOutput.writeStdout(stdout(), buf::writeTo);
        } else {
            AtomicOutput.write(out, writing.force, List.of(in), buf::writeTo);
        }
        String psnr = null;
        if (decoder != null) {
            BufferedImage back = decoder.decode(new ByteArrayInputStream(buf.toByteArray()));
            double db = Psnr.rgb(img.image(), back);
            psnr = db >= Psnr.IDENTICAL ? "identical" : String.format(Locale.ROOT, "%.2f dB", db);
        }
        if (writing.quiet) {
            return null;
        }
        BufferedImage im = img.image();
        double bpp = buf.size() * 8.0 / ((double) im.getWidth() * im.getHeight());
        if (batch) {
            return String.format(Locale.ROOT, "%s -> %s: %d bytes (%.4f bpp), %.2f s%s", in, out, buf.size(), bpp,
                    seconds, psnr == null ? "" : ", PSNR " + psnr);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Input: %s (%d x %d)%n", in, im.getWidth(), im.getHeight()));
        s.append(String.format(Locale.ROOT, "Output: %d bytes (%.4f bpp)", buf.size(), bpp));
        if (r.idealBits() > 0) {
            s.append(String.format(Locale.ROOT, ", model estimate %.4f bpp",
                    r.idealBits() / ((double) im.getWidth() * im.getHeight())));
        }
        s.append(String.format(Locale.ROOT, "%nTime: %.2f s", seconds));
        if (psnr != null) {
            s.append(String.format(Locale.ROOT, "%nPSNR: %s", psnr));
        }
        return s.toString();
    }
}
