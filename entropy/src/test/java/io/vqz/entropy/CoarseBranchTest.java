package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The coarse branch, evaluated over channel planes strip by strip, gives exactly the values of FORMAT.md 9.5
 * computed one position at a time, for tiles of one strip, of several strips and of a single row or column.
 */
class CoarseBranchTest {
    private static final int D = 5;
    private static final int C = 6;

    @Test
    void stripsOfPlanesGiveTheSameValuesAsThePositionByPositionRule() {
        PriorWeights w = PriorWeights.random(16, 4, C, 1, 5, 3, D, 7);
        CoarseBranch branch = new CoarseBranch(w);
        SplittableRandom rnd = new SplittableRandom(3);
        // 2048 positions per strip: 70 wide gives strips of 28 rows, so 100 rows take four
        for (int[] size : new int[][] {{70, 100}, {9, 7}, {1, 40}, {300, 1}, {1, 1}}) {
            int width = size[0];
            int height = size[1];
            float[] context = new float[width * height * D];
            for (int i = 0; i < context.length; i++) {
                // some exact zeros, as codeword sums have where a layer sent nothing
                context[i] = rnd.nextInt(8) == 0 ? 0f : (float) rnd.nextGaussian();
            }
            float[][][] got = branch.evaluate(context, width, height);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float[][] want = rule(w, context, width, height, x, y);
                    int p = y * width + x;
                    assertSame(want[0], got[0][p], width + "x" + height + " g at " + x + "," + y);
                    assertSame(want[1], got[1][p], width + "x" + height + " gOut at " + x + "," + y);
                }
            }
        }
    }

    /** Equal values; a zero of either sign equals a zero (the format lets zero terms be added or skipped). */
    private static void assertSame(float[] want, float[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int o = 0; o < want.length; o++) {
            assertTrue(want[o] == got[o], where + " channel " + o + ": " + want[o] + " != " + got[o]);
        }
    }

    /** FORMAT.md 9.5, steps 1-3, at one position, skipping zero inputs: {g, gOut}. */
    private static float[][] rule(PriorWeights w, float[] context, int width, int height, int px, int py) {
        float[] t = w.biasCoarseIn.clone();
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                int y = py + ky - 1;
                int x = px + kx - 1;
                if (y < 0 || y >= height || x < 0 || x >= width) {
                    continue;
                }
                for (int i = 0; i < D; i++) {
                    float v = context[(y * width + x) * D + i];
                    if (v != 0f) {
                        for (int o = 0; o < C; o++) {
                            t[o] = t[o] + w.coarseIn[((o * D + i) * 3 + ky) * 3 + kx] * v;
                        }
                    }
                }
            }
        }
        float[] g = dense(w.coarseMid, w.biasCoarseMid, t);
        return new float[][] {g, dense(w.coarseOut, w.biasCoarseOut, g)};
    }

    /** {@code bias + Σ m[o][i]·relu(in)[i]}, i ascending, zero inputs skipped. */
    private static float[] dense(float[] m, float[] bias, float[] in) {
        float[] out = bias.clone();
        for (int i = 0; i < in.length; i++) {
            float v = in[i] > 0f ? in[i] : 0f;
            if (v != 0f) {
                for (int o = 0; o < out.length; o++) {
                    out[o] = out[o] + m[o * in.length + i] * v;
                }
            }
        }
        return out;
    }
}
