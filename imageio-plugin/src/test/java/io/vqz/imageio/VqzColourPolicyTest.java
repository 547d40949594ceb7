package io.vqz.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** One colour policy, owned by the codec, whichever face encodes: the library's encoder or the ImageIO writer. */
class VqzColourPolicyTest {

    private static VqzContainer container(byte[] file) throws Exception {
        return VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
    }

    @Test
    void anAdobeRgbImageIsCodedAsItsSamplesWithItsProfileByBothFaces() throws Exception {
        ICC_ColorSpace adobe = new ICC_ColorSpace(VqzTestImages.adobeRgb());
        ColorModel cm = new ComponentColorModel(adobe, false, false, ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage image = VqzTestImages.draw(new BufferedImage(cm, cm.createCompatibleWritableRaster(48, 32),
                false, null));
        ByteArrayOutputStream viaEncoder = new ByteArrayOutputStream();
        VqzEncoder.builder().quality(75).threads(1).build().encode(image, null, viaEncoder);
        ByteArrayOutputStream viaImageIo = new ByteArrayOutputStream();
        ImageIO.write(image, "vqz", viaImageIo);
        VqzContainer a = container(viaEncoder.toByteArray());
        VqzContainer b = container(viaImageIo.toByteArray());
        assertArrayEquals(VqzTestImages.adobeRgb().getData(), a.metadata().icc());
        assertArrayEquals(a.metadata().icc(), b.metadata().icc());
        // the same samples were coded: the same code grids, tile for tile
        assertEquals(a.header().tileCount(), b.header().tileCount());
        for (int i = 0; i < a.header().tileCount(); i++) {
            assertArrayEquals(a.tilePayload(i), b.tilePayload(i), "tile " + i);
        }
    }

    @Test
    void sRgbImagesCarryNoProfile() throws Exception {
        BufferedImage image = VqzTestImages.image(BufferedImage.TYPE_INT_RGB, 24, 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().threads(1).build().encode(image, null, out);
        assertNull(container(out.toByteArray()).metadata().icc());
    }
}
