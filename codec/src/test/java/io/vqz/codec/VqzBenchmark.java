package io.vqz.codec;

import io.vqz.format.VqzContainer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark, not a test: warm encode and decode times of an image (entropy coding included), with the
 * network and entropy parts apart, and rate/PSNR per quality.
 * <pre>
 * java -cp ... io.vqz.codec.VqzBenchmark time testdata/kodak/kodim23.png [iterations] [quality]
 * java -cp ... io.vqz.codec.VqzBenchmark time testdata/kodak [iterations] [quality]     (every PNG, one JVM)
 * java -cp ... io.vqz.codec.VqzBenchmark rd testdata/kodak/kodim01.png testdata/kodak/kodim23.png ...
 * </pre>
 * {@code -Dvqz.model=FILE.vqzm} times another model (a layered one, say) instead of the default. Each image is also
 * coded as JPEG (JDK, 4:2:0) at the quality whose size is nearest the VQZ file's, and the JDK's decode of it timed
 * in the same JVM and run: the ratio is the host-independent figure.
 */
public final class VqzBenchmark {
    private VqzBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("time")) {
            int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
            int quality = args.length > 3 ? Integer.parseInt(args[3]) : Quality.DEFAULT;
            File f = new File(args[1]);
            if (!f.isDirectory()) {
                time(ImageIO.read(f), iterations, quality);
                return;
            }
            File[] files = f.listFiles((d, n) -> n.endsWith(".png"));
            Arrays.sort(files);
            long[] enc = new long[files.length];
            long[] dec = new long[files.length];
            for (int i = 0; i < files.length; i++) {
                System.out.println(files[i].getName());
                long[] t = time(ImageIO.read(files[i]), iterations, quality);
                enc[i] = t[0];
                dec[i] = t[1];
            }
            System.out.printf(Locale.ROOT, "%d images, quality %d: per-image medians: encode median %d ms (max %d),"
                    + " decode median %d ms (max %d)%n", files.length, quality, median(enc) , max(enc), median(dec),
                    max(dec));
        } else if (args.length >= 2 && args[0].equals("rd")) {
            rd(Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.err.println("usage: VqzBenchmark time IMAGE [iterations] [quality] | rd IMAGE...");
        }
    }

    /** Prints and returns the median encode and decode times in ns. */
    private static ModelBundle model() throws IOException {
        String path = System.getProperty("vqz.model");
        return path == null ? ModelBundle.defaultBundle() : ModelBundle.load(java.nio.file.Path.of(path));
    }

    private static long[] time(BufferedImage img, int iterations, int quality) throws IOException {
        ModelBundle model = model();
        VqzEncoder enc = VqzEncoder.builder().model(model).quality(quality).build();
        VqzDecoder dec = VqzDecoder.builder().registry(ModelRegistry.builder().add(model).build()).build();
        long[] jpegT = new long[iterations];
        byte[] jpeg = null;
        int gw = (img.getWidth() + 3) / 4;
        int gh = (img.getHeight() + 3) / 4;
        byte[] file = null;
        long[] encT = new long[iterations];
        long[] decT = new long[iterations];
        long[] encNet = new long[iterations];
        long[] decGrid = new long[iterations];
        long[] encCpu = new long[iterations];
        long[] decCpu = new long[iterations];
        long[] encNetCpu = new long[iterations];
        long[] decGridCpu = new long[iterations];
        for (int i = -3; i < iterations; i++) { // 3 warm-up rounds
            long c0 = cpu();
            long t0 = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            enc.encode(img, null, out);
            long t1 = System.nanoTime();
            long c1 = cpu();
            file = out.toByteArray();
            VqzContainer c = dec.read(new ByteArrayInputStream(file));
            dec.decode(c, null);
            long t2 = System.nanoTime();
            long c2 = cpu();
            NetworkTiles.encode(model, new SourceImage(img), 0, 0, gw, gh, gw, gh);
            long t3 = System.nanoTime();
            long c3 = cpu();
            dec.decodeGrids(c, 0);
            long t4 = System.nanoTime();
            long c4 = cpu();
            if (jpeg == null) {
                jpeg = jpegOfSize(img, file.length);
            }
            long t5 = System.nanoTime();
            ImageIO.read(new ByteArrayInputStream(jpeg));
            long t6 = System.nanoTime();
            if (i >= 0) {
                encT[i] = t1 - t0;
                decT[i] = t2 - t1;
                encNet[i] = t3 - t2;
                decGrid[i] = t4 - t3;
                encCpu[i] = c1 - c0;
                encNetCpu[i] = c3 - c2;
                decGridCpu[i] = c4 - c3;
                decCpu[i] = c2 - c1;
                jpegT[i] = t6 - t5;
            }
        }
        System.out.printf(Locale.ROOT, "%dx%d quality %d: %d bytes, %.4f bpp, threads %d%n", img.getWidth(),
                img.getHeight(), quality, file.length, 8.0 * file.length / (img.getWidth() * img.getHeight()),
                Workers.defaultThreads());
        System.out.printf(Locale.ROOT, "encode median %d ms (min %d), process CPU %d ms;"
                + " encoder network alone %d ms (CPU %d ms)%n", median(encT), min(encT), median(encCpu), median(encNet),
                median(encNetCpu));
        System.out.printf(Locale.ROOT, "decode median %d ms (min %d), process CPU %d ms;"
                + " entropy decoding alone %d ms (CPU %d ms)%n", median(decT), min(decT), median(decCpu), median(decGrid),
                median(decGridCpu));
        System.out.printf(Locale.ROOT, "JDK JPEG decode of %d bytes: median %.2f ms; VQZ decode / JPEG decode = %.0fx%n",
                jpeg.length, medianNanos(jpegT) / 1e6, (double) medianNanos(decT) / medianNanos(jpegT));
        long[] e = encT.clone();
        long[] d = decT.clone();
        Arrays.sort(e);
        Arrays.sort(d);
        return new long[] {e[e.length / 2], d[d.length / 2]};
    }

    private static void rd(String[] files) throws IOException {
        int[] qualities = {0, 25, 50, 75, 90, 100};
        VqzDecoder dec = VqzDecoder.builder().build();
        double[] bpp = new double[qualities.length];
        double[] psnr = new double[qualities.length];
        for (String f : files) {
            BufferedImage img = ImageIO.read(new File(f));
            StringBuilder line = new StringBuilder(new File(f).getName());
            for (int i = 0; i < qualities.length; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                EncodeResult r = VqzEncoder.builder().quality(qualities[i]).build().encode(img, null, out);
                BufferedImage back = dec.decode(new ByteArrayInputStream(out.toByteArray()));
                double p = TestImages.psnr(img, back);
                bpp[i] += r.bitsPerPixel() / files.length;
                psnr[i] += p / files.length;
                line.append(String.format(Locale.ROOT, "  q%d %.3f bpp %.2f dB", qualities[i], r.bitsPerPixel(), p));
            }
            System.out.println(line);
        }
        StringBuilder mean = new StringBuilder("mean");
        for (int i = 0; i < qualities.length; i++) {
            mean.append(String.format(Locale.ROOT, "  q%d %.3f bpp %.2f dB", qualities[i], bpp[i], psnr[i]));
        }
        System.out.println(mean);
    }

    /** CPU time of the whole process (ONNX Runtime's native threads included), in ns. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** JPEG (JDK writer, 4:2:0) at the quality whose size is nearest {@code bytes}. */
    private static byte[] jpegOfSize(BufferedImage img, int bytes) throws IOException {
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(img, 0, 0, null);
        byte[] best = null;
        for (int q = 1; q <= 100; q++) {
            javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(q / 100f);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                w.setOutput(ios);
                w.write(null, new javax.imageio.IIOImage(rgb, null, null), p);
            }
            w.dispose();
            byte[] b = out.toByteArray();
            if (best == null || Math.abs(b.length - bytes) < Math.abs(best.length - bytes)) {
                best = b;
            }
        }
        return best;
    }

    private static long medianNanos(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long median(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1_000_000;
    }

    private static long max(long[] t) {
        return Arrays.stream(t).max().orElse(0) / 1_000_000;
    }

    private static long min(long[] t) {
        return Arrays.stream(t).min().orElse(0) / 1_000_000;
    }
}
