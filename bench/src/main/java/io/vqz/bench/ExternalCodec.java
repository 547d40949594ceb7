package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * A codec run through its command-line tools (one process to encode a PNG, one to decode to PPM where
 * the decoder writes it, else to uncompressed-as-possible PNG), as a user would run it: times are
 * wall-clock times of the processes (start-up and file I/O included), sizes are the real files.
 * Tool defaults are kept except the quality, mapped from 0..100 to each tool's option. Thread-safe
 * if each caller uses its own scratch directory.
 *
 * @since 0.1
 */
final class ExternalCodec implements BenchCodec {
    private static final long TIMEOUT_SECONDS = 300;

    private final String name;
    private final String label;
    private final String encoder;
    private final String decoder;
    private final String suffix;
    private final String decodedSuffix;
    private final List<String> versionCommand;
    /** The command line of one coding step: the tool's arguments for a quality, an input and an output file. */
    @FunctionalInterface
    interface Step {
        List<String> command(int quality, Path in, Path out);
    }

    private final Step encodeCommand;
    private final Step decodeCommand;
    private String version;

    private ExternalCodec(String name, String label, String encoder, String decoder, String suffix,
                          String decodedSuffix, List<String> versionCommand, Step encodeCommand, Step decodeCommand) {
        this.name = name;
        this.label = label;
        this.encoder = encoder;
        this.decoder = decoder;
        this.suffix = suffix;
        this.decodedSuffix = decodedSuffix;
        this.versionCommand = versionCommand;
        this.encodeCommand = encodeCommand;
        this.decodeCommand = decodeCommand;
    }

    /** WebP (libwebp): {@code cwebp -q Q}, {@code dwebp}. */
    static ExternalCodec webp() {
        return new ExternalCodec("webp", "WebP, cwebp -q Q (method 4, 4:2:0)", "cwebp", "dwebp", ".webp", ".ppm",
                List.of("cwebp", "-version"),
                (q, in, out) -> List.of("cwebp", "-quiet", "-q", String.valueOf(q), in.toString(), "-o", out.toString()),
                (q, in, out) -> List.of("dwebp", "-quiet", "-ppm", in.toString(), "-o", out.toString()));
    }

    /**
     * AVIF (libavif): newer {@code avifenc} take {@code -q Q}; older ones (before 1.0) take quantizers,
     * and get {@code --min/--max round((100 − Q)·63/100)}, the mapping libavif itself uses for {@code -q}.
     */
    static ExternalCodec avif() {
        boolean hasQuality = helpMentions("avifenc", "--qcolor");
        boolean rawPng = helpMentions("avifdec", "--png-compress");
        return new ExternalCodec("avif", "AVIF, avifenc " + (hasQuality ? "-q Q" : "--min/--max (100-Q)*63/100")
                + " (speed 6, 4:4:4 from PNG)", "avifenc", "avifdec", ".avif", ".png",
                List.of("avifenc", "--version"),
                (q, in, out) -> {
                    List<String> cmd = new ArrayList<>(List.of("avifenc"));
                    if (hasQuality) {
                        cmd.addAll(List.of("-q", String.valueOf(q)));
                    } else {
                        String qz = String.valueOf(((100 - q) * 63 + 50) / 100);
                        cmd.addAll(List.of("--min", qz, "--max", qz));
                    }
                    cmd.addAll(List.of(in.toString(), out.toString()));
                    return cmd;
                },
                (q, in, out) -> rawPng
                        ? List.of("avifdec", "-d", "8", "--png-compress", "0", in.toString(), out.toString())
                        : List.of("avifdec", "-d", "8", in.toString(), out.toString()));
    }

