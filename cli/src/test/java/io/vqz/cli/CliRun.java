package io.vqz.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Runs {@code vqz} in-process with captured stdout and stderr; test fixtures. */
final class CliRun {
    final int exit;
    final byte[] stdout;
    final String out;
    final String err;

    private CliRun(int exit, byte[] stdout, String err) {
        this.exit = exit;
        this.stdout = stdout;
        this.out = new String(stdout, StandardCharsets.UTF_8);
        this.err = err;
    }

    static CliRun vqz(Object... args) {
        return vqzIn(new byte[0], args);
    }

    /** Runs {@code vqz} with {@code stdin} as its standard input. */
    static CliRun vqzIn(byte[] stdin, Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the command line main builds: only the subcommand the arguments name
        int exit = VqzCommand.commandLine(a, new java.io.ByteArrayInputStream(stdin), out, err).execute(a);
        return new CliRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines of stderr. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }

    /** A small smooth RGB test image: gradients and a disc, like a tiny photograph. */
    static BufferedImage image(int w, int h, boolean alpha) {
        BufferedImage im = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 40 + 180 * x / w;
                int g = 60 + 150 * y / h;
                int dx = x - w / 2;
                int dy = y - h / 2;
                int b = dx * dx + dy * dy < w * h / 8 ? 200 : 50;
                int a = alpha ? 255 - 100 * x / w : 255;
                im.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
            }
        }
        return im;
    }

    /** Writes a small PNG to {@code dir/name}. */
    static Path png(Path dir, String name, int w, int h) throws IOException {
        Path p = dir.resolve(name);
        ImageIO.write(image(w, h, false), "png", p.toFile());
        return p;
    }

    /** Encodes a small PNG to {@code dir/name} (a .vqz) through the command. */
    static Path vqzFile(Path dir, String name) throws IOException {
        Path src = png(dir, name + ".src.png", 32, 24);
        Path out = dir.resolve(name);
        CliRun r = vqz("encode", src, "-o", out, "--quiet");
        if (r.exit != 0) {
            throw new IllegalStateException(r.toString());
        }
        return out;
    }
}
