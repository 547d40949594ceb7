package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kind of model decides, asked of the one type that holds it. */
class ModelKindTest {
    @Test
    void theBundleFormatNamesTheKindAndFormatThreeIsRefusedByName() throws IOException {
        assertEquals(ModelKind.SINGLE_LAYER, ModelKind.ofBundleFormat(1));
        assertEquals(ModelKind.LAYERED, ModelKind.ofBundleFormat(2));
        assertTrue(assertThrows(IOException.class, () -> ModelKind.ofBundleFormat(3)).getMessage()
                .contains("bundle_format 3 (bit planes) is no longer supported"));
        assertTrue(assertThrows(IOException.class, () -> ModelKind.ofBundleFormat(7)).getMessage()
                .contains("unsupported bundle_format 7"));
    }

    @Test
    void eachKindSaysWhatItsBundlesHoldAndItsFilesAre() {
        assertEquals(List.of("codebook.bin"), ModelKind.SINGLE_LAYER.layerEntries(1));
        assertEquals(List.of("codebooks.bin", "refine-1.bin", "refine-2.bin"), ModelKind.LAYERED.layerEntries(3));
        assertEquals(1, ModelKind.SINGLE_LAYER.containerVersion(false));
        assertEquals(2, ModelKind.LAYERED.containerVersion(false));
        assertEquals(4, ModelKind.LAYERED.containerVersion(true));
        assertEquals(4L, ModelKind.SINGLE_LAYER.decoderInputBytes(16));
        assertEquals(64L, ModelKind.LAYERED.decoderInputBytes(16));
        assertEquals("single-layer", ModelKind.SINGLE_LAYER.describe(1, 1));
        assertEquals("layered with 6 layers coded as groups and members (version 4)", ModelKind.LAYERED.describe(6, 4));
    }

    @Test
    void theShippedModelsAnswerTheirKind() throws IOException {
        ModelBundle v1 = TestImages.v1();
        assertEquals(ModelKind.SINGLE_LAYER, v1.kind());
        assertEquals(1, v1.containerVersion());
        assertFalse(v1.kind().encoderChoosesCodes() == v1.kind().decoderTakesSums());
        assertEquals(ModelKind.LAYERED, ModelBundle.defaultBundle().kind());
        assertEquals(4, ModelBundle.defaultBundle().containerVersion());
    }

    /**
     * A single-layer model's tiles go through the same layer walk as a layered model's: its codes at quality 100
     * are the encoder network's own nearest codes, and a decode gets no summed codewords back.
     */
    @Test
    void aSingleLayerModelCodesTheEncoderNetworksCodesThroughTheLayerWalk() throws IOException {
        ModelBundle v1 = TestImages.v1();
        BufferedImage image = TestImages.kodak(23).getSubimage(200, 100, 96, 64);
        SourceImage src = new SourceImage(image);
        EncodeEngine e = EncodeEngine.run(v1, src, Quality.operatingPoint(100, 1), 1, true);
        NetworkTiles.Latents lat = NetworkTiles.encode(v1, src, 0, 0, e.gridWidth, e.gridHeight, e.gridWidth,
                e.gridHeight);
        assertArrayEquals(lat.nearest, e.grid);
        int[][] codes = new int[1][];
        io.vqz.format.VqzContainer c = VqzEncoder.builder().model(v1).quality(100).threads(1).build()
                .encodeContainer(image, null);
        assertNull(LayerStack.decode(v1, c, 0, c.header().tileGrid().width(0), c.header().tileGrid().height(0), 1,
                codes));
        assertArrayEquals(e.grid, codes[0]);
    }
}
