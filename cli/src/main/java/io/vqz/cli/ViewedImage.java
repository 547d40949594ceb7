package io.vqz.cli;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.SampleSink;
import io.vqz.codec.VqzDecoder;
import io.vqz.format.ColourLayout;
import io.vqz.format.VqzFormat;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzTiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * One file as {@code vqz view} shows it: a {@code .vqz} decoded layer by layer into a picture the viewer paints
 * after each pass, or any image ImageIO reads, for comparison; and the line that describes it (name,
 * dimensions, bits per pixel, quality, layers shown of layers present, model).
 */
final class ViewedImage {
    final Path file;
    final BufferedImage picture;
    private final VqzTiles vqz;
    private final long bytes;
    private final int layers;
    private volatile int shown;

    private ViewedImage(Path file, BufferedImage picture, VqzTiles vqz, long bytes, int layers) {
        this.file = file;
        this.picture = picture;
        this.vqz = vqz;
        this.bytes = bytes;
        this.layers = layers;
    }

    /** Opens a file: a .vqz (cut short after its base layer too) is read but not yet decoded; another is read whole. */
    static ViewedImage open(Path file, int maxLayers) throws IOException {
        long bytes = Files.size(file);
        if (Batch.hasSuffix(file, java.util.List.of(VqzFormat.SUFFIX))) {
            VqzTiles c;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                c = VqzReader.readAvailable(in, io.vqz.format.VqzLimits.fromSystemProperties());
            }
            VqzHeader h = c.header();
            int layers = maxLayers > 0 ? Math.min(maxLayers, h.layers()) : h.layers();
            int type = h.colourLayout().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
            BufferedImage picture = new BufferedImage(h.width(), h.height(), type);
            if (h.colourLayout().hasAlpha()) { // opaque until the alpha plane arrives with the last pass
                java.awt.Graphics2D g = picture.createGraphics();
                g.setColor(java.awt.Color.BLACK);
                g.fillRect(0, 0, h.width(), h.height());
                g.dispose();
            }
            return new ViewedImage(file, picture, c, bytes, layers);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not an image ImageIO reads");
        }
        return new ViewedImage(file, image, null, bytes, 0);
    }

    /**
     * Decodes a .vqz into {@link #picture}, calling {@code pass} with the layers shown after each pass (the base
     * layer first); for another image, calls it once.
     */
    void decode(VqzDecoder decoder, IntConsumer pass, java.util.function.BooleanSupplier abort) throws IOException {
        if (vqz == null) {
            pass.accept(0);
            return;
        }
        ColourLayout layout = vqz.header().colourLayout();
        decoder.decode(vqz, DecodeOptions.builder().layers(layers).sink(new Into(picture, layout)).abort(abort)
                .passes((p, passes) -> {
                    shown = passes == layers ? p : layers;
                    pass.accept(shown);
                }).build());
    }

    /** "kodim23.vqz — 768 x 512, 0.529 bpp, quality 75, layers 2 of 4, vqz-f4-k512-l6-v22". */
    String describe() {
        int w = picture.getWidth();
        int h = picture.getHeight();
        String size = String.format(Locale.ROOT, "%s — %d x %d, %.3f bpp", file.getFileName(), w, h,
                bytes * 8.0 / ((double) w * h));
        if (vqz == null) {
            return size;
        }
        VqzHeader hd = vqz.header();
        String cut = vqz.truncation().isPresent() ? " (cut short: " + hd.layers() + " complete of "
                + vqz.declaredLayers() + ")" : "";
        return String.format(Locale.ROOT, "%s, quality %d, layers %d of %d%s, %s", size, hd.quality(), shown,
                vqz.declaredLayers(), cut, hd.modelName());
    }

    /** Samples into an RGB or ARGB picture: grey fills all three colour bands. */
    private static final class Into implements SampleSink {
        private final BufferedImage image;
        private final boolean grey;
        private final int colourBands;
        private final int[] row;

        Into(BufferedImage image, ColourLayout layout) {
            this.image = image;
            this.grey = !layout.isColour();
            this.colourBands = grey ? 1 : 3;
            this.row = new int[image.getWidth()];
        }

        @Override
        public void put(int band, int x, int y, int[] samples, int count) {
            image.getRGB(x, y, count, 1, row, 0, count);
            for (int i = 0; i < count; i++) {
                int v = samples[i];
                int p = row[i];
                if (band >= colourBands) {
                    p = p & 0x00FFFFFF | v << 24;
                } else if (grey) {
                    p = p & 0xFF000000 | v << 16 | v << 8 | v;
                } else {
                    int shift = 16 - 8 * band;
                    p = p & ~(0xFF << shift) | v << shift;
                }
                row[i] = p;
            }
            image.setRGB(x, y, count, 1, row, 0, count);
        }
    }
}
