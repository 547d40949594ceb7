package io.vqz.format;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reads the committed files in testdata/golden (written by version 0.1, see its README) and checks every
 * field against literal values. Every later version must keep passing this test unchanged.
 */
class VqzGoldenFilesTest {

    static Path golden(String name) {
        return TestData.file("golden").resolve(name);
    }

    static VqzContainer read(String name) throws IOException {
        try (InputStream in = Files.newInputStream(golden(name))) {
            return VqzReader.read(in, VqzLimits.DEFAULT);
        }
    }

    /** Tile i's payload in the golden files: n bytes, byte j = (i * 31 + j * 17) & 0xFF. */
    static byte[] payload(int i, int n) {
        byte[] b = new byte[n];
        for (int j = 0; j < n; j++) {
            b[j] = (byte) (i * 31 + j * 17);
        }
        return b;
    }

    static List<String> types(VqzContainer c) {
        return c.chunks().stream().map(ChunkInfo::type).collect(Collectors.toList());
    }

    static void assertRewritesIdentically(String name, VqzContainer c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.write(c, out);
        assertArrayEquals(Files.readAllBytes(golden(name)), out.toByteArray(), name);
    }

    @Test
    void grey1x1() throws IOException {
        VqzContainer c = read("grey-1x1.vqz");
        VqzHeader h = c.header();
        assertEquals(1, h.width());
        assertEquals(1, h.height());
        assertEquals(ColourLayout.GREY, h.colourLayout());
        assertEquals("a703788f832056626d71b7db4d8055243ceafe416d1798cd634b9143c9074b54", h.modelIdHex());
        assertEquals("", h.modelName());
        assertEquals(4, h.downsampling());
        assertEquals(1, h.gridWidth());
        assertEquals(1, h.gridHeight());
        assertEquals(3, h.paddingRight());
        assertEquals(3, h.paddingBottom());
        assertEquals(1, h.tileWidth());
        assertEquals(1, h.tileHeight());
        assertEquals(1, h.tileCount());
        assertEquals(2, h.codebookSize());
        assertEquals(16, h.cdfPrecisionBits());
        assertEquals(0, h.quality());
        assertArrayEquals(new byte[] {42}, c.tilePayload(0));
        assertNull(c.alpha());
        assertEquals(VqzMetadata.EMPTY, c.metadata());
        assertEquals(List.of(new ChunkInfo("VQHD", 8, 52), new ChunkInfo("TTBL", 72, 16),
                new ChunkInfo("TDAT", 100, 1), new ChunkInfo("VEND", 113, 0)), c.chunks());
        assertRewritesIdentically("grey-1x1.vqz", c);
    }

