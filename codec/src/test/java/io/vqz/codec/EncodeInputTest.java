package io.vqz.codec;

import io.vqz.format.VqzLimitException;
import io.vqz.format.VqzLimits;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An input is measured by its reader and refused, undecoded, when reading and encoding it would not fit. */
class EncodeInputTest {

    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static EncodeInput read(byte[] png, VqzEncoder encoder) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return EncodeInput.read(reader, encoder, "PNG image");
        }
    }

    @Test
    void aHugeInputIsRefusedBeforeItIsDecodedNamingItsSizeAndTheBudget() throws IOException {
        byte[] png = png(6000, 5000); // 30 MP in a few tens of kilobytes
        VqzEncoder encoder = VqzEncoder.builder().limits(VqzLimits.builder().maxMemoryBytes(64 << 20).build()).build();
        long need = encoder.memoryNeeded(6000, 5000, false);
        assertTrue(need > 64 << 20 && need < 512 << 20, "encode need " + need);
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> read(png, encoder));
        assertTrue(e.getMessage().startsWith("reading and encoding the 6000 x 5000 PNG image needs"), e.getMessage());
        assertTrue(e.getMessage().contains("64.0 MiB") && e.getMessage().contains("scale the image down"),
                e.getMessage());
        assertTrue(e.declared() > need, "the image's own bytes are counted too");
    }

    @Test
    void aFittingInputIsReadAndEncodedWithinItsReservation() throws IOException {
        VqzEncoder encoder = VqzEncoder.builder().threads(2).build();
        try (EncodeInput input = read(png(96, 64), encoder)) {
            assertEquals(96, input.image().getWidth());
            encoder.encodeContainer(input.image(), null);
        }
    }

    @Test
    void anEncodeReservesItsOwnMemoryToo() {
        VqzEncoder tight = VqzEncoder.builder().limits(VqzLimits.builder().maxMemoryBytes(1 << 20).build()).build();
        VqzLimitException e = assertThrows(VqzLimitException.class,
                () -> tight.encodeContainer(new BufferedImage(2000, 1000, BufferedImage.TYPE_INT_RGB), null));
        assertTrue(e.getMessage().startsWith("encoding the 2000 x 1000 image needs"), e.getMessage());
    }
}
