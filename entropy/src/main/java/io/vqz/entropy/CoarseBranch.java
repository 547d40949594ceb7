package io.vqz.entropy;

/**
 * A refinement prior's coarse branch ({@code docs/FORMAT.md} 9.5), evaluated for a whole tile before any of its codes is coded: it depends
 * only on the coarser layers (the summed codewords at every position), never on the layer's own codes, so it is
 * one batch of independent positions rather than part of the position-by-position loop.
 * <p>
 * At position {@code p}, with {@code x(q)} the {@code D} context values at {@code q} (zero outside the tile):
 * {@code t = biasIn + Σ in[tap][i]·x(p+tap)[i]} over the 3×3 taps in raster order and channels ascending,
 * {@code g = biasMid + Σ mid[i]·relu(t)[i]}, {@code gOut = biasOut + Σ out[i]·relu(g)[i]}; each sum runs in that
 * order with separately rounded products (docs/FORMAT.md, 9.3; a term with a zero input adds a zero, so adding it
 * or skipping it gives the same value). {@code g} joins the trunk
 * after mask A, {@code gOut} before the output layer.
 * <p>
 * Immutable and thread-safe.
 */
final class CoarseBranch {
    private static final int R = PriorWeights.COARSE_KERNEL / 2;

    private final int c;
    private final int d;
    // package-private: PriorKernel lays them out for the native kernel
    /** Row [tap·D + i] over the C outputs. */
    final float[][] in;
    final float[] biasIn;
    /** Row [i] over the C outputs. */
    final float[][] mid;
    final float[] biasMid;
    final float[][] out;
    final float[] biasOut;

    CoarseBranch(PriorWeights w) {
        this(w.d, w.c, w.c, w.coarseIn, w.biasCoarseIn, w.coarseMid, w.biasCoarseMid, w.coarseOut, w.biasCoarseOut);
    }

    /** From PyTorch's layouts: in [C][D][3][3], mid [C][C], out [outWidth][C]. */
    private CoarseBranch(int d, int c, int outWidth, float[] inW, float[] inB, float[] midW, float[] midB, float[] outW,
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
        mid = PixelCnnPrior.transpose(midW, c, c);
        out = PixelCnnPrior.transpose(outW, outWidth, c);
        biasIn = inB.clone();
        biasMid = midB.clone();
        biasOut = outB.clone();
    }

    /** Width D of the context. */
    int width() {
        return d;
    }

    /** Throws IllegalArgumentException unless {@code context} holds D values per position of the tile. */
    void check(float[] context, int width, int height) {
        if (context.length != (long) width * height * d) {
            throw new IllegalArgumentException(context.length + " context values for " + width + "x" + height
                    + " positions of " + d);
        }
    }

    /**
     * The branch's two outputs at every position of a tile.
     *
     * @param context {@code width·height·D} floats, position-major (position {@code p}'s values at {@code p·D})
     * @return {@code [0]}: g ({@code [width·height][C]}), {@code [1]}: gOut ({@code [width·height][outWidth]})
     */
    float[][][] evaluate(float[] context, int width, int height) {
        check(context, width, height);
        int n = width * height;
        float[][][] result = {new float[n][], new float[n][]};
        if (n == 0) {
            return result;
        }
        // Channel-major planes of a strip of rows with a zero border of one position, so each 3x3 tap is one
        // shifted run over the strip and every sum runs over thousands of positions: several times faster than
        // C-wide sums per position. The per-value order of 9.5 is kept; a tap outside the tile adds in·0, the zero
        // term the format lets a decoder add or skip. Values of a run on the border columns are not used. Strips
        // bound the working memory whatever the tile size.
        int stride = width + 2;
        int strip = Math.max(1, Math.min(height, STRIP_POSITIONS / stride));
        Planes work = new Planes(strip * stride);
        float[][] x = new float[d][(strip + 2) * stride];
        for (int y0 = 0; y0 < height; y0 += strip) {
            int rows = Math.min(strip, height - y0);
            fillStrip(context, x, y0, rows, width, height, stride);
            work.evaluate(x, stride, (rows - 1) * stride + width);
            collect(work, result, y0, rows, width, stride);
        }
        return result;
    }

    // The strip's steps are methods of their own: the JIT compiles each once, where evaluate() was compiled again
    // from each of its loops entered hot (on-stack replacement) and once more after their profiles changed.

