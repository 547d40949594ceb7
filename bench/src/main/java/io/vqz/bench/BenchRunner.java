package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Runs every available codec over every image at every quality and measures size, PSNR, MS-SSIM and
 * times. Images are read one at a time; each codec is warmed up once on the first image before its
 * first timed run. A failing coding is recorded as an error and the run goes on. Not thread-safe.
 *
 * @since 0.1
 */
final class BenchRunner {
    private final List<BenchCodec> codecs;
    private final Map<String, int[]> qualities;
    private final String anchor;

    /** @param qualities per codec name, the qualities to sweep */
    BenchRunner(List<BenchCodec> codecs, Map<String, int[]> qualities, String anchor) {
        this.codecs = List.copyOf(codecs);
        this.qualities = Map.copyOf(qualities);
        this.anchor = anchor;
    }

    BenchResult run(List<Path> images, BenchProgress progress) throws IOException {
        return run(images, progress, null);
    }

    /** As {@link #run(List, BenchProgress)}, keeping crops of the outputs in {@code gallery} (may be null). */
    BenchResult run(List<Path> images, BenchProgress progress, BenchGallery gallery) throws IOException {
        BenchResult result = new BenchResult();
        result.created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        result.machine.putAll(machine());
        result.anchor = anchor;
        List<BenchCodec> usable = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (BenchCodec c : codecs) {
            String reason = c.unavailableReason();
            if (reason == null) {
                usable.add(c);
                descriptions.put(c.name(), c.description());
            } else {
                result.skipped.add(new BenchResult.Skipped(c.name(), reason));
                progress.note("skipping " + c.name() + ": " + reason);
            }
        }
        Set<String> warm = new HashSet<>();
        Path work = Files.createTempDirectory("vqz-bench");
        try {
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                BufferedImage read = ImageIO.read(file.toFile());
                if (read == null) {
                    throw new IOException("not a readable image: " + file);
                }
                RgbPixels pixels = RgbPixels.of(read);
                BufferedImage image = pixels.toImage();
                Path png = work.resolve("source-" + i + ".png");
                ImageIO.write(image, "png", png.toFile());
                String name = file.getFileName().toString();
                BenchCodec.Source source = new BenchCodec.Source(name, image, pixels, png);
                result.images.add(name);
                if (gallery != null) {
                    gallery.startImage(name, image);
                }
                for (BenchCodec codec : usable) {
                    int[] qs = qualities.get(codec.name());
                    if (warm.add(codec.name())) {
                        try {
                            codec.warmUp(source, qs[qs.length / 2], work);
                        } catch (IOException | RuntimeException e) {
                            result.errors.add(codec.name() + " warm-up on " + name + ": " + e.getMessage());
                        }
                    }
                    for (int q : qs) {
                        progress.step(name + " " + codec.name() + " q" + q);
                        try {
                            result.measurements.add(measure(codec, source, q, work, gallery));
                        } catch (IOException | RuntimeException e) {
                            result.errors.add(codec.name() + " q" + q + " on " + name + ": " + e);
                        }
                    }
                }
                Files.deleteIfExists(png);
                if (gallery != null) {
                    gallery.finishImage();
                }
            }
        } finally {
            deleteTree(work);
        }
        result.summarise(usable.stream().map(BenchCodec::name).toList(), descriptions);
        return result;
    }

    static BenchResult.Measurement measure(BenchCodec codec, BenchCodec.Source source, int quality, Path work)
            throws IOException {
        return measure(codec, source, quality, work, null);
    }

    static BenchResult.Measurement measure(BenchCodec codec, BenchCodec.Source source, int quality, Path work,
                                           BenchGallery gallery) throws IOException {
        BenchCodec.Coded coded = codec.code(source, quality, work);
        RgbPixels decoded = RgbPixels.of(coded.decoded());
        if (decoded.width() != source.pixels().width() || decoded.height() != source.pixels().height()) {
            throw new IOException("decoded size " + decoded.width() + "x" + decoded.height() + " differs from "
                    + source.pixels().width() + "x" + source.pixels().height());
        }
        double ssim = MsSsim.rgb(source.pixels(), decoded);
        Double msssim = Double.isNaN(ssim) ? null : ssim;
        BenchResult.Measurement m = new BenchResult.Measurement(source.name(), codec.name(), quality,
                decoded.width(), decoded.height(), coded.bytes(), coded.bytes() * 8.0 / source.pixelCount(),
                Psnr.rgb(source.pixels(), decoded), msssim, msssim == null ? null : MsSsim.decibels(msssim),
                coded.encodeNanos() / 1e6, coded.decodeNanos() / 1e6, coded.payloadBits(), coded.idealBits());
        if (gallery != null) {
            gallery.add(codec.name(), quality, m.bpp(), m.psnr(), decoded.toImage());
        }
        return m;
    }

    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        m.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            lines.filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's view above is all there is
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return m;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static int[] sortedDistinct(int[] qs) {
        return Arrays.stream(qs).distinct().sorted().toArray();
    }
}
