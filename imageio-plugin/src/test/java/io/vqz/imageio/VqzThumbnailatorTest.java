package io.vqz.imageio;

import net.coobird.thumbnailator.Thumbnails;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An unmodified third-party library that reads through ImageIO (Thumbnailator) opens a {@code .vqz}: the plugin
 * is found through its service entries only, nothing here registers it.
 */
class VqzThumbnailatorTest {

    @Test
    void thumbnailOfAVqzFile() throws IOException {
        BufferedImage thumbnail = Thumbnails.of(VqzTestImages.rgbFile()).size(24, 24).asBufferedImage();
        assertEquals(24, thumbnail.getWidth());
        assertEquals(20, thumbnail.getHeight()); // 48x40 keeps its aspect ratio
        // not a blank image: the gradient runs from blue-ish to orange-ish
        int topLeft = thumbnail.getRGB(1, 1);
        int bottomRight = thumbnail.getRGB(22, 18);
        assertTrue((topLeft & 0xff) > ((topLeft >> 16) & 0xff), "blue dominates top left");
        assertTrue(((bottomRight >> 16) & 0xff) > (bottomRight & 0xff), "red dominates bottom right");
    }

    @Test
    void thumbnailWrittenToPng() throws IOException {
        File out = File.createTempFile("vqz-thumb", ".png");
        out.deleteOnExit();
        Thumbnails.of(VqzTestImages.rgbaFile()).scale(0.5).outputFormat("png").toFile(out);
        BufferedImage png = ImageIO.read(out);
        assertEquals(18, png.getWidth());
        assertEquals(14, png.getHeight());
        assertTrue(png.getColorModel().hasAlpha());
    }
}
