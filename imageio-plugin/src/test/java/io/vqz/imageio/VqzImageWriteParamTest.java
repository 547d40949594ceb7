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
}
