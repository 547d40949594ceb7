package io.vqz.bench;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;
import io.vqz.codec.Quality;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzContainer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Warm encode and decode times of images, with entropy decoding apart from the decoder network, beside the JDK's
 * JPEG decode of a file of about the same size timed in the same JVM and run: the ratio is the figure that
 * travels between machines whose speed drifts.
 * <pre>
 * java -cp bench/target/vqz-bench.jar io.vqz.bench.DecodeTiming [--model FILE.vqzm] [--quality Q]
 *      [--layers N] [--iterations 10] IMAGE|DIR...
 * </pre>
 * A directory stands for its PNGs, all timed in one JVM; medians are per image, then the median over images.
 * {@code --layers N} decodes only the first N layers of a layered file.
 *
 * @since 0.3
 */
public final class DecodeTiming {
    private static final int WARM_UP = 3;

    private DecodeTiming() {
    }

    /**
     * Runs the timings and prints them.
     *
     * @param args options, see the class description
     * @throws IOException if an image or the model cannot be read
     */
    public static void main(String... args) throws IOException {
        int quality = Quality.DEFAULT;
        int iterations = 10;
        int layers = 0;
        ModelBundle model = ModelBundle.defaultBundle();
        List<File> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quality" -> quality = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--model" -> model = ModelRegistry.standard().resolve(args[++i]);
                default -> files.addAll(images(new File(args[i])));
            }
        }
        VqzEncoder encoder = VqzEncoder.builder().model(model).quality(quality).build();
        VqzDecoder decoder = VqzDecoder.builder().registry(ModelRegistry.builder().add(model).addShipped().build()).build();
        DecodeOptions options = layers > 0 ? DecodeOptions.builder().layers(layers).build() : DecodeOptions.DEFAULT;
        long[][] medians = new long[files.size()][];
        for (int f = 0; f < files.size(); f++) {
            BufferedImage image = ImageIO.read(files.get(f));
            if (image == null) {
                throw new IOException("not an image ImageIO reads: " + files.get(f));
            }
            medians[f] = time(files.get(f).getName(), image, encoder, decoder, options, iterations);
        }
        if (files.size() > 1) {
            System.out.printf(Locale.ROOT, "%d images, quality %d: medians over images: encode %d ms, decode %d ms,"
                            + " entropy decoding %d ms, JPEG decode %.2f ms; VQZ decode / JPEG decode = %.0fx%n",
                    files.size(), quality, column(medians, 0) / 1_000_000, column(medians, 1) / 1_000_000,
                    column(medians, 2) / 1_000_000, column(medians, 3) / 1e6,
                    (double) column(medians, 1) / column(medians, 3));
        }
    }

    /** Times one image; returns the medians of encode, decode, entropy decoding and JPEG decode, in ns. */
    private static long[] time(String name, BufferedImage image, VqzEncoder encoder, VqzDecoder decoder,
                               DecodeOptions options, int iterations) throws IOException {
        long[][] t = new long[6][iterations];
        byte[] file = null;
        byte[] jpeg = null;
        for (int i = -WARM_UP; i < iterations; i++) {
            long c0 = cpu();
            long t0 = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encoder.encode(image, null, out);
            long t1 = System.nanoTime();
            long c1 = cpu();
            file = out.toByteArray();
            VqzContainer container = decoder.read(new ByteArrayInputStream(file));
            decoder.decode(container, options);
            long t2 = System.nanoTime();
            long c2 = cpu();
            decoder.decodeGrids(container, options.layers());
            long t3 = System.nanoTime();
            if (jpeg == null) {
                jpeg = jpegOfSize(image, file.length);
            }
            long t4 = System.nanoTime();
            ImageIO.read(new ByteArrayInputStream(jpeg));
            long t5 = System.nanoTime();
            if (i >= 0) {
                long[] row = {t1 - t0, t2 - t1, t3 - t2, t5 - t4, c1 - c0, c2 - c1};
                for (int k = 0; k < row.length; k++) {
                    t[k][i] = row[k];
                }
            }
        }
        long[] m = new long[t.length];
        for (int k = 0; k < t.length; k++) {
            m[k] = median(t[k]);
        }
        System.out.printf(Locale.ROOT, "%s %dx%d quality %d: %d bytes, %.4f bpp%n", name, image.getWidth(),
                image.getHeight(), encoder.quality(), file.length,
                8.0 * file.length / ((double) image.getWidth() * image.getHeight()));
        System.out.printf(Locale.ROOT, "  encode median %d ms (process CPU %d ms); decode median %d ms (CPU %d ms),"
                        + " of it entropy decoding %d ms%n", m[0] / 1_000_000, m[4] / 1_000_000, m[1] / 1_000_000,
                m[5] / 1_000_000, m[2] / 1_000_000);
        System.out.printf(Locale.ROOT, "  JDK JPEG decode of %d bytes: median %.2f ms; VQZ decode / JPEG decode = %.0fx%n",
                jpeg.length, m[3] / 1e6, (double) m[1] / m[3]);
        return new long[] {m[0], m[1], m[2], m[3]};
    }

    /** JPEG (the bench's anchor settings) at the quality whose size is nearest {@code bytes}. */
    private static byte[] jpegOfSize(BufferedImage image, int bytes) throws IOException {
        BufferedImage rgb = RgbPixels.of(image).toImage();
        byte[] best = null;
        for (int q = 1; q <= 100; q++) {
            byte[] b = JpegCodec.encode(rgb, q);
            if (best == null || Math.abs(b.length - bytes) < Math.abs(best.length - bytes)) {
                best = b;
            }
        }
        return best;
    }

    private static List<File> images(File f) throws IOException {
        if (!f.isDirectory()) {
            return List.of(f);
        }
        File[] pngs = f.listFiles((d, n) -> n.toLowerCase(Locale.ROOT).endsWith(".png"));
        if (pngs == null) {
            throw new IOException("cannot list " + f);
        }
        Arrays.sort(pngs);
        return List.of(pngs);
    }

    /** CPU time of the whole process (ONNX Runtime's native threads included), in ns. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long column(long[][] rows, int k) {
        long[] c = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][k];
        }
        return median(c);
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