    /**
     * JPEG XL (libjxl): {@code cjxl -d D} (effort 7) with D the distance libjxl's own {@code -q Q} maps to,
     * capped at 25 (the largest distance cjxl 0.7 accepts; {@code -q} below about 4 would exceed it), {@code djxl}.
     */
    static ExternalCodec jxl() {
        return new ExternalCodec("jxl", "JPEG XL, cjxl -d distance(Q) as cjxl -q maps it, at most 25 (effort 7)",
                "cjxl", "djxl", ".jxl", ".ppm",
                List.of("cjxl", "--version"),
                (q, in, out) -> List.of("cjxl", in.toString(), out.toString(), "-d",
                        String.format(java.util.Locale.ROOT, "%.4f", jxlDistance(q))),
                (q, in, out) -> List.of("djxl", in.toString(), out.toString()));
    }

    /** libjxl's quality-to-distance mapping (as in cjxl's {@code -q}), capped at 25. */
    static double jxlDistance(int quality) {
        double d = quality >= 30 ? 0.1 + (100 - quality) * 0.09
                : 6.4 + Math.pow(2.5, (30 - quality) / 5.0) / 6.25;
        return Math.min(25.0, d);
    }

    /** HEIC (libheif + x265): {@code heif-enc -q Q} (4:2:0), {@code heif-convert}. */
    static ExternalCodec heic() {
        return new ExternalCodec("heic", "HEIC, heif-enc -q Q (x265, 4:2:0)", "heif-enc", "heif-convert", ".heic", ".png",
                List.of("heif-enc", "--help"),
                (q, in, out) -> List.of("heif-enc", "-q", String.valueOf(q), "-o", out.toString(), in.toString()),
                (q, in, out) -> List.of("heif-convert", in.toString(), out.toString()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String v = version();
        return label + (v.isEmpty() ? "" : "; " + v);
    }

    @Override
    public String unavailableReason() {
        for (String tool : List.of(encoder, decoder)) {
            if (onPath(tool) == null) {
                return tool + " not on PATH";
            }
        }
        return null;
    }

    @Override
    public void warmUp(Source source, int quality, Path work) {
        // a process has no JIT to warm; the first run only fills the page cache, which is not worth a run
    }

    /** The tool's version line, or "" if it prints none. */
    String version() {
        if (version == null) {
            version = "";
            try {
                for (String line : run(versionCommand, true).split("\\R")) {
                    String t = line.trim();
                    if (!t.isEmpty() && t.matches(".*\\d+\\.\\d+.*")) {
                        version = t.contains(encoder) ? t : encoder + " " + t;
                        break;
                    }
                }
            } catch (IOException e) {
                version = "";
            }
        }
        return version;
    }

    @Override
    public Coded code(Source source, int quality, Path work) throws IOException {
        Path compressed = work.resolve("coded" + suffix);
        Path decodedPng = work.resolve("decoded" + decodedSuffix);
        Files.deleteIfExists(compressed);
        Files.deleteIfExists(decodedPng);
        long t0 = System.nanoTime();
        run(encodeCommand.command(quality, source.png(), compressed), false);
        long t1 = System.nanoTime();
        run(decodeCommand.command(quality, compressed, decodedPng), false);
        long t2 = System.nanoTime();
        if (!Files.isRegularFile(compressed) || !Files.isRegularFile(decodedPng)) {
            throw new IOException(name + ": the tools wrote no output");
        }
        BufferedImage decoded = decodedSuffix.equals(".ppm") ? PnmReader.read(decodedPng)
                : ImageIO.read(decodedPng.toFile());
        if (decoded == null) {
            throw new IOException(name + ": cannot read the decoded image");
        }
        return new Coded(Files.size(compressed), t1 - t0, t2 - t1, decoded);
    }

    private static String run(List<String> command, boolean ignoreStatus) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (!ignoreStatus && p.exitValue() != 0) {
            String tail = text.length() > 500 ? text.substring(text.length() - 500) : text;
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + tail.trim());
        }
        return text;
    }

    private static boolean helpMentions(String tool, String text) {
        if (onPath(tool) == null) {
            return false;
        }
        try {
            return run(List.of(tool, "--help"), true).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
