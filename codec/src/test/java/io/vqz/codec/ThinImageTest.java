package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small and thin images keep their colours: the networks see them as the inside of a picture (NetworkTiles),
 * not as one row of codes between two zero borders.
 */
class ThinImageTest {
    private static final VqzDecoder DECODER = VqzDecoder.builder().build();

    private static BufferedImage roundTrip(BufferedImage img) throws IOException {
        BufferedImage out = DECODER.decode(new ByteArrayInputStream(VqzDecoderTest.encode(img, 75)));
        assertEquals(img.getWidth(), out.getWidth());
        assertEquals(img.getHeight(), out.getHeight());
        return out;
    }

    private static BufferedImage gradient(int w, int h, Color from, Color to) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int n = Math.max(w, h);
        for (int i = 0; i < n; i++) {
            double t = i / (n - 1.0);
            int rgb = new Color((int) Math.round(from.getRed() + t * (to.getRed() - from.getRed())),
                    (int) Math.round(from.getGreen() + t * (to.getGreen() - from.getGreen())),
                    (int) Math.round(from.getBlue() + t * (to.getBlue() - from.getBlue()))).getRGB();
            for (int j = 0; j < Math.min(w, h); j++) {
                img.setRGB(w >= h ? i : j, w >= h ? j : i, rgb);
            }
        }
        return img;
    }

    @Test
    void twoByTwoColourFieldsKeepTheirColour() throws IOException {
        for (Color c : new Color[]{Color.RED, new Color(0, 160, 0), new Color(30, 80, 200), new Color(200, 180, 40)}) {
            BufferedImage small = gradient(2, 2, c, c);
            BufferedImage field = gradient(64, 64, c, c);
            int diff = TestImages.maxDiff(small, roundTrip(small));
            int inside = interiorMaxDiff(field, roundTrip(field), 8);
            System.out.printf("2x2 %s: max diff %d (inside a 64x64 field: %d)%n", c, diff, inside);
            assertTrue(diff <= inside + 8, c + ": 2x2 off by " + diff + ", the inside of a 64x64 field by " + inside);
        }
    }

    /**
     * Largest sample difference over the pixels at least {@code margin} from every border: how well the model codes
     * the inside of a picture (codes the rate–distortion choice made cheap included, not one lucky pixel).
     */
    private static int interiorMaxDiff(BufferedImage a, BufferedImage b, int margin) {
        int d = 0;
        for (int py = margin; py < a.getHeight() - margin; py++) {
            for (int px = margin; px < a.getWidth() - margin; px++) {
                int x = a.getRGB(px, py);
                int y = b.getRGB(px, py);
                for (int s = 0; s < 24; s += 8) {
                    d = Math.max(d, Math.abs((x >> s & 255) - (y >> s & 255)));
                }
            }
        }
        return d;
    }

    @Test
    void oneByNAndNByOneGradientsAreAsGoodAsThickOnes() throws IOException {
        Color from = new Color(70, 60, 50);
        Color to = new Color(200, 170, 120);
        double thick = TestImages.psnr(gradient(2000, 64, from, to), roundTrip(gradient(2000, 64, from, to)));
        for (BufferedImage img : new BufferedImage[]{gradient(1, 2000, from, to), gradient(2000, 1, from, to),
                gradient(3, 500, from, to)}) {
            double p = TestImages.psnr(img, roundTrip(img));
            System.out.printf("%dx%d gradient %.2f dB (64 px thick: %.2f dB)%n", img.getWidth(), img.getHeight(), p,
                    thick);
            assertTrue(p > thick - 2.0, img.getWidth() + "x" + img.getHeight() + ": " + p + " dB, thick " + thick);
        }
    }
}
