package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzTileIndex;
import io.vqz.format.VqzWriter;
import io.vqz.testdata.TestData;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * A tiny layered test model from {@code testdata/models} with the Kodak crop its end-to-end tests code, and the
 * checks every layered model must pass whatever its refinement: trimming and region/preview decodes.
 */
final class TinyModelCase {
    static final Path LAYERED = TestData.file("models/tiny-layered.vqzm");
    /** {@link #LAYERED} with untrained two-level heads on its priors (vqz_groups.py --bundle, 4 groups of 8). */
    static final Path LAYERED_GROUPS = TestData.file("models/tiny-layered-groups.vqzm");
    /** {@link #LAYERED} at half resolution: f = 8 (training/vqz_export_layered.py --half-resolution). */
    static final Path LAYERED_HALF = TestData.file("models/tiny-layered-half.vqzm");

    final ModelBundle model;
    final BufferedImage image = TestImages.kodakCrop(3, 136, 72);
    private final ModelRegistry registry;

    TinyModelCase(Path bundle) throws IOException {
        this(ModelBundle.load(bundle));
    }

    TinyModelCase(ModelBundle model) {
        this.model = model;
        registry = ModelRegistry.builder().add(model).build();
    }

    VqzContainer encode(int quality, int threads) throws IOException {
        return VqzEncoder.builder().model(model).quality(quality).threads(threads).build().encodeContainer(image, null);
    }

    VqzDecoder decoder(int threads) {
        return VqzDecoder.builder().registry(registry).threads(threads).build();
    }

    /** Trimming a full file to every layer count gives a smaller file that decodes as the full one with as many. */
    void assertTrimmedFilesDecodeAsFewerLayers() throws IOException {
        byte[] full = TestImages.fileBytes(encode(100, 2));
        int layers = model.layers();
        for (int n = 1; n <= layers; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VqzWriter.trim(new SeekableInMemoryByteChannel(full), out, n, VqzLimits.DEFAULT);
            byte[] trimmed = out.toByteArray();
            assertTrue(n == layers ? trimmed.length == full.length : trimmed.length < full.length, "layers " + n);
            VqzContainer t = VqzReader.read(new ByteArrayInputStream(trimmed), VqzLimits.DEFAULT);
            assertEquals(n, t.header().layers());
            BufferedImage a = decoder(2).decode(t, DecodeOptions.DEFAULT).image();
            VqzContainer f = VqzReader.read(new ByteArrayInputStream(full), VqzLimits.DEFAULT);
            BufferedImage b = decoder(2).decode(f, DecodeOptions.builder().layers(n).build()).image();
            assertTrue(TestImages.samePixels(a, b), "layers " + n);
        }
    }

    /** A region read through the tile index and a half-size preview against the full decode. */
    void assertRegionsAndPreviewsMatchTheFullDecode() throws IOException {
        byte[] file = TestImages.fileBytes(encode(100, 2));
        VqzContainer c = VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
        BufferedImage whole = decoder(2).decode(c, DecodeOptions.DEFAULT).image();
        Rectangle r = new Rectangle(37, 11, 60, 40);
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(file);
        VqzTileIndex index = VqzReader.readIndex(channel, VqzLimits.DEFAULT);
        BufferedImage part = decoder(2).decode(index.tiles(channel), DecodeOptions.builder().region(r).build()).image();
        assertTrue(TestImages.samePixels(TestImages.crop(whole, r.x, r.y, r.width, r.height), part));
        BufferedImage preview = decoder(2).decode(c, DecodeOptions.builder().scale(2).build()).image();
        assertEquals(image.getWidth() / 2, preview.getWidth());
    }
}
