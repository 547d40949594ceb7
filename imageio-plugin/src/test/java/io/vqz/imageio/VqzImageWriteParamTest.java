package io.vqz.imageio;

import io.vqz.codec.ModelBundle;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageWriteParam;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

class VqzImageWriteParamTest {

    @Test
    void defaults() {
        VqzImageWriteParam param = new VqzImageWriteParam(Locale.ROOT);
        assertTrue(param.canWriteCompressed());
        assertFalse(param.canWriteTiles());
        assertFalse(param.canWriteProgressive());
        assertEquals(ImageWriteParam.MODE_COPY_FROM_METADATA, param.getCompressionMode());
        assertEquals(ModelBundle.defaultBundle().name(), param.getCompressionTypes()[0]);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        assertEquals(0.75f, param.getCompressionQuality());
        assertEquals(75, param.codecQuality());
        assertFalse(param.isCompressionLossless());
    }

    @Test
    void qualityMapsToPercent() {
        VqzImageWriteParam param = new VqzImageWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.123f);
        assertEquals(12, param.codecQuality());
        assertThrows(IllegalArgumentException.class, () -> param.setCompressionQuality(1.5f));
    }

    @Test
    void qualityIntervalsFollowTheCodecsOperatingPoints() {
        VqzImageWriteParam param = new VqzImageWriteParam();
        assertThrows(IllegalStateException.class, param::getCompressionQualityValues);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        float[] values = param.getCompressionQualityValues();
        String[] descriptions = param.getCompressionQualityDescriptions();
        assertEquals(descriptions.length + 1, values.length);
        assertEquals(0f, values[0]);
        assertEquals(1f, values[values.length - 1]);
        assertTrue(Arrays.asList(descriptions).contains("Medium quality (default)"));
        for (int i = 1; i < values.length; i++) {
            assertTrue(values[i] > values[i - 1]);
        }
    }

    @Test
    void threads() {
        VqzImageWriteParam param = new VqzImageWriteParam();
        assertEquals(0, param.getThreads());
        param.setThreads(3);
        assertEquals(3, param.getThreads());
        assertThrows(IllegalArgumentException.class, () -> param.setThreads(-1));
    }

    @Test
    void effortIsSetHereOrByTheSystemPropertyForProgramsThatOnlyKnowImageWriteParam() throws Exception {
        VqzImageWriteParam param = new VqzImageWriteParam();
        assertEquals(io.vqz.codec.Effort.DEFAULT, param.getEffort());
        param.setEffort(7);
        assertEquals(7, param.getEffort());
        assertThrows(IllegalArgumentException.class, () -> param.setEffort(10));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(
                io.vqz.testdata.TestData.file("kodak/kodim23.png").toFile()).getSubimage(320, 200, 96, 64);
        byte[] plain = write(img, null);
        String old = System.getProperty(VqzImageWriteParam.EFFORT_PROPERTY);
        try {
            System.setProperty(VqzImageWriteParam.EFFORT_PROPERTY, "5");
            assertEquals(5, new VqzImageWriteParam().getEffort());
            byte[] refined = write(img, null);
            assertFalse(Arrays.equals(plain, refined), "the property's effort chose other codes");
            // a parameter's own effort wins over the property
            VqzImageWriteParam explicit = new VqzImageWriteParam();
            explicit.setEffort(io.vqz.codec.Effort.DEFAULT);
            assertArrayEquals(plain, write(img, explicit));
            System.setProperty(VqzImageWriteParam.EFFORT_PROPERTY, "eleven");
            javax.imageio.IIOException e = assertThrows(javax.imageio.IIOException.class, () -> write(img, null));
            assertTrue(e.getMessage().contains(VqzImageWriteParam.EFFORT_PROPERTY) && e.getMessage().contains("0..9"),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(VqzImageWriteParam.EFFORT_PROPERTY);
            } else {
                System.setProperty(VqzImageWriteParam.EFFORT_PROPERTY, old);
            }
        }
    }

    private static byte[] write(java.awt.image.RenderedImage img, ImageWriteParam param) throws Exception {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("vqz").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
