package io.vqz.entropy;

/**
 * A refinement prior's coarse branch, evaluated for a whole tile before any of its codes is coded: it depends
 * only on the coarser layers (the summed codewords at every position), never on the layer's own codes, so it is
 * one batch of independent positions rather than part of the position-by-position loop.
 * <p>
 * At position {@code p}, with {@code x(q)} the {@code D} context values at {@code q} (zero outside the tile):
 * {@code t = biasIn + Σ in[tap][i]·x(p+tap)[i]} over the 3×3 taps in raster order and channels ascending,
 * {@code g = biasMid + Σ mid[i]·relu(t)[i]}, {@code gOut = biasOut + Σ out[i]·relu(g)[i]}; each sum runs in that
 * order with separately rounded products (docs/FORMAT.md, 9.3; a term with a zero input adds a zero, so adding it
 * or skipping it gives the same value). {@code g} joins the trunk
 * after mask A, {@code gOut} before the output layer. A plane model's {@link PlaneContext} is the same branch
 * with {@code 2·D} outputs.
 * <p>
 * Immutable and thread-safe.
 */
final class CoarseBranch {
    private static final int R = PriorWeights.COARSE_KERNEL / 2;

    private final int c;
    private final int d;
    /** Row [tap·D + i] over the C outputs. */
    private final float[][] in;
    private final float[] biasIn;
    /** Row [i] over the C outputs. */
    private final float[][] mid;
    private final float[] biasMid;
    private final float[][] out;
    private final float[] biasOut;

    CoarseBranch(PriorWeights w) {
        this(w.d, w.c, w.c, w.coarseIn, w.biasCoarseIn, w.coarseMid, w.biasCoarseMid, w.coarseOut, w.biasCoarseOut);
    }

    /** From PyTorch's layouts: in [C][D][3][3], mid [C][C], out [outWidth][C]. */
    CoarseBranch(int d, int c, int outWidth, float[] inW, float[] inB, float[] midW, float[] midB, float[] outW,
                 float[] outB) {
        this.c = c;
        this.d = d;
        int k = PriorWeights.COARSE_KERNEL;
        in = new float[k * k * d][c];
        for (int tap = 0; tap < k * k; tap++) {
            for (int i = 0; i < d; i++) {
                for (int o = 0; o < c; o++) {
                    in[tap * d + i][o] = inW[(o * d + i) * k * k + tap];
                }
            }
        }
        mid = transpose(midW, c, c);
        out = transpose(outW, outWidth, c);
        biasIn = inB.clone();
        biasMid = midB.clone();
        biasOut = outB.clone();
    }

    /** Width D of the context. */
    int width() {
        return d;
    }

    /**
     * The branch's two outputs at every position of a tile.
     *
     * @param context {@code width·height·D} floats, position-major (position {@code p}'s values at {@code p·D})
     * @return {@code [0]}: g ({@code [width·height][C]}), {@code [1]}: gOut ({@code [width·height][outWidth]})
     */
    float[][][] evaluate(float[] context, int width, int height) {
        int n = width * height;
        if (context.length != (long) n * d) {
            throw new IllegalArgumentException(context.length + " context values for " + width + "x" + height
                    + " positions of " + d);
        }
        if (n == 0) {
            return new float[][][] {new float[0][], new float[0][]};
        }
        // Channel-major planes with a zero border of one position, so each 3x3 tap is one shifted run over the
        // whole tile and every sum runs over positions, thousands wide: several times faster than C-wide sums
        // per position. The per-value order of 9.5 is kept; a tap outside the tile adds in·0, the zero term the
        // format lets a decoder add or skip. Values in the run that fall on the border columns are not used.
        int stride = width + 2;
        int first = stride + 1;
        int run = (height - 1) * stride + width;
        float[][] x = new float[d][(height + 2) * stride];
        for (int y = 0; y < height; y++) {
            for (int xx = 0; xx < width; xx++) {
                int from = (y * width + xx) * d;
                int at = first + y * stride + xx;
                for (int i = 0; i < d; i++) {
                    x[i][at] = context[from + i];
                }
            }
        }
        float[][] t = planes(biasIn, run);
        float[][] shifted = new float[d][run];
        int[] rows = new int[Math.max(d, c)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        float[] weights = new float[rows.length];
        int k = PriorWeights.COARSE_KERNEL;
        for (int tap = 0; tap < k * k; tap++) {
            int offset = first + (tap / k - R) * stride + tap % k - R;
            for (int i = 0; i < d; i++) {
                System.arraycopy(x[i], offset, shifted[i], 0, run);
            }
            for (int o = 0; o < c; o++) {
                for (int i = 0; i < d; i++) {
                    weights[i] = in[tap * d + i][o];
                }
                Axpy.accumulate(t[o], run, shifted, rows, weights, d);
            }
        }
        float[][] g = layer(t, mid, biasMid, rows, weights, run);
        float[][] gByPosition = positions(g, width, height, stride);
        float[][] gOut = layer(g, out, biasOut, rows, weights, run);
        return new float[][][] {gByPosition, positions(gOut, width, height, stride)};
    }

    /** {@code bias + Σ w[i]·relu(src)[i]}, inputs ascending, over every position of the run; src becomes relu(src). */
    private float[][] layer(float[][] src, float[][] w, float[] bias, int[] rows, float[] weights, int run) {
        for (float[] plane : src) {
            for (int j = 0; j < run; j++) {
                float v = plane[j];
                plane[j] = v > 0f ? v : 0f;
            }
        }
        float[][] dst = planes(bias, run);
        for (int o = 0; o < bias.length; o++) {
            for (int i = 0; i < c; i++) {
                weights[i] = w[i][o];
            }
            Axpy.accumulate(dst[o], run, src, rows, weights, c);
        }
        return dst;
    }

    /** One plane per channel, every value the channel's bias. */
    private static float[][] planes(float[] bias, int run) {
        float[][] p = new float[bias.length][run];
        for (int o = 0; o < bias.length; o++) {
            java.util.Arrays.fill(p[o], bias[o]);
        }
        return p;
    }

    /** Channel planes (in run coordinates) as one array of channels per tile position, raster order. */
    private static float[][] positions(float[][] planes, int width, int height, int stride) {
        float[][] byPosition = new float[width * height][planes.length];
        for (int y = 0; y < height; y++) {
            for (int xx = 0; xx < width; xx++) {
                float[] dst = byPosition[y * width + xx];
                int at = y * stride + xx;
                for (int o = 0; o < planes.length; o++) {
                    dst[o] = planes[o][at];
                }
            }
        }
        return byPosition;
    }

    /** PyTorch's {@code [outs][ins]} as rows {@code [in]} over the outputs. */
    private static float[][] transpose(float[] w, int outs, int ins) {
        float[][] rows = new float[ins][outs];
        for (int o = 0; o < outs; o++) {
            for (int i = 0; i < ins; i++) {
                rows[i][o] = w[o * ins + i];
            }
        }
        return rows;
    }
}