    @Test
    void rgbTiledWithMetadata() throws IOException {
        VqzContainer c = read("rgb-37x23-tiled-metadata.vqz");
        VqzHeader h = c.header();
        assertEquals(37, h.width());
        assertEquals(23, h.height());
        assertEquals(ColourLayout.RGB, h.colourLayout());
        assertEquals("a0c6f8525bd1c3efb6a2f98c64442e32d820a4962a85fcab9a0348892c425db1", h.modelIdHex());
        assertEquals("vqz-test-model", h.modelName());
        assertEquals(4, h.downsampling());
        assertEquals(10, h.gridWidth());
        assertEquals(6, h.gridHeight());
        assertEquals(3, h.paddingRight());
        assertEquals(1, h.paddingBottom());
        assertEquals(4, h.tileWidth());
        assertEquals(4, h.tileHeight());
        assertEquals(3, h.tilesAcross());
        assertEquals(2, h.tilesDown());
        assertEquals(6, h.tileCount());
        assertEquals(2, h.tileWidthAt(2));
        assertEquals(2, h.tileHeightAt(5));
        assertEquals(1024, h.codebookSize());
        assertEquals(16, h.cdfPrecisionBits());
        assertEquals(75, h.quality());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(payload(i, 7 * i), c.tilePayload(i), "tile " + i);
        }
        assertEquals(105, c.tileDataLength());
        byte[] icc = c.metadata().icc();
        assertEquals(300, icc.length);
        for (int i = 0; i < icc.length; i++) {
            assertEquals((byte) (i * 13), icc[i]);
        }
        assertArrayEquals(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0}, c.metadata().exif());
        assertEquals("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">Grüße</x:xmpmeta>",
                new String(c.metadata().xmp(), StandardCharsets.UTF_8));
        assertNull(c.alpha());
        assertEquals(List.of("VQHD", "iccp", "exif", "xmpd", "TTBL", "TDAT", "VEND"), types(c));
        assertRewritesIdentically("rgb-37x23-tiled-metadata.vqz", c);
    }

    @Test
    void rgbaWithAlpha() throws IOException {
        VqzContainer c = read("rgba-19x13-alpha.vqz");
        VqzHeader h = c.header();
        assertEquals(19, h.width());
        assertEquals(13, h.height());
        assertEquals(ColourLayout.RGB_ALPHA, h.colourLayout());
        assertEquals("f4e270a3cb36d82640c575386358ae80f2d161d9cf0a96ac7b1c7dad30b672ac", h.modelIdHex());
        assertEquals("modèle α", h.modelName());
        assertEquals(5, h.gridWidth());
        assertEquals(4, h.gridHeight());
        assertEquals(2, h.tileWidth());
        assertEquals(2, h.tileHeight());
        assertEquals(6, h.tileCount());
        assertEquals(4096, h.codebookSize());
        assertEquals(16, h.cdfPrecisionBits());
        assertEquals(100, h.quality());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(payload(i + 1, 7 * (i + 1)), c.tilePayload(i), "tile " + i);
        }
        byte[] alpha = c.alpha();
        assertEquals(19 * 13, alpha.length);
        for (int y = 0; y < 13; y++) {
            for (int x = 0; x < 19; x++) {
                int expected = x < 4 ? 0 : x >= 9 ? 255 : (x * 37 + y * 11) & 0xFF;
                assertEquals(expected, alpha[y * 19 + x] & 0xFF, "alpha at " + x + "," + y);
            }
        }
        assertNull(c.metadata().icc());
        assertNull(c.metadata().exif());
        assertEquals("<xmp/>", new String(c.metadata().xmp(), StandardCharsets.US_ASCII));
        assertEquals(List.of("VQHD", "xmpd", "ALPH", "TTBL", "TDAT", "VEND"), types(c));
        assertRewritesIdentically("rgba-19x13-alpha.vqz", c);
    }

    @Test
    void greyAlphaWithUnknownAncillaryChunk() throws IOException {
        VqzContainer c = read("greyalpha-8x8-unknown-chunk.vqz");
        VqzHeader h = c.header();
        assertEquals(8, h.width());
        assertEquals(8, h.height());
        assertEquals(ColourLayout.GREY_ALPHA, h.colourLayout());
        assertEquals("584cba9f2502a9a07e4e3bf006685d6496f5984db515849f4511ed493d3e8a34", h.modelIdHex());
        assertEquals("grey", h.modelName());
        assertEquals(2, h.downsampling());
        assertEquals(4, h.gridWidth());
        assertEquals(4, h.gridHeight());
        assertEquals(0, h.paddingRight());
        assertEquals(3, h.tileWidth());
        assertEquals(4, h.tileHeight());
        assertEquals(2, h.tileCount());
        assertEquals(1, h.tileWidthAt(1));
        assertEquals(256, h.codebookSize());
        assertEquals(12, h.cdfPrecisionBits());
        assertEquals(50, h.quality());
        assertArrayEquals(payload(2, 14), c.tilePayload(0));
        assertArrayEquals(payload(3, 21), c.tilePayload(1));
        byte[] alpha = c.alpha();
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) (i * 4), alpha[i]);
        }
        assertEquals(VqzMetadata.EMPTY, c.metadata());
        assertEquals(List.of("VQHD", "ALPH", "TTBL", "TDAT", "vqXt", "VEND"), types(c));
        assertEquals(16, c.chunks().get(4).length());
        assertArrayEquals(HexFormat.of().parseHex(
                "584cba9f2502a9a07e4e3bf006685d6496f5984db515849f4511ed493d3e8a34"), h.modelId());
    }
}
