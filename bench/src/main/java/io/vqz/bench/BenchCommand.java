package io.vqz.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vqz bench}: the rate–distortion benchmark of VQZ against JPEG, WebP, AVIF, JPEG XL and HEIC.
 * Prints a Markdown report (or JSON with {@code --json}) on standard output; with {@code --out} also
 * writes {@code bench.json}, {@code bench.md} and the plots there. Progress goes to standard error.
 * Exit status 0 when every coding succeeded, 1 when some failed or nothing could be measured, 2 on bad
 * arguments. One instance per invocation; not thread-safe.
 *
 * @since 0.1
 */
@Command(name = "bench", sortOptions = false,
        description = "Rate-distortion benchmark: bits per pixel, PSNR and MS-SSIM over RGB, encode and decode "
            + "times, BD-rates against JPEG; external codecs run through their command-line tools "
            + "when those are on the PATH and are skipped otherwise.")
public final class BenchCommand implements Callable<Integer> {
    static final List<String> ALL_CODECS = List.of("vqz", "jpeg", "webp", "avif", "jxl", "heic");
    static final String JSON_FILE = "bench.json";
    static final String MARKDOWN_FILE = "bench.md";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a directory of images (PNG, ...) or one image file")
    Path input;

    @Option(names = "--codecs", split = ",", paramLabel = "CODEC",
            description = "codecs to run, comma-separated, from vqz,jpeg,webp,avif,jxl,heic, and vqz-e0 .. vqz-e9 "
                    + "(VQZ at an encoder effort other than the default; vqz is effort " + io.vqz.codec.Effort.DEFAULT
                    + "); default: the first six")
    List<String> codecs = new ArrayList<>(ALL_CODECS);

    @Option(names = "--out", paramLabel = "DIR",
            description = "write " + JSON_FILE + ", " + MARKDOWN_FILE + ", " + RdPlots.PSNR_FILE + " and "
                    + RdPlots.MSSSIM_FILE + " into DIR (created if needed)")
    Path out;

    @Option(names = "--json", description = "print the JSON (every measurement) instead of the Markdown report")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N images (by file name)")
    Integer limit;

    @Option(names = "--qualities", split = ",", paramLabel = "Q",
            description = "qualities (0-100, each codec's own scale) for jpeg, webp, avif, jxl, heic; default: ${DEFAULT-VALUE}")
    int[] qualities = {2, 5, 10, 20, 35, 50, 65, 80, 90};

    @Option(names = "--vqz-qualities", split = ",", paramLabel = "Q",
            description = "qualities (0-100) for vqz; default: ${DEFAULT-VALUE}")
    int[] vqzQualities = {10, 25, 50, 75, 90, 100};

    @Option(names = "--vqz-model", paramLabel = "FILE", description = "a .vqzm model bundle instead of the default model")
    Path vqzModel;

    @Option(names = "--anchor", paramLabel = "CODEC", description = "the codec BD-rates are measured against; default: ${DEFAULT-VALUE}")
    String anchor = "jpeg";

    @Option(names = "--plot-max-bpp", paramLabel = "BPP",
            description = "leave points above BPP out of the plots (not the tables); default: ${DEFAULT-VALUE}")
    double plotMaxBpp = 3.0;

    @Option(names = "--no-progress", description = "no progress bar or progress lines")
    boolean noProgress;

    @Option(names = "--html", description = "with --out: also write " + HtmlReport.FILE + ", a self-contained page "
            + "showing crops of the codecs side by side at equal file size, the plots and the tables")
    boolean html;

