package io.vqz.cli;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;

/**
 * A picture drawn in a terminal, as chafa and timg do: each character cell shows two pixels, the upper half block
 * {@code ▀} in the top pixel's colour over a background of the bottom one's, the picture scaled (box filter, square
 * pixels) to fit the columns and rows given. 24-bit colour where the terminal says it has it ({@code COLORTERM=truecolor}
 * or {@code 24bit}), the 256-colour palette's 6 × 6 × 6 cube and grey ramp otherwise.
 */
final class TerminalPicture {
    private TerminalPicture() {
    }

    /** Whether the terminal described by these environment variables takes 24-bit colour. */
    static boolean trueColour(Map<String, String> env) {
        String c = env.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
        return c.contains("truecolor") || c.contains("24bit");
    }

    /** The picture fitted to {@code columns} × {@code rows} cells, each row ending in a reset and a newline. */
    static String render(BufferedImage image, int columns, int rows, boolean trueColour) {
        int iw = image.getWidth();
        int ih = image.getHeight();
        double scale = Math.min(Math.min((double) columns / iw, 2.0 * rows / ih), 1.0);
        int w = Math.max(1, (int) Math.round(iw * scale));
        int h = Math.max(2, (int) Math.round(ih * scale));
        int[] px = boxScaled(image, w, h + (h & 1));
        StringBuilder s = new StringBuilder(w * h * 20);
        for (int y = 0; y + 1 < h + (h & 1); y += 2) {
            for (int x = 0; x < w; x++) {
                s.append(colour(px[y * w + x], true, trueColour)).append(colour(px[(y + 1) * w + x], false, trueColour))
                        .append('▀');
            }
            s.append("\033[0m\n");
        }
        return s.toString();
    }

    /** Each output pixel the mean of the source pixels it covers (alpha composited over black). */
    private static int[] boxScaled(BufferedImage image, int w, int h) {
        int iw = image.getWidth();
        int ih = image.getHeight();
        int[] out = new int[w * h];
        int[] row = new int[iw];
        long[][] sums = new long[w * h][3];
        int[] counts = new int[w * h];
        for (int y = 0; y < ih; y++) {
            image.getRGB(0, y, iw, 1, row, 0, iw);
            int oy = Math.min(h - 1, (int) ((long) y * h / ih));
            for (int x = 0; x < iw; x++) {
                int o = oy * w + Math.min(w - 1, (int) ((long) x * w / iw));
                int p = row[x];
                int a = image.getColorModel().hasAlpha() ? p >>> 24 : 255;
                sums[o][0] += (p >> 16 & 0xFF) * a / 255;
                sums[o][1] += (p >> 8 & 0xFF) * a / 255;
                sums[o][2] += (p & 0xFF) * a / 255;
                counts[o]++;
            }
        }
        for (int i = 0; i < out.length; i++) {
            int n = Math.max(1, counts[i]);
            out[i] = (int) (sums[i][0] / n) << 16 | (int) (sums[i][1] / n) << 8 | (int) (sums[i][2] / n);
        }
        return out;
    }

    /** The escape sequence that sets the foreground or background to an RGB colour. */
    static String colour(int rgb, boolean foreground, boolean trueColour) {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        if (trueColour) {
            return "\033[" + (foreground ? 38 : 48) + ";2;" + r + ";" + g + ";" + b + "m";
        }
        return "\033[" + (foreground ? 38 : 48) + ";5;" + palette256(r, g, b) + "m";
    }

    /** The nearest of the 256-colour palette's cube (16..231) and grey ramp (232..255) entries. */
    static int palette256(int r, int g, int b) {
        int[] levels = {0, 95, 135, 175, 215, 255};
        int ri = nearest(levels, r);
        int gi = nearest(levels, g);
        int bi = nearest(levels, b);
        int cube = 16 + 36 * ri + 6 * gi + bi;
        int cubeErr = sq(levels[ri] - r) + sq(levels[gi] - g) + sq(levels[bi] - b);
        int grey = Math.max(0, Math.min(23, Math.round(((r + g + b) / 3f - 8) / 10f)));
        int gv = 8 + 10 * grey;
        int greyErr = sq(gv - r) + sq(gv - g) + sq(gv - b);
        return greyErr < cubeErr ? 232 + grey : cube;
    }

    private static int nearest(int[] levels, int v) {
        int best = 0;
        for (int i = 1; i < levels.length; i++) {
            if (Math.abs(levels[i] - v) < Math.abs(levels[best] - v)) {
                best = i;
            }
        }
        return best;
    }

    private static int sq(int v) {
        return v * v;
    }
}
