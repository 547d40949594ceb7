package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdPlotsTest {
    @TempDir
    Path dir;

    @Test
    void writesBothPlotsAsPng() throws Exception {
        System.setProperty("java.awt.headless", "true");
        RdPlots.write(BenchResultTest.synthetic(), dir, 3.0);
        for (String name : new String[] {RdPlots.PSNR_FILE, RdPlots.MSSSIM_FILE}) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            assertEquals(900, img.getWidth());
            assertEquals(600, img.getHeight());
            // not blank: the plot area holds coloured curves
            int first = img.getRGB(450, 300);
            boolean varied = false;
            for (int x = 100; x < 800 && !varied; x++) {
                for (int y = 100; y < 500 && !varied; y += 7) {
                    varied = img.getRGB(x, y) != first;
                }
            }
            assertTrue(varied, name + " looks blank");
        }
    }
}
