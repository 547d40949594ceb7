package io.vqz.codec;

import io.vqz.entropy.TileCoder;
import io.vqz.format.TileGrid;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top effort level's search of the last layer by the decoded pixels ({@link LastLayerSearch}). */
class LastLayerSearchTest {
    private static final ModelBundle MODEL = ModelBundle.defaultBundle();

    /** A picture encoded as one block of two tiles side by side, each coded as the default level codes it. */
    private record Block(SourceImage src, NetworkTiles.Latents lat, TileGrid tiles, int[] inBlock,
                         OperatingPoint point, LayerStack.Encoded[] coded) {
    }

    private static Block block(BufferedImage img, int quality) throws IOException {
        SourceImage src = new SourceImage(img);
        int f = MODEL.downsampling();
        int gw = img.getWidth() / f;
        int gh = img.getHeight() / f;
        NetworkTiles.Latents lat = NetworkTiles.encode(MODEL, src, 0, 0, gw, gh, gw, gh);
        // tiles narrower than the block, so the search spans several
        TileGrid tiles = new TileGrid(gw, gh, gw / 2, gh);
        OperatingPoint point = Quality.operatingPoint(quality, MODEL.layers());
        int[] inBlock = {0, 1};
        LayerStack.Encoded[] coded = new LayerStack.Encoded[2];
        for (int i = 0; i < 2; i++) {
            coded[i] = LayerStack.encode(MODEL, lat, tiles.x(i), tiles.y(i), tiles.width(i), tiles.height(i), point);
        }
        return new Block(src, lat, tiles, inBlock, point, coded);
    }

    /** The block's cost as the encoder measures it: bits under the priors, squared error of the decoded pixels. */
    private static double cost(Block b, LayerStack.Encoded[] coded) throws IOException {
        float[] sum = Refinement.summedCodewords(MODEL, coded, b.point.layers(), b.inBlock, b.tiles, b.lat);
        float[] rgb = NetworkTiles.decodeLatents(MODEL, sum, b.lat.w, b.lat.h, 0, 0, b.lat.w, b.lat.h);
        int f = MODEL.downsampling();
        int pw = b.lat.w * f;
        int ph = b.lat.h * f;
        float[] source = new float[3 * pw * ph];
        b.src.readRgb(0, 0, pw, ph, source);
        double se = 0;
        for (int k = 0; k < rgb.length; k++) {
            double d = Math.min(1f, Math.max(0f, rgb[k])) - source[k];
            se += d * d;
        }
        double bits = 0;
        for (LayerStack.Encoded e : coded) {
            bits += e.bits;
        }
        return Effort.cost(bits, se);
    }

    @Test
    void theSearchChangesOnlyTheLastLayerAndLowersTheCostItKeepsTilesBy() throws IOException {
        Block b = block(TestImages.kodakCrop(23, 128, 96), 75);
        int layers = b.point.layers();
        assertTrue(layers >= 2, "quality 75 sends several layers");
        List<Double> seen = new ArrayList<>();
        Progress progress = new Progress(seen::add, null, "encoding");
        progress.total(2 * LastLayerSearch.units(5));
        LayerStack.Encoded[] searched = LastLayerSearch.search(MODEL, b.src, b.lat, b.point, b.inBlock, b.tiles, 5,
                progress, b.coded);
        assertEquals(1.0, seen.get(seen.size() - 1), 1e-9, "one unit per tile and lattice class");
        boolean changed = false;
        for (int i = 0; i < 2; i++) {
            for (int l = 0; l < layers - 1; l++) {
                assertSame(b.coded[i].payloads[l], searched[i].payloads[l], "layer " + l + " untouched");
            }
            if (searched[i] != b.coded[i]) {
                changed = true;
                int l = layers - 1;
                int w = b.tiles.width(i);
                int h = b.tiles.height(i);
                // the new payload is what the decoder reads back, under the prior's context of the coarser layers
                assertArrayEquals(searched[i].codes[l], TileCoder.decode(MODEL.prior(l), searched[i].payloads[l], w,
                        h, LayerStack.coarseSum(MODEL, searched[i], l)));
                assertFalse(java.util.Arrays.equals(searched[i].codes[l], b.coded[i].codes[l]));
            }
        }
        assertTrue(changed, "the search moved some codes");
        assertTrue(cost(b, searched) < cost(b, b.coded), cost(b, searched) + " >= " + cost(b, b.coded));
    }

    @Test
    void theSearchCanBeAbortedBetweenDecodes() throws IOException {
        Block b = block(TestImages.kodakCrop(19, 128, 96), 50);
        int[] polls = {0};
        Progress progress = new Progress(null, () -> ++polls[0] > 3, "encoding");
        assertThrows(InterruptedIOException.class, () -> LastLayerSearch.search(MODEL, b.src, b.lat, b.point,
                b.inBlock, b.tiles, 5, progress, b.coded));
        assertEquals(4, polls[0], "stopped at the first poll that asked it to");
    }
}
