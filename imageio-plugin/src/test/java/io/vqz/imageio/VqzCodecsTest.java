package io.vqz.imageio;

import io.vqz.codec.ModelBundle;
import io.vqz.format.VqzLimits;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

class VqzCodecsTest {

    @Test
    void defaultModelComesFirstAndIsFoundByName() throws IOException {
        String name = ModelBundle.defaultBundle().name();
        assertEquals(name, VqzCodecs.modelNames().get(0));
        assertSame(ModelBundle.defaultBundle(), VqzCodecs.model(null));
        assertEquals(name, VqzCodecs.model(name).name());
        IIOException e = assertThrows(IIOException.class, () -> VqzCodecs.model("no-such-model"));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void readLimitsComeFromTheParametersElseTheSystemProperties() {
        VqzImageReadParam param = new VqzImageReadParam();
        VqzLimits small = VqzLimits.builder().maxPixelLayers(5).build();
        param.setLimits(small);
        assertSame(small, VqzCodecs.limits(param));
        System.setProperty("vqz.limits.maxPixelLayers", "7k");
        try {
            assertEquals(7000, VqzCodecs.limits(new javax.imageio.ImageReadParam()).maxPixelLayers());
            assertEquals(7000, VqzCodecs.limits(null).maxPixelLayers());
            assertEquals(7000, new VqzImageReadParam().getLimits().maxPixelLayers());
        } finally {
            System.clearProperty("vqz.limits.maxPixelLayers");
        }
        assertEquals(VqzLimits.DEFAULT_MAX_PIXEL_LAYERS, VqzCodecs.limits(null).maxPixelLayers());
    }

    @Test
    void sharedRegistryAndEmptyMetadata() throws IOException {
        assertSame(VqzCodecs.registry(), VqzCodecs.decoder(VqzLimits.DEFAULT).registry());
        assertNull(VqzCodecs.metadata(null, null, null));
        assertArrayEquals(new byte[] {1}, VqzCodecs.metadata(null, new byte[] {1}, null).exif());
    }
}
