package io.vqz.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Crops of the decoded images for the visual report: for the first images of a run, the same detailed crop of the
 * source and of every codec's output at the file size nearest each of VQZ's operating points (the "equal file
 * size" comparison people make by eye). Crops are kept as PNG bytes, only the chosen ones past each image. Not
 * thread-safe.
 *
 * @since 0.3
 */
final class BenchGallery {
    /** One codec's output at one operating point. */
    record Entry(String codec, int quality, double bpp, double psnr, byte[] png) {
    }

    /**
     * One operating point: a VQZ quality and, per codec, the output whose rate is nearest VQZ's there; {@code
     * extremes} names the codecs whose nearest output is their smallest ("low") or largest ("high") file, so a page
     * can say that a codec cannot go as low or as high.
     */
    record Target(int vqzQuality, double bpp, Map<String, Entry> entries, Map<String, String> extremes) {
    }

    private Map<String, String> extremes(Map<String, Entry> nearest) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : nearest.values()) {
            double min = pending.stream().filter(p -> p.codec().equals(e.codec())).mapToDouble(Entry::bpp).min()
                    .orElse(e.bpp());
            double max = pending.stream().filter(p -> p.codec().equals(e.codec())).mapToDouble(Entry::bpp).max()
                    .orElse(e.bpp());
            out.put(e.codec(), e.bpp() <= min ? "low" : e.bpp() >= max ? "high" : "");
        }
        return out;
    }

    /**
     * One image: the crop's place, the source crop, the operating points and the one the page opens at ({@link
     * #opening}).
     */
    record Image(String name, int x, int y, int width, int height, byte[] source, List<Target> targets, int open) {
    }

    /** How far apart in size two files may be and still count as "about the same size": 25 %. */
    static final double SAME_SIZE = 1.25;

    /**
     * The operating point where every codec's nearest file is closest to VQZ's in size (the largest of the size
     * ratios, smallest); on a tie, the higher quality. So the page opens at a size every codec shown can reach,
     * not at VQZ's lowest quality, where JPEG's smallest file is 2-3 times larger.
     */
    static int opening(List<Target> targets) {
        int best = 0;
        double bestGap = Double.MAX_VALUE;
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            double gap = 0;
            for (Entry e : t.entries().values()) {
                gap = Math.max(gap, Math.abs(Math.log(e.bpp() / t.bpp())));
            }
            if (gap <= bestGap + 1e-12) {
                best = i;
                bestGap = gap;
            }
        }
        return best;
    }

    private final int maxImages;
    private final int cropWidth;
    private final int cropHeight;
    private final List<Image> images = new ArrayList<>();
    private String name;
    private int[] crop;
    private byte[] source;
    private final List<Entry> pending = new ArrayList<>();

    BenchGallery(int maxImages, int cropWidth, int cropHeight) {
        this.maxImages = maxImages;
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
    }

    List<Image> images() {
        return List.copyOf(images);
    }

    /** Starts an image; the crop is the window of most detail (sum of absolute neighbour differences). */
    void startImage(String imageName, BufferedImage image) throws IOException {
        pending.clear();
        name = images.size() < maxImages ? imageName : null;
        if (name == null) {
            return;
        }
        crop = detailedWindow(image, Math.min(cropWidth, image.getWidth()), Math.min(cropHeight, image.getHeight()));
        source = png(image);
    }

    void add(String codec, int quality, double bpp, double psnr, BufferedImage decoded) throws IOException {
        if (name != null) {
            pending.add(new Entry(codec, quality, bpp, psnr, png(decoded)));
        }
    }

    /** Keeps, for each VQZ point, the nearest-rate output of every codec; drops the rest. */
    void finishImage() {
        if (name == null) {
            return;
        }
        List<Target> targets = new ArrayList<>();
        for (Entry v : pending) {
            if (!v.codec().equals("vqz")) {
                continue;
            }
            Map<String, Entry> nearest = new LinkedHashMap<>();
            pending.stream().map(Entry::codec).distinct().forEach(codec -> pending.stream()
                    .filter(e -> e.codec().equals(codec))
                    .min(Comparator.comparingDouble(e -> Math.abs(Math.log(e.bpp() / v.bpp()))))
                    .ifPresent(e -> nearest.put(codec, codec.equals("vqz") ? v : e)));
            targets.add(new Target(v.quality(), v.bpp(), nearest, extremes(nearest)));
        }
        images.add(new Image(name, crop[0], crop[1], crop[2], crop[3], source, targets, opening(targets)));
        pending.clear();
        name = null;
    }

    private byte[] png(BufferedImage image) throws IOException {
        BufferedImage part = image.getSubimage(crop[0], crop[1], crop[2], crop[3]);
        BufferedImage rgb = new BufferedImage(crop[2], crop[3], BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(part, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", out);
        return out.toByteArray();
    }

    /** {x, y, w, h} of the w × h window, on a grid of steps of 8, with the most local contrast. */
    static int[] detailedWindow(BufferedImage image, int w, int h) {
        int iw = image.getWidth();
        int ih = image.getHeight();
        long[] rowCost = new long[ih];
        long[][] col = new long[ih][iw];
        for (int y = 0; y < ih; y++) {
            for (int x = 1; x < iw; x++) {
                int a = image.getRGB(x, y);
                int b = image.getRGB(x - 1, y);
                col[y][x] = Math.abs((a & 0xFF) - (b & 0xFF)) + Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF))
                        + Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF));
                rowCost[y] += col[y][x];
            }
        }
        long best = -1;
        int[] at = {0, 0, w, h};
        for (int y0 = 0; y0 + h <= ih; y0 += 8) {
            for (int x0 = 0; x0 + w <= iw; x0 += 8) {
                long s = 0;
                for (int y = y0; y < y0 + h; y++) {
                    for (int x = x0; x < x0 + w; x++) {
                        s += col[y][x];
                    }
                }
                if (s > best) {
                    best = s;
                    at = new int[] {x0, y0, w, h};
                }
            }
        }
        return at;
    }
}
