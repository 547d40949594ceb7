package io.vqz.bench;

import io.vqz.codec.ModelBundle;
import io.vqz.codec.OperatingPoint;
import io.vqz.codec.Psnr;
import io.vqz.codec.Quality;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.codec.ModelRegistry;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Mean rate and PSNR of real files over a grid of operating points (layers × λ × candidates) or of qualities,
 * the measurements {@link Quality}'s map is tuned from: on held-out training photographs, never on Kodak.
 * Points on the upper convex hull of PSNR against bpp (the ones worth a place on the quality scale) are marked
 * {@code *}.
 * <pre>
 * java -cp bench/target/vqz-bench.jar io.vqz.bench.QualityTuning [--model FILE.vqzm] [--layers 1,2,3]
 *      [--lambdas 0,0.1,0.5] [--candidates 16,64] (--held-out DIR | IMAGE...)
 * java -cp bench/target/vqz-bench.jar io.vqz.bench.QualityTuning --qualities 0,25,50,75,90,100 --held-out DIR
 * </pre>
 * {@code --held-out DIR} takes the PNGs of DIR that {@code training/vqz_data.py} holds out from training (the
 * first byte of the SHA-256 of the file name below 6). Every setting is a full encode and decode through the
 * public API, so it measures exactly what a user gets.
 *
 * @since 0.3
 */
public final class QualityTuning {
    /** The share of photos {@code vqz_data.py} holds out: SHA-256 of the file name, first byte below this. */
    static final int HELD_OUT_BELOW = 6;

    private QualityTuning() {
    }

    /**
     * Runs the measurements and prints one line per setting.
     *
     * @param args options, see the class description
     * @throws IOException if an image or the model cannot be read
     */
    public static void main(String... args) throws IOException {
        double[] lambdas = {0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1};
        int[] candidates = {16, 64};
        int[] layers = null;
        int[] qualities = null;
        ModelBundle model = ModelBundle.defaultBundle();
        List<File> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lambdas" -> lambdas = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble)
                        .toArray();
                case "--candidates" -> candidates = ints(args[++i]);
                case "--layers" -> layers = ints(args[++i]);
                case "--qualities" -> qualities = ints(args[++i]);
                case "--model" -> model = ModelRegistry.standard().resolve(args[++i]);
                case "--held-out" -> files.addAll(heldOut(new File(args[++i])));
                default -> files.add(new File(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("no images: give --held-out DIR or image files");
            System.exit(2);
        }
        List<Setting> settings = new ArrayList<>();
        if (qualities != null) {
            for (int q : qualities) {
                settings.add(new Setting(q, Quality.operatingPoint(q, model.qualityBands())));
            }
        } else {
            for (int n : layers != null ? layers : new int[] {model.layers()}) {
                for (double lambda : lambdas) {
                    for (int c : lambda == 0 ? new int[] {1} : candidates) {
                        settings.add(new Setting(Quality.BEST, new OperatingPoint(n, lambda, c)));
                    }
                }
            }
        }
        VqzDecoder decoder = VqzDecoder.builder().registry(ModelRegistry.builder().add(model).addShipped().build()).build();
        double[] bpp = new double[settings.size()];
        double[] psnr = new double[settings.size()];
        for (File f : files) {
            BufferedImage image = ImageIO.read(f);
            if (image == null) {
                throw new IOException("not an image ImageIO reads: " + f);
            }
            for (int s = 0; s < settings.size(); s++) {
                Setting setting = settings.get(s);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                VqzEncoder.builder().model(model).quality(setting.quality).operatingPoint(setting.point).build()
                        .encode(image, null, out);
                BufferedImage back = decoder.decode(new ByteArrayInputStream(out.toByteArray()));
                bpp[s] += 8.0 * out.size() / ((double) image.getWidth() * image.getHeight()) / files.size();
                psnr[s] += Psnr.rgb(image, back) / files.size();
            }
            System.err.println(f.getName());
        }
        boolean[] hull = upperHull(bpp, psnr);
        System.out.printf(Locale.ROOT, "%d images, model %s%n", files.size(), model.name());
        for (int s = 0; s < settings.size(); s++) {
            Setting setting = settings.get(s);
            OperatingPoint p = setting.point;
            System.out.printf(Locale.ROOT, "%s%slayers %d lambda %.3f candidates %d  %.4f bpp  %.3f dB%n",
                    hull[s] ? "* " : "  ", qualities == null ? "" : "quality " + setting.quality + " ", p.layers(),
                    p.lambda(), p.candidates(), bpp[s], psnr[s]);
        }
    }

    private record Setting(int quality, OperatingPoint point) {
    }

    /** Which points lie on the upper convex hull of (bpp, PSNR), from the smallest rate up. */
    static boolean[] upperHull(double[] bpp, double[] psnr) {
        Integer[] order = new Integer[bpp.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> bpp[a] != bpp[b] ? Double.compare(bpp[a], bpp[b])
                : Double.compare(psnr[b], psnr[a]));
        int[] stack = new int[order.length];
        int top = 0;
        for (int i : order) {
            if (top > 0 && psnr[i] <= psnr[stack[top - 1]]) {
                continue; // dominated: more bits for no more quality
            }
            while (top >= 2 && cross(stack[top - 2], stack[top - 1], i, bpp, psnr) >= 0) {
                top--;
            }
            stack[top++] = i;
        }
        boolean[] on = new boolean[bpp.length];
        for (int t = 0; t < top; t++) {
            on[stack[t]] = true;
        }
        return on;
    }

    /** Positive when b lies below the line from a to c, so not on the upper hull. */
    private static double cross(int a, int b, int c, double[] x, double[] y) {
        return (x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]);
    }

    static List<File> heldOut(File dir) throws IOException {
        String[] names = dir.list((d, n) -> n.toLowerCase(Locale.ROOT).endsWith(".png"));
        if (names == null) {
            throw new IOException("not a directory: " + dir);
        }
        Arrays.sort(names);
        List<File> out = new ArrayList<>();
        for (String n : names) {
            if ((sha256(n)[0] & 0xFF) < HELD_OUT_BELOW) {
                out.add(new File(dir, n));
            }
        }
        return out;
    }

    private static byte[] sha256(String name) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
