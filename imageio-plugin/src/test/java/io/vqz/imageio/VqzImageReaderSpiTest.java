package io.vqz.imageio;

import io.vqz.format.VqzFormat;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.*;

class VqzImageReaderSpiTest {

    private final VqzImageReaderSpi spi = new VqzImageReaderSpi();

    private static ImageInputStream stream(byte[] bytes) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    void recognisesTheSignatureWithoutMovingTheStream() throws IOException {
        byte[] bytes = Arrays.copyOf(VqzFormat.magicBytes(), 20);
        ImageInputStream in = stream(bytes);
        in.readByte();
        in.seek(0);
        assertTrue(spi.canDecodeInput(in));
        assertEquals(0, in.getStreamPosition());
        assertEquals(0x8f, in.readUnsignedByte());
    }

    @Test
    void rejectsOtherDataShortDataAndNonStreamsWithoutThrowing() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
        assertFalse(spi.canDecodeInput(stream(png)));
        assertFalse(spi.canDecodeInput(stream(Arrays.copyOf(VqzFormat.magicBytes(), 7))));
        assertFalse(spi.canDecodeInput(stream(new byte[0])));
        assertFalse(spi.canDecodeInput(null));
        assertFalse(spi.canDecodeInput(VqzFormat.magicBytes()));
        ImageInputStream closed = stream(VqzFormat.magicBytes());
        closed.close();
        assertFalse(spi.canDecodeInput(closed));
    }

    @Test
    void isInstalledAndDescribed() {
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        boolean found = false;
        while (providers.hasNext()) {
            found |= providers.next() instanceof VqzImageReaderSpi;
        }
        assertTrue(found);
        assertTrue(ImageIO.getImageReadersBySuffix("vqz").hasNext());
        assertTrue(spi.getDescription(null).contains("VQZ"));
        assertTrue(spi.createReaderInstance(null) instanceof VqzImageReader);
        assertArrayEquals(new String[] {"io.vqz.imageio.VqzImageWriterSpi"}, spi.getImageWriterSpiNames());
    }
}
