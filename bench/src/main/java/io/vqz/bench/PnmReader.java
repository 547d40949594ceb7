package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the binary PPM (P6) that {@code dwebp -ppm} and {@code djxl} write, 8 or 16 bits per sample.
 * Decoders write PPM faster than PNG, so their decode time is less the cost of compressing the output.
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
final class PnmReader {
    private static final long MAX_PIXELS = 1L << 28;

    private PnmReader() {
    }

    static BufferedImage read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (in.read() != 'P' || in.read() != '6') {
                throw new IOException("not a binary PPM (P6): " + file);
            }
            int w = number(in);
            int h = number(in);
            int max = number(in);
            if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS || max <= 0 || max > 65535) {
                throw new IOException("bad PPM header in " + file + ": " + w + "x" + h + " max " + max);
            }
            int bytes = max < 256 ? 1 : 2;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int v = sample(in, bytes);
                        rgb = rgb << 8 | (int) Math.round(v * 255.0 / max);
                    }
                    row[x] = rgb;
                }
                img.setRGB(0, y, w, 1, row, 0, w);
            }
            return img;
        }
    }

    private static int sample(InputStream in, int bytes) throws IOException {
        int v = 0;
        for (int i = 0; i < bytes; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("PPM ended early");
            }
            v = v << 8 | b;
        }
        return v;
    }

    /** A decimal header field after whitespace and comments; consumes the one whitespace after it. */
    private static int number(InputStream in) throws IOException {
        int c = in.read();
        while (c == '#' || Character.isWhitespace(c)) {
            if (c == '#') {
                while (c != '\n' && c != -1) {
                    c = in.read();
                }
            }
            c = in.read();
        }
        long v = 0;
        int digits = 0;
        while (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            if (++digits > 9) {
                throw new IOException("PPM header number too long");
            }
            c = in.read();
        }
        if (digits == 0) {
            throw new IOException("bad PPM header");
        }
        return (int) v;
    }
}
