package io.vqz.imageio;

import io.vqz.testdata.TestData;

import io.vqz.codec.ModelBundle;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzMetadata;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Small synthetic test images and {@code .vqz} files made from them with the codec (cached per JVM). */
final class VqzTestImages {

    static final byte[] EXIF = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
    static final byte[] XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static final Map<String, File> FILES = new HashMap<>();
    private static Path dir;

    private VqzTestImages() {
    }

    /** Smooth gradients and a few shapes: what a VQ-VAE codes well and a broken pipeline visibly does not. */
    static BufferedImage draw(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        try {
            int w = image.getWidth();
            int h = image.getHeight();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 200), w, h, new Color(230, 180, 60)));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(30, 160, 70));
            g.fillOval(w / 4, h / 4, w / 2, h / 2);
            g.setColor(new Color(250, 250, 250));
            g.setStroke(new BasicStroke(3));
            g.drawLine(0, h - 4, w, 4);
        }
        finally {
            g.dispose();
        }
        return image;
    }

    static BufferedImage image(int type, int w, int h) {
        return draw(new BufferedImage(w, h, type));
    }

    /** An RGBA image whose alpha varies: a horizontal ramp with a fully transparent corner. */
    static BufferedImage rgba(int w, int h) {
        BufferedImage image = image(BufferedImage.TYPE_INT_ARGB, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int alpha = x < 4 && y < 4 ? 0 : 255 * x / (w - 1);
                image.setRGB(x, y, (image.getRGB(x, y) & 0xffffff) | alpha << 24);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, VqzMetadata metadata, int quality) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VqzEncoder.builder().quality(quality).threads(1).build().encode(image, metadata, out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized File file(String name, byte[] content) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("vqz-imageio-test");
                dir.toFile().deleteOnExit();
            }
            File file = dir.resolve(name).toFile();
            Files.write(file.toPath(), content);
            file.deleteOnExit();
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RGB 48x40 with EXIF and XMP. */
    static synchronized File rgbFile() {
        return FILES.computeIfAbsent("rgb.vqz", n -> file(n, encode(image(BufferedImage.TYPE_3BYTE_BGR, 48, 40),
                VqzMetadata.of(null, EXIF, XMP), 75)));
    }

    /** Grey 32x32. */
    static synchronized File greyFile() {
        return FILES.computeIfAbsent("grey.vqz", n -> file(n, encode(image(BufferedImage.TYPE_BYTE_GRAY, 32, 32),
                null, 75)));
    }

    /** RGBA 36x28. */
    static synchronized File rgbaFile() {
        return FILES.computeIfAbsent("rgba.vqz", n -> file(n, encode(rgba(36, 28), null, 75)));
    }

    /** RGB 56x40 in 3 code layers of the layered test model (testdata/models, on VQZ_MODEL_PATH in the tests). */
    static synchronized File layeredFile() {
        return FILES.computeIfAbsent("layered.vqz", n -> {
            try {
                ModelBundle model = ModelBundle.load(TestData.file("models/tiny-layered.vqzm"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                VqzEncoder.builder().model(model).quality(100).threads(1).build()
                        .encode(image(BufferedImage.TYPE_3BYTE_BGR, 56, 40), null, out);
                return file(n, out.toByteArray());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** RGB 40x32 whose samples are in Adobe RGB (1998), with that profile embedded. */
    static synchronized File adobeRgbFile() {
        return FILES.computeIfAbsent("adobe.vqz", n -> file(n, encode(image(BufferedImage.TYPE_3BYTE_BGR, 40, 32),
                VqzMetadata.of(adobeRgb().getData(), null, null), 75)));
    }

    static ICC_Profile adobeRgb() {
        try (InputStream in = VqzTestImages.class.getResourceAsStream("/profiles/adobe_rgb_1998.icc")) {
            return ICC_Profile.getInstance(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(File file) {
        try {
            return Files.readAllBytes(file.toPath());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
