package io.vqz.imageio;

import io.vqz.codec.ModelBundle;
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
    void sharedDecoderAndEmptyMetadata() throws IOException {
        assertSame(VqzCodecs.decoder(), VqzCodecs.decoder());
        assertNull(VqzCodecs.metadata(null, null, null));
        assertArrayEquals(new byte[] {1}, VqzCodecs.metadata(null, new byte[] {1}, null).exif());
    }
}