    /** The context of rows y0-1 .. y0+rows of the tile into channel-major planes with a zero border. */
    private void fillStrip(float[] context, float[][] x, int y0, int rows, int width, int height, int stride) {
        for (int yy = -1; yy <= rows; yy++) {
            int y = y0 + yy;
            for (int xx = -1; xx <= width; xx++) {
                boolean inside = y >= 0 && y < height && xx >= 0 && xx < width;
                int at = (yy + 1) * stride + xx + 1;
                for (int i = 0; i < d; i++) {
                    x[i][at] = inside ? context[(y * width + xx) * d + i] : 0f;
                }
            }
        }
    }

    /** The strip's outputs, per position of its rows. */
    private static void collect(Planes work, float[][][] result, int y0, int rows, int width, int stride) {
        for (int yy = 0; yy < rows; yy++) {
            for (int xx = 0; xx < width; xx++) {
                int p = (y0 + yy) * width + xx;
                result[0][p] = work.at(work.g, yy * stride + xx);
                result[1][p] = work.at(work.gOut, yy * stride + xx);
            }
        }
    }

    /**
     * Upper bound of the heap {@link #evaluate} holds for a {@code width × height} tile: its two outputs per
     * position and one strip's planes.
     */
    long bytes(int width, int height) {
        long n = (long) width * height;
        int outWidth = biasOut.length;
        long outputs = n * (2 * 16 + 4L * (c + outWidth)) + 2 * (16 + 8 * n);
        long stride = width + 2L;
        long strip = Math.max(1, Math.min(height, STRIP_POSITIONS / stride));
        long planes = 4 * ((d + 3L * c + outWidth) * strip * stride + d * (strip + 2) * stride);
        return outputs + planes;
    }

    /** Positions per strip of {@link #evaluate}: about 0.5 MB of planes for the default refinement priors. */
    private static final int STRIP_POSITIONS = 2048;

    /** The working planes of one strip: every layer's outputs, one plane per channel, in run coordinates. */
    private final class Planes {
        final float[][] shifted;
        final float[][] t;
        final float[][] g;
        final float[][] gOut;
        /** relu of a layer's input (g itself is an output, so it is not overwritten). */
        final float[][] act;
        final int[] rows = new int[Math.max(d, c)];
        final float[] weights = new float[rows.length];

        Planes(int length) {
            shifted = new float[d][length];
            t = new float[c][length];
            g = new float[c][length];
            gOut = new float[biasOut.length][length];
            act = new float[c][length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
        }

        /** The three layers over the first {@code run} positions of the strip whose padded planes are {@code x}. */
        void evaluate(float[][] x, int stride, int run) {
            fill(t, biasIn, run);
            int k = PriorWeights.COARSE_KERNEL;
            for (int tap = 0; tap < k * k; tap++) {
                int offset = stride + 1 + (tap / k - R) * stride + tap % k - R;
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
            layer(t, mid, biasMid, g, run);
            layer(g, out, biasOut, gOut, run);
        }

        /** {@code dst = bias + Σ w[i]·relu(src)[i]}, inputs ascending, over the run. */
        // (the inner loops are methods of their own, so the JIT compiles this one once: PriorCursor.ensureTrunk)
        private void layer(float[][] src, float[][] w, float[] bias, float[][] dst, int run) {
            for (int i = 0; i < c; i++) {
                relu(src[i], act[i], run);
            }
            fill(dst, bias, run);
            for (int o = 0; o < bias.length; o++) {
                column(w, o, weights, c);
                Axpy.accumulate(dst[o], run, act, rows, weights, c);
            }
        }

        private static void relu(float[] from, float[] to, int run) {
            for (int j = 0; j < run; j++) {
                float v = from[j];
                to[j] = v > 0f ? v : 0f;
            }
        }

        /** {@code into[i] = w[i][o]} for i in 0..c-1. */
        private static void column(float[][] w, int o, float[] into, int c) {
            for (int i = 0; i < c; i++) {
                into[i] = w[i][o];
            }
        }

        /** The channels of {@code planes} at run position {@code j}, as a new array. */
        float[] at(float[][] planes, int j) {
            float[] v = new float[planes.length];
            for (int o = 0; o < planes.length; o++) {
                v[o] = planes[o][j];
            }
            return v;
        }

        private void fill(float[][] planes, float[] bias, int run) {
            for (int o = 0; o < bias.length; o++) {
                java.util.Arrays.fill(planes[o], 0, run, bias[o]);
            }
        }
    }
}
