package io.vqz.codec;

import io.vqz.format.ColourLayout;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTilesTest {
    private static final ModelBundle MODEL = TestImages.v1();
    private static final int GW = 64;
    private static final int GH = 48;
    private static final int BLOCK = 16;

    private static int[] grid() throws IOException {
        BufferedImage img = TestImages.kodakCrop(24, GW * 4, GH * 4);
        return NetworkTiles.encode(MODEL, new SourceImage(img), 0, 0, GW, GH, GW, GH).nearest;
    }

    private static BufferedImage decodeTiled(int[] grid, int margin) throws IOException {
        OutputImage out = new OutputImage(ColourLayout.RGB, 0, 0, GW * 4, GH * 4);
        for (int y = 0; y < GH; y += BLOCK) {
            for (int x = 0; x < GW; x += BLOCK) {
                out.put(NetworkTiles.decode(MODEL, grid, GW, GH, x, y, BLOCK, BLOCK, margin), x * 4, y * 4,
                        BLOCK * 4, BLOCK * 4);
            }
        }
        return out.image();
    }

    @Test
    void tiledDecodeMatchesUntiledWithoutSeams() throws IOException {
        int[] grid = grid();
        OutputImage whole = new OutputImage(ColourLayout.RGB, 0, 0, GW * 4, GH * 4);
        whole.put(NetworkTiles.decode(MODEL, grid, GW, GH, 0, 0, GW, GH), 0, 0, GW * 4, GH * 4);
        BufferedImage tiled = decodeTiled(grid, MODEL.manifest().decoderRadius);
        assertTrue(TestImages.maxDiff(whole.image(), tiled) <= 2, "max diff " + TestImages.maxDiff(whole.image(), tiled));
        // Control: without the overlap the block borders do show (so the test above can fail).
        BufferedImage seams = decodeTiled(grid, 0);
        assertTrue(TestImages.maxDiff(whole.image(), seams) > 8, "no-overlap diff " + TestImages.maxDiff(whole.image(), seams));
    }

    @Test
    void tiledEncodeMatchesUntiled() throws IOException {
        BufferedImage img = TestImages.kodakCrop(24, GW * 4, GH * 4);
        SourceImage src = new SourceImage(img);
        NetworkTiles.Latents whole = NetworkTiles.encode(MODEL, src, 0, 0, GW, GH, GW, GH);
        int same = 0;
        float worst = 0;
        for (int y = 0; y < GH; y += BLOCK) {
            for (int x = 0; x < GW; x += BLOCK) {
                NetworkTiles.Latents t = NetworkTiles.encode(MODEL, src, x, y, BLOCK, BLOCK, GW, GH);
                for (int yy = 0; yy < BLOCK; yy++) {
                    for (int xx = 0; xx < BLOCK; xx++) {
                        int p = (y + yy) * GW + x + xx;
                        int q = yy * BLOCK + xx;
                        same += whole.nearest[p] == t.nearest[q] ? 1 : 0;
                        for (int d = 0; d < whole.dim; d++) {
                            worst = Math.max(worst, Math.abs(whole.z[p * whole.dim + d] - t.z[q * t.dim + d]));
                        }
                    }
                }
            }
        }
        assertTrue(worst < 1e-3f, "latent difference " + worst);
        assertTrue(same >= GW * GH - 2, "indices equal: " + same);
    }

    @Test
    void gridsUpToKodakSizeAreDecodedInOneBlock() {
        assertEquals(192, NetworkTiles.decoderBlock(192, 128));
        assertEquals(192, NetworkTiles.decoderBlock(128, 192));
        assertEquals(1, NetworkTiles.decoderBlock(1, 1));
        assertEquals(NetworkTiles.DECODER_BLOCK, NetworkTiles.decoderBlock(193, 10));
        assertEquals(NetworkTiles.DECODER_BLOCK, NetworkTiles.decoderBlock(10, 193));
    }

    @Test
    void encodePadsByEdgeReplication() throws IOException {
        // 5×3 pixels: padded to 8×4; the padded pixels repeat the last column and row
        BufferedImage img = TestImages.kodakCrop(4, 5, 3);
        float[] px = new float[3 * 8 * 4];
        new SourceImage(img).readRgb(0, 0, 8, 4, px);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                int p = img.getRGB(Math.min(x, 4), Math.min(y, 2));
                assertEquals(((p >> 16) & 255) / 255f, px[y * 8 + x], 1e-6);
            }
        }
        assertEquals(2, NetworkTiles.encode(MODEL, new SourceImage(img), 0, 0, 2, 1, 2, 1).nearest.length);
    }
}
