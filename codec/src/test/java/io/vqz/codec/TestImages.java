package io.vqz.codec;

import io.vqz.testdata.TestData;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Test images from testdata/ and image comparisons. */
final class TestImages {
    /** The bytes of a container as a file. */
    static byte[] fileBytes(VqzContainer c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.write(c, out);
        return out.toByteArray();
    }

    private TestImages() {
    }

    /** The single-layer model of versions 0.1 and 0.2, shipped for their files; what the v1 tests run on. */
    static ModelBundle v1() {
        return ShippedModels.get(ShippedModels.V1_RESOURCE);
    }

    static BufferedImage kodak(int n) {
        Path f = TestData.file(String.format("kodak/kodim%02d.png", n));
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new IOException("cannot read " + f);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TYPE_INT_RGB copy of a centred w×h crop of Kodak image n. */
    static BufferedImage kodakCrop(int n, int w, int h) {
        BufferedImage src = kodak(n);
        int x0 = (src.getWidth() - w) / 2;
        int y0 = (src.getHeight() - h) / 2;
        return crop(src, x0, y0, w, h);
    }

    static BufferedImage crop(BufferedImage src, int x0, int y0, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(src.getSubimage(x0, y0, w, h), 0, 0, null);
        return out;
    }

    /** PSNR in dB over R, G, B ({@link Psnr#rgb}). */
    static double psnr(BufferedImage a, BufferedImage b) {
        return Psnr.rgb(a, b);
    }

    /** Largest absolute difference of any band sample. */
    static int maxDiff(BufferedImage a, BufferedImage b) {
        int bands = a.getRaster().getNumBands();
        int m = 0;
        for (int band = 0; band < bands; band++) {
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    m = Math.max(m, Math.abs(a.getRaster().getSample(x, y, band) - b.getRaster().getSample(x, y, band)));
                }
            }
        }
        return m;
    }

    static boolean samePixels(BufferedImage a, BufferedImage b) {
        return a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight() && maxDiff(a, b) == 0;
    }
}