    @Option(names = "--html-images", paramLabel = "N",
            description = "how many images the page shows crops of; default: ${DEFAULT-VALUE}")
    int htmlImages = 6;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BenchCodec> selected = codecs();
        Map<String, int[]> sweep = new LinkedHashMap<>();
        for (BenchCodec c : selected) {
            int[] qs = BenchRunner.sortedDistinct(c.name().startsWith("vqz") ? vqzQualities : qualities);
            for (int q : qs) {
                if (q < 0 || q > 100) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "quality out of 0..100: " + q);
                }
            }
            if (qs.length == 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no qualities for " + c.name());
            }
            sweep.put(c.name(), qs);
        }
        if (html && out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--html needs --out DIR");
        }
        List<Path> images = images();
        PrintWriter err = spec.commandLine().getErr();
        if (images.isEmpty()) {
            err.println("vqz bench: no readable images in " + input);
            return 1;
        }
        long steps = 0;
        for (BenchCodec c : selected) {
            if (c.unavailableReason() == null) {
                steps += (long) images.size() * sweep.get(c.name()).length;
            }
        }
        BenchResult result;
        BenchGallery gallery;
        try (BenchProgress progress = noProgress ? BenchProgress.silent()
                : BenchProgress.start(steps, System.console() != null, System.err)) {
            gallery = html ? new BenchGallery(htmlImages, 192, 128) : null;
            result = new BenchRunner(selected, sweep, anchor).run(images, progress, gallery);
        }
        String markdown = header(result) + BenchReport.markdown(result);
        String jsonText = BenchReport.json(result);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve(JSON_FILE), jsonText, StandardCharsets.UTF_8);
            Files.writeString(out.resolve(MARKDOWN_FILE), markdown, StandardCharsets.UTF_8);
            RdPlots.write(result, out, plotMaxBpp);
            if (gallery != null) {
                HtmlReport.write(out, markdown, gallery);
            }
            err.println("vqz bench: wrote " + out.resolve(JSON_FILE) + ", " + MARKDOWN_FILE + ", "
                    + RdPlots.PSNR_FILE + ", " + RdPlots.MSSSIM_FILE + (gallery != null ? ", " + HtmlReport.FILE : ""));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(json ? jsonText : markdown);
        stdout.flush();
        for (String e : result.errors) {
            err.println("vqz bench: " + e);
        }
        err.flush();
        return result.errors.isEmpty() && !result.measurements.isEmpty() ? 0 : 1;
    }

    private List<BenchCodec> codecs() {
        List<BenchCodec> list = new ArrayList<>();
        for (String raw : codecs) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            BenchCodec c = name.matches("vqz-e[0-9]") ? VqzCodec.create(vqzModel, name.charAt(5) - '0')
                    : switch (name) {
                case "vqz" -> VqzCodec.create(vqzModel);
                case "jpeg" -> new JpegCodec();
                case "webp" -> ExternalCodec.webp();
                case "avif" -> ExternalCodec.avif();
                case "jxl" -> ExternalCodec.jxl();
                case "heic" -> ExternalCodec.heic();
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown codec '" + raw + "'; known: " + String.join(",", ALL_CODECS));
            };
            if (list.stream().noneMatch(x -> x.name().equals(c.name()))) {
                list.add(c);
            }
        }
        return list;
    }

    private List<Path> images() throws IOException {
        if (!Files.exists(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + input);
        }
        List<Path> files;
        if (Files.isDirectory(input)) {
            try (Stream<Path> list = Files.list(input)) {
                files = list.filter(Files::isRegularFile).filter(BenchCommand::isImage).sorted().toList();
            }
        } else {
            files = List.of(input);
        }
        return limit == null ? files : files.subList(0, Math.max(0, Math.min(limit, files.size())));
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String suffix = n.substring(dot + 1).toLowerCase(Locale.ROOT);
        // a .vqz input would benchmark a decoded VQZ image, never what anyone means
        return !suffix.equals("vqz") && ImageIO.getImageReadersBySuffix(suffix).hasNext();
    }

    private String header(BenchResult r) {
        return String.format(Locale.ROOT, "%d image%s from `%s`, %s; %s, %s CPUs (%s), %s.%n%n",
                r.images.size(), r.images.size() == 1 ? "" : "s", input, r.created,
                r.machine.getOrDefault("cpu", r.machine.get("arch")), r.machine.get("cpus"),
                r.machine.get("os"), r.machine.get("java"));
    }
}
