package io.vqz.bench;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.entropy.PixelCnnPrior;
import io.vqz.entropy.PriorWeights;
import io.vqz.entropy.TileCoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prices prior shapes before any is trained: the time to entropy-decode a Kodak-sized code grid (192 × 128, 64 × 64
 * tiles) through a base prior and {@code layers − 1} refinement priors of given widths, with seeded random weights
 * (the work per position does not depend on the weights' values, only about half the inputs being zero after relu,
 * as in trained priors). One thread, medians; compare shapes within one run, this machine's speed drifts.
 * <p>
 * {@code java -cp bench/target/vqz-bench.jar io.vqz.bench.PriorShapes [--layers 4] [--groups 32] [--runs 7]
 * 64x3/32x1 32x2/16x1 ...}: each shape is {@code BASE_CxL/REFINE_CxL}; {@code --groups 0} for one K-symbol table.
 *
 * @since 0.8
 */
public final class PriorShapes {
    private static final int K = 512;
    private static final int E = 32;
    private static final int D = 16;
    private static final int GRID_W = 192;
    private static final int GRID_H = 128;
    private static final int TILE = 64;

    private PriorShapes() {
    }

    /**
     * Runs the comparison and prints one line per shape.
     *
     * @param args options and shapes, see the class description
     * @throws EntropyDecodingException never for the streams it encodes itself
     */
    public static void main(String... args) throws EntropyDecodingException {
        int layers = 4;
        int groups = 32;
        int runs = 7;
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--groups" -> groups = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> shapes.add(parse(args[i]));
            }
        }
        if (shapes.isEmpty()) {
            shapes.add(parse("64x3/32x1"));
        }
        for (int[] s : shapes) {
            double ms = decodeMillis(s, layers, groups, runs);
            System.out.printf(Locale.ROOT, "base %dx%d, refinements %dx%d, %d layers, %s: %.1f ms per grid, "
                            + "%.2f us per position and layer (1 thread, median of %d)%n", s[0], s[1], s[2], s[3], layers,
                    groups == 0 ? "one-level" : groups + " groups", ms, ms * 1e3 / (GRID_W * GRID_H * layers), runs);
        }
    }

    /** {@code "CxL/CxL"} → {base C, base L, refinement C, refinement L}. */
    static int[] parse(String shape) {
        String[] p = shape.split("[x/]");
        if (p.length != 4) {
            throw new IllegalArgumentException("a shape is BASE_CxL/REFINE_CxL, e.g. 64x3/32x1: " + shape);
        }
        return Arrays.stream(p).mapToInt(Integer::parseInt).toArray();
    }

    /** Median time to decode every tile of every layer, in milliseconds. */
    static double decodeMillis(int[] shape, int layers, int groups, int runs) throws EntropyDecodingException {
        PixelCnnPrior base = prior(shape[0], shape[1], 0, groups);
        PixelCnnPrior refine = prior(shape[2], shape[3], D, groups);
        SplittableRandom rnd = new SplittableRandom(3);
        int tiles = (GRID_W / TILE) * (GRID_H / TILE);
        int n = TILE * TILE;
        float[] context = new float[n * D];
        for (int i = 0; i < context.length; i++) {
            context[i] = (float) (rnd.nextGaussian() * 0.5);
        }
        byte[][][] payloads = new byte[layers][tiles][];
        for (int l = 0; l < layers; l++) {
            for (int t = 0; t < tiles; t++) {
                int[] codes = rnd.ints(n, 0, K).toArray();
                payloads[l][t] = l == 0 ? TileCoder.encode(base, codes, TILE, TILE)
                        : TileCoder.encode(refine, TILE, TILE, context, (i, cursor) -> codes[i], null);
            }
        }
        long[] times = new long[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int l = 0; l < layers; l++) {
                for (int t = 0; t < tiles; t++) {
                    if (l == 0) {
                        TileCoder.decode(base, payloads[l][t], TILE, TILE);
                    } else {
                        TileCoder.decode(refine, payloads[l][t], TILE, TILE, context);
                    }
                }
            }
            times[r] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        return times[runs / 2] / 1e6;
    }

    private static PixelCnnPrior prior(int c, int l, int d, int groups) {
        PriorWeights w = PriorWeights.random(K, E, c, l, 5, 3, d, 1);
        return new PixelCnnPrior(groups == 0 ? w : w.withRandomGroups(groups, 1));
    }
}
