package io.vqz.bench;

import io.vqz.codec.EncodeResult;
import io.vqz.codec.Psnr;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Not a test (too slow for CI): encodes and decodes a large image, e.g. 50 megapixels, to show that the
 * tiled pipeline fits a small heap. Run with {@code -Xmx1g}:
 * <pre>java -Xmx1g -cp bench/target/vqz-bench.jar io.vqz.bench.LargeImageCheck 8660 5774 [testdata/kodak]</pre>
 * Reports time, size and the peak heap use (the input and output images, 4 bytes per pixel each, included).
 */
public final class LargeImageCheck {
    private LargeImageCheck() {
    }

    public static void main(String[] args) throws IOException {
        int w = Integer.parseInt(args[0]);
        int h = Integer.parseInt(args[1]);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        // a mosaic of Kodak images so the content is photographic everywhere
        int n = 1;
        java.nio.file.Path kodak = java.nio.file.Path.of(args.length > 2 ? args[2] : "testdata/kodak");
        for (int y = 0; y < h; y += 512) {
            for (int x = 0; x < w; x += 768) {
                BufferedImage tile = javax.imageio.ImageIO.read(kodak.resolve(String.format(Locale.ROOT,
                        "kodim%02d.png", n)).toFile());
                g.drawImage(tile, x, y, null);
                n = n % 24 + 1;
            }
        }
        g.dispose();
        long t0 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodeResult r = VqzEncoder.builder().build().encode(img, null, out);
        long t1 = System.nanoTime();
        BufferedImage back = VqzDecoder.builder().build().decode(new ByteArrayInputStream(out.toByteArray()));
        long t2 = System.nanoTime();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "%dx%d (%.1f MP): %s; encode %.1f s, decode %.1f s, PSNR %.2f dB,"
                        + " max heap %d MB, peak heap use (sum of pools) %d MB%n", w, h, w * (double) h / 1e6, r,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, Psnr.rgb(img, back),
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }
}
