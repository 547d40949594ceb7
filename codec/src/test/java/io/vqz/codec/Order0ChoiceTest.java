package io.vqz.codec;

import io.vqz.entropy.TileCoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Order0ChoiceTest {
    private static final int W = 32;
    private static final int H = 24;

    /** The residual of a Kodak crop after the default model's base layer, the latents its first refinement codes. */
    private static float[] refinementLatents(ModelBundle model) throws IOException {
        NetworkTiles.Latents lat = NetworkTiles.encode(model, new SourceImage(TestImages.kodakCrop(7, 4 * W, 4 * H)),
                0, 0, W, H, W, H);
        Codebook base = model.codebook(0);
        float[] r = lat.z.clone();
        for (int p = 0; p < W * H; p++) {
            int k = base.nearest(lat.z, p * base.dimension, new float[base.size]);
            for (int d = 0; d < base.dimension; d++) {
                r[p * base.dimension + d] -= base.words[k * base.dimension + d];
            }
        }
        return r;
    }

    @Test
    void withoutARateWeightEveryCodeIsTheNearest() throws IOException {
        ModelBundle model = ModelBundle.defaultBundle();
        Codebook book = model.codebook(1);
        float[] z = refinementLatents(model);
        int[] codes = new Order0Choice().choose(book, z, W * H, 0, true, null);
        for (int p = 0; p < W * H; p++) {
            assertEquals(book.nearest(z, p * book.dimension, new float[book.size]), codes[p], "position " + p);
        }
        int[] given = new int[W * H];
        assertArrayEquals(given, new Order0Choice().choose(book, z, W * H, 0, true, given),
                "the network's nearest codes");
    }

    /**
     * Each code is the cheapest of its 16 nearest codewords under the order-0 bits of the nearest codes, computed
     * here in double precision from the definition; the rate term moves a good share of the codes and makes them
     * cheaper to send in order 0.
     */
    @Test
    void eachCodeIsTheCheapestOfItsNearestUnderTheNearestCodesOrderZeroBits() throws IOException {
        ModelBundle model = ModelBundle.defaultBundle();
        Codebook book = model.codebook(1);
        float[] z = refinementLatents(model);
        int n = W * H;
        double lambda = 2 / (book.spacing() * 100);
        Order0Choice choice = new Order0Choice();
        int[] codes = choice.choose(book, z, n, lambda, true, null);
        int[] nearest = choice.choose(book, z, n, 0, true, null);
        int[] count = new int[book.size];
        for (int k : nearest) {
            count[k]++;
        }
        int moved = 0;
        for (int p = 0; p < n; p++) {
            double[] dist = new double[book.size];
            Integer[] order = new Integer[book.size];
            for (int k = 0; k < book.size; k++) {
                for (int d = 0; d < book.dimension; d++) {
                    double v = z[p * book.dimension + d] - book.words[k * book.dimension + d];
                    dist[k] += v * v;
                }
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
            double best = Double.POSITIVE_INFINITY;
            int cheapest = -1;
            for (int i = 0; i < Order0Choice.CANDIDATES; i++) {
                int k = order[i];
                double bits = (Math.log(n + 0.5 * book.size) - Math.log(count[k] + 0.5)) / Math.log(2);
                double cost = dist[k] / book.spacing() + lambda * Order0Choice.RATE_SCALE * bits;
                if (cost < best - 1e-9) {
                    best = cost;
                    cheapest = k;
                }
            }
            assertEquals(cheapest, codes[p], "position " + p);
            moved += codes[p] != nearest[p] ? 1 : 0;
        }
        assertTrue(moved > n / 10, "the rate term moved only " + moved + " of " + n + " codes");
        assertTrue(entropy(codes, book.size) < entropy(nearest, book.size) - 0.3, "no cheaper in order 0");
    }

    /** The fastest level's layers decode to the codes it chose, each layer's payload under its own prior. */
    @Test
    void theLayersItChoosesDecodeAsChosen() throws IOException {
        ModelBundle model = ModelBundle.defaultBundle();
        NetworkTiles.Latents lat = NetworkTiles.encode(model, new SourceImage(TestImages.kodakCrop(3, 4 * W, 4 * H)),
                0, 0, W, H, W, H);
        OperatingPoint point = VqzEncoder.builder().quality(75).build().operatingPoint();
        LayerStack.Encoded coded = LayerStack.encode(model, lat, 0, 0, W, H, point, true);
        float[] sum = null;
        for (int l = 0; l < point.layers(); l++) {
            assertArrayEquals(coded.codes[l], TileCoder.decode(model.prior(l), coded.payloads[l], W, H, sum),
                    "layer " + l);
            sum = model.codebook(l).accumulate(sum, coded.codes[l]);
        }
    }

    private static double entropy(int[] codes, int size) {
        int[] count = new int[size];
        for (int k : codes) {
            count[k]++;
        }
        double h = 0;
        for (int c : count) {
            h -= c == 0 ? 0 : c / (double) codes.length * Math.log(c / (double) codes.length) / Math.log(2);
        }
        return h;
    }
}
