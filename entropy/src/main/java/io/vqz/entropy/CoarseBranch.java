package io.vqz.entropy;

/**
 * A refinement prior's coarse branch, evaluated for a whole tile before any of its codes is coded: it depends
 * only on the coarser layers (the summed codewords at every position), never on the layer's own codes, so it is
 * one batch of independent positions rather than part of the position-by-position loop.
 * <p>
 * At position {@code p}, with {@code x(q)} the {@code D} context values at {@code q} (zero outside the tile):
 * {@code t = biasIn + Σ in[tap][i]·x(p+tap)[i]} over the 3×3 taps in raster order and channels ascending,
 * {@code g = biasMid + Σ mid[i]·relu(t)[i]}, {@code gOut = biasOut + Σ out[i]·relu(g)[i]}; each sum runs in that
 * order with separately rounded products, skipping zero inputs (docs/FORMAT.md, 9.3). {@code g} joins the trunk
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
        float[][] g = new float[n][];
        float[][] gOut = new float[n][];
        int[] rows = new int[Math.max(9 * d, c)];
        float[] vals = new float[rows.length];
        float[] t = new float[c];
        int k = PriorWeights.COARSE_KERNEL;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(biasIn, 0, t, 0, c);
                int m = 0;
                for (int tap = 0; tap < k * k; tap++) {
                    int yy = y + tap / k - R;
                    int xx = x + tap % k - R;
                    if (yy < 0 || yy >= height || xx < 0 || xx >= width) {
                        continue;
                    }
                    int from = (yy * width + xx) * d;
                    for (int i = 0; i < d; i++) {
                        float v = context[from + i];
                        rows[m] = tap * d + i;
                        vals[m] = v;
                        m += v != 0f ? 1 : 0;
                    }
                }
                Axpy.accumulate(t, c, in, rows, vals, m);
                float[] gp = layer(t, mid, biasMid, rows, vals);
                int p = y * width + x;
                g[p] = gp;
                gOut[p] = layer(gp, out, biasOut, rows, vals);
            }
        }
        return new float[][][] {g, gOut};
    }

    /** {@code bias + Σ w[i]·relu(src)[i]} over the nonzero inputs, ascending. */
    private float[] layer(float[] src, float[][] w, float[] bias, int[] rows, float[] vals) {
        int m = 0;
        for (int i = 0; i < c; i++) {
            float v = src[i] > 0f ? src[i] : 0f;
            rows[m] = i;
            vals[m] = v;
            m += v != 0f ? 1 : 0;
        }
        float[] dst = bias.clone();
        Axpy.accumulate(dst, bias.length, w, rows, vals, m);
        return dst;
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
