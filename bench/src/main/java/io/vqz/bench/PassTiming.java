package io.vqz.bench;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.Psnr;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Not a test (timed): time to the first picture of a progressive decode ({@code DecodeOptions.passes}) and its
 * whole time, beside a plain decode of the same file in the same run, medians; and how close the first pass is to
 * the network's decode of the base layer.
 * <pre>java -cp bench/target/vqz-bench.jar io.vqz.bench.PassTiming [--iterations 7] [--quality 75] IMAGE.png|FILE.vqz</pre>
 */
public final class PassTiming {
    private PassTiming() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 7;
        int quality = 75;
        Path input = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--quality" -> quality = Integer.parseInt(args[++i]);
                default -> input = Path.of(args[i]);
            }
        }
        VqzContainer c;
        if (input.toString().endsWith(".vqz")) {
            c = VqzReader.read(Files.newInputStream(input), VqzLimits.DEFAULT);
        } else {
            BufferedImage img = ImageIO.read(input.toFile());
            c = VqzEncoder.builder().quality(quality).build().encodeContainer(img, null);
        }
        VqzDecoder decoder = VqzDecoder.builder().build();
        System.out.printf(Locale.ROOT, "%s: %d x %d, %d layers, %d threads%n", input, c.header().width(),
                c.header().height(), c.header().layers(), Runtime.getRuntime().availableProcessors());
        List<Double> plain = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        for (int i = 0; i < iterations + 1; i++) {
            long t0 = System.nanoTime();
            decoder.decode(c, DecodeOptions.DEFAULT);
            long t1 = System.nanoTime();
            long[] firstAt = {0};
            decoder.decode(c, DecodeOptions.builder().passes((p, n) -> {
                if (p == 1) {
                    firstAt[0] = System.nanoTime();
                }
            }).build());
            long t2 = System.nanoTime();
            if (i > 0 || iterations == 1) { // the first round warms up
                plain.add((t1 - t0) / 1e6);
                first.add((firstAt[0] - t1) / 1e6);
                whole.add((t2 - t1) / 1e6);
            }
        }
        double p = median(plain);
        double f = median(first);
        double w = median(whole);
        System.out.printf(Locale.ROOT, "plain decode %.0f ms; progressive: first pass %.0f ms (%.0f %% of plain), "
                + "all passes %.0f ms (%.2fx plain); medians of %d%n", p, f, 100 * f / p, w, w / p, plain.size());
        BufferedImage[] firstPass = new BufferedImage[1];
        BufferedImage network = decoder.decode(c, DecodeOptions.builder().layers(1).build()).image();
        int width = c.header().width();
        int height = c.header().height();
        BufferedImage shown = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        decoder.decode(c, DecodeOptions.builder().sink((band, x, y, s, n) -> {
            if (firstPass[0] == null) {
                for (int k = 0; k < n; k++) {
                    int rgb = shown.getRGB(x + k, y) & ~(0xFF << (16 - 8 * band)) | s[k] << (16 - 8 * band);
                    shown.setRGB(x + k, y, rgb);
                }
            }
        }).passes((pass, n) -> {
            if (pass == 1) {
                firstPass[0] = shown;
            }
        }).build());
        System.out.printf(Locale.ROOT, "first pass against the network's base-layer decode: %.2f dB PSNR%n",
                Psnr.rgb(network, firstPass[0]));
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
