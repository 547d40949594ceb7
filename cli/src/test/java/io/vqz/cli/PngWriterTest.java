package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class PngWriterTest {

    @Test
    void everyKindOfDecodedPictureReadsBackExactly() throws Exception {
        int[][] sizes = {{1, 1}, {1, 7}, {9, 1}, {37, 23}, {300, 5}};
        for (int[] s : sizes) {
            for (BufferedImage im : new BufferedImage[] {
                    new BufferedImage(s[0], s[1], BufferedImage.TYPE_INT_RGB),
                    new BufferedImage(s[0], s[1], BufferedImage.TYPE_INT_ARGB),
                    new BufferedImage(s[0], s[1], BufferedImage.TYPE_BYTE_GRAY),
                    greyAlpha(s[0], s[1])}) {
                fill(im, s[0] * 31 + s[1]);
                assertTrue(PngWriter.canWrite(im));
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(png(im)));
                String what = im.getType() + " " + s[0] + "x" + s[1];
                assertEquals(im.getColorModel().getNumComponents(), back.getColorModel().getNumComponents(), what);
                for (int y = 0; y < s[1]; y++) {
                    for (int x = 0; x < s[0]; x++) {
                        assertArrayEquals(im.getRaster().getPixel(x, y, (int[]) null),
                                back.getRaster().getPixel(x, y, (int[]) null), what + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void photographsCompressAsWellAsWithImageIo() throws Exception {
        BufferedImage photo = ImageIO.read(Path.of("..", "testdata", "kodak", "kodim23.png").toFile());
        BufferedImage rgb = ImageFiles.toRgb(photo);
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", jdk);
        int ours = png(rgb).length;
        assertTrue(ours <= jdk.size() * 1.02, ours + " bytes against ImageIO's " + jdk.size());
    }

    @Test
    void otherPicturesAreWrittenAsRgb() throws Exception {
        BufferedImage bgr = new BufferedImage(5, 4, BufferedImage.TYPE_3BYTE_BGR);
        fill(bgr, 3);
        assertFalse(PngWriter.canWrite(bgr));
        assertThrows(IllegalArgumentException.class, () -> png(bgr));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageFiles.write(bgr, "png", out, null, Set.of());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(bgr.getRGB(4, 3), back.getRGB(4, 3));
    }

    private static byte[] png(BufferedImage im) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(im, out, null, true, true, true);
        return out.toByteArray();
    }

    private static BufferedImage greyAlpha(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    /** Smooth ramps with noise and outliers: every sample value occurs, and filtered bytes wrap around. */
    private static void fill(BufferedImage im, long seed) {
        Random r = new Random(seed);
        int bands = im.getRaster().getNumBands();
        for (int y = 0; y < im.getHeight(); y++) {
            for (int x = 0; x < im.getWidth(); x++) {
                for (int b = 0; b < bands; b++) {
                    int v = (x * 7 + y * 3 + b * 50 + (r.nextInt(9) - 4)) & 0xff;
                    im.getRaster().setSample(x, y, b, r.nextInt(20) == 0 ? r.nextInt(256) : v);
                }
            }
        }
    }
}
