package io.vqz.entropy;

/**
 * The PixelCNN prior of {@code docs/DESIGN.md} in plain Java: for each position of a code tile, in raster
 * order, the logits and the integer CDF of the next code given the codes before it.
 * <p>
 * Evaluation is incremental ({@link #cursor(int, int)}): each position costs one position's worth of every
 * layer, reading the activations of earlier positions from small per-cursor row caches. The arithmetic is a
 * fixed sequence of separate float multiplies and adds per output value (no fused multiply-add, no
 * reduction whose order depends on threads or vectorisation), so every JVM on every platform computes the
 * same bits. Compared with the PyTorch reference ({@code training/vqz_model.py}) the logits differ only by
 * float rounding. Concretely, for one position:
 * <ol>
 * <li>mask A: {@code h[c] = biasA[c]}, then for every unmasked tap in raster order whose position lies in
 * the tile, {@code h[c] += TA[tap][code][c]}, where {@code TA[tap][k][c]} is {@code sum over e ascending of
 * convA[c][e][tap] * embedding[k][e]}, precomputed;</li>
 * <li>each mask-B layer: {@code t[c] = biasB[c]}, then for every unmasked tap in raster order inside the tile
 * and every input channel {@code i} ascending with {@code a = relu(h)[i] != 0}: {@code t[c] += w[c][i][tap] * a};
 * then {@code h[c] = h[c] + t[c]};</li>
 * <li>output: {@code logit[k] = bias[k]}, then for every channel {@code i} ascending with
 * {@code a = relu(h)[i] != 0}: {@code logit[k] += out[k][i] * a}.</li>
 * </ol>
 * Skipped terms are exact zeros, and positions outside the tile are the zero padding of training: a tile is
 * coded as if it were the whole image.
 * <p>
 * A prior with a two-level alphabet ({@link #groups()}, {@code docs/FORMAT.md} 9.7) codes each code as its group
 * and then its member: output rows of the G groups, then of the M members of the decoded group, each turned into
 * a CDF by the same rule.
 * <p>
 * Memory: the weights plus the mask-A table of {@code (KA/2·KA + KA/2)·K·C} floats (1.5 MiB for the default
 * model), bounded by {@link PriorWeights#MAX_FLOATS}.
 * <p>
 * Immutable and thread-safe; {@link PriorCursor}s are not, use one per tile and thread.
 *
 * @since 0.1
 */
public final class PixelCnnPrior {
    final int k;
    final int c;
    final int layers;
    /** Mask-A taps in raster order: offsets and the precomputed [tap][K][C] table. */
    final int[] dyA;
    final int[] dxA;
    /** Row [tap·K + code] holds TA[tap][code][0..C). */
    final float[][] tableA;
    final float[] biasA;
    /** Mask-B taps in raster order; weights [layer][tap·C + in] = row over the output channels. */
    final int[] dyB;
    final int[] dxB;
    final int radiusB;
    final float[][][] wB;
    final float[][] biasB;
    /** Output weights [in] = row over the K codes. */
    final float[][] wOut;
    final float[] biasOut;
    /** The coarse branch of a refinement prior, or null. */
    final CoarseBranch coarse;
    /** The two-level alphabet (FORMAT.md 9.7): G groups of M codes; 0 and null for one K-symbol table. */
    final int groups;
    final int members;
    final int[] order;
    /** Code k is member {@code memberOf[k]} of group {@code groupOf[k]}. */
    final int[] groupOf;
    final int[] memberOf;
    /** The group head, [in] = row over the G groups. */
    final float[][] wGroup;
    final float[] biasGroup;
    /** The output rows of group g's codes in member order: [g][in] = row over its M members. */
    final float[][][] wMember;
    final float[][] biasMember;
    private final PriorWeights weights;
    /** The weights laid out for {@link PriorKernel}, held so its address stays valid; null: the Java path. */
    private final java.nio.ByteBuffer kernelWeights;
    final long kernel;

    /**
     * Prepares the prior (precomputes the mask-A table and transposes the weights).
     *
     * @param weights the weights, for example from {@link PriorWeights#read(java.io.InputStream)}
     */
    public PixelCnnPrior(PriorWeights weights) {
        this(weights, PriorKernel.LOADED);
    }

    /** With {@code useKernel} false, the plain-Java path even where the native kernel is loaded (its reference). */
    PixelCnnPrior(PriorWeights weights, boolean useKernel) {
        this.weights = weights;
        k = weights.k;
        c = weights.c;
        layers = weights.layers;
        int kb = weights.kb;
        int[][] a = taps(weights.ka, false);
        dyA = a[0];
        dxA = a[1];
        // the constructor's loops each live in a method of their own: the JIT compiles small methods once, where
        // one long constructor was compiled on-stack-replaced, at the cost of 0.1 s of a cold start's compiler time
        tableA = maskATable(weights, dyA, dxA);
        biasA = weights.biasA.clone();
        int[][] b = taps(kb, true);
        dyB = b[0];
        dxB = b[1];
        radiusB = kb / 2;
        wB = new float[layers][][];
        biasB = new float[layers][];
        for (int l = 0; l < layers; l++) {
            wB[l] = maskBRows(weights.convB[l], dyB, dxB, c, kb);
            biasB[l] = weights.biasB[l].clone();
        }
        wOut = transpose(weights.out, k, c);
        biasOut = weights.biasOut.clone();
        coarse = weights.d == 0 ? null : new CoarseBranch(weights);
        GroupHead head = weights.groups;
        groups = head == null ? 0 : head.groups;
        members = head == null ? 0 : head.members;
        order = head == null ? null : head.order;
        groupOf = new int[head == null ? 0 : k];
        memberOf = new int[groupOf.length];
        wGroup = head == null ? new float[0][0] : transpose(head.weight, groups, c);
        biasGroup = head == null ? null : head.bias.clone();
        wMember = new float[groups][][];
        biasMember = new float[groups][members];
        for (int g = 0; g < groups; g++) {
            for (int m = 0; m < members; m++) {
                int code = order[g * members + m];
                groupOf[code] = g;
                memberOf[code] = m;
                biasMember[g][m] = biasOut[code];
            }
            wMember[g] = columns(wOut, order, g * members, members);
        }
        kernelWeights = useKernel && PriorKernel.LOADED ? PriorKernel.prior(this) : null;
        kernel = kernelWeights == null ? 0 : PriorKernel.address(kernelWeights);
    }

    /**
     * TA[tap][code][o] = sum over i ascending of convA[o][i][tap] · embedding[code][i], as axpy passes over o: row
     * {@code tap·K + code}.
     */
    private static float[][] maskATable(PriorWeights weights, int[] dy, int[] dx) {
        int k = weights.k;
        int c = weights.c;
        int e = weights.e;
        int ka = weights.ka;
        float[][] table = new float[dy.length * k][c];
        float[][] tapWeights = new float[e][];
        int[] inputs = new int[e];
        for (int i = 0; i < e; i++) {
            inputs[i] = i;
        }
        float[] emb = new float[e];
        for (int t = 0; t < dy.length; t++) {
            int tap = (dy[t] + ka / 2) * ka + dx[t] + ka / 2;
            for (int i = 0; i < e; i++) {
                tapWeights[i] = strided(weights.convA, i * ka * ka + tap, e * ka * ka, c);
            }
            for (int code = 0; code < k; code++) {
                System.arraycopy(weights.embedding, code * e, emb, 0, e);
                Axpy.accumulate(table[t * k + code], c, tapWeights, inputs, emb, e);
            }
        }
        return table;
    }

    /** A mask-B layer's weights [out][in][ky][kx] as rows [tap·C + in] over the output channels. */
    private static float[][] maskBRows(float[] conv, int[] dy, int[] dx, int c, int kb) {
        float[][] rows = new float[dy.length * c][];
        for (int t = 0; t < dy.length; t++) {
            int tap = (dy[t] + kb / 2) * kb + dx[t] + kb / 2;
            for (int i = 0; i < c; i++) {
                rows[t * c + i] = strided(conv, i * kb * kb + tap, c * kb * kb, c);
            }
        }
        return rows;
    }

    /** {@code n} values of {@code src} from {@code offset} on, {@code stride} apart. */
    private static float[] strided(float[] src, int offset, int stride, int n) {
        float[] row = new float[n];
        for (int o = 0; o < n; o++) {
            row[o] = src[offset + o * stride];
        }
        return row;
    }

    /** A row-major {@code rows × cols} matrix as {@code cols} rows of {@code rows} values. */
    static float[][] transpose(float[] src, int rows, int cols) {
        float[][] t = new float[cols][];
        for (int i = 0; i < cols; i++) {
            t[i] = strided(src, i, cols, rows);
        }
        return t;
    }

    /** Columns {@code order[from..from+n)} of every row of {@code w}. */
    private static float[][] columns(float[][] w, int[] order, int from, int n) {
        float[][] picked = new float[w.length][n];
        for (int i = 0; i < w.length; i++) {
            for (int m = 0; m < n; m++) {
                picked[i][m] = w[i][order[from + m]];
            }
        }
        return picked;
    }

    /**
     * The number of groups of the two-level alphabet ({@code docs/FORMAT.md} 9.7), or 0 when each code is coded
     * as one symbol of a K-symbol table.
     *
     * @since 0.8
     */
    public int groups() {
        return groups;
    }

    /**
     * Starts a raster-order evaluation of a {@code width × height} tile.
     *
     * @param width  tile width in code positions, at least 0
     * @param height tile height in code positions, at least 0
     * @return a new cursor at position (0, 0)
     */
    public PriorCursor cursor(int width, int height) {
        return cursor(width, height, null);
    }

    /**
     * Starts a raster-order evaluation of a {@code width × height} tile of a refinement layer, whose probabilities
     * also depend on the coarser layers: {@code context} holds, at every position of the tile, the sum of the
     * codewords the coarser layers chose there ({@link #coarseWidth()} values per position, position-major). The
     * coarse branch is evaluated for the whole tile here, before the first position.
     *
     * @param width   tile width in code positions, at least 0
     * @param height  tile height in code positions, at least 0
     * @param context {@code width·height·D} floats; {@code null} exactly when {@link #coarseWidth()} is 0
     * @return a new cursor at position (0, 0)
     * @throws IllegalArgumentException if {@code context} is missing, superfluous or of the wrong length
     * @since 0.3
     */
    public PriorCursor cursor(int width, int height, float[] context) {
        TileCoder.checkSize(width, height);
        if ((coarse == null) != (context == null)) {
            throw new IllegalArgumentException(coarse == null ? "a base-layer prior takes no coarse context"
                    : "a refinement prior needs the coarse context");
        }
        if (context != null) {
            coarse.check(context, width, height);
        }
        return new PriorCursor(this, width, height, context);
    }

    /**
     * Upper bound of the memory that coding a {@code width × height} tile with this prior holds at once (Java heap,
     * or direct memory where the native kernel runs): the cursor's codes and row caches, the decoded codes and,
     * for a refinement prior, the coarse branch's outputs at every position. A decoder adds it, per tile it decodes in parallel, to what it checks against its memory
     * budget: a file may declare tiles as large as its grid.
     *
     * @param width  tile width in code positions
     * @param height tile height in code positions
     * @return bytes
     * @since 0.7
     */
    public long tileBytes(int width, int height) {
        long n = (long) width * height;
        long cursor = 8 * n + (long) layers * (radiusB + 1) * width * (4 + 8L * c) + 16L * (k + c);
        // the native kernel's buffer holds the same, and a copy of the context
        long kernelContext = coarse == null ? 0 : 4L * n * coarse.width();
        return cursor + 16L * (groups + members) + (coarse == null ? 0 : coarse.bytes(width, height) + kernelContext);
    }

    /**
     * Width D of the coarse context per position: the codeword width for a refinement layer's prior, 0 for the
     * base layer's.
     *
     * @since 0.3
     */
    public int coarseWidth() {
        return coarse == null ? 0 : coarse.width();
    }

    /** Codebook size K: tables have {@code K + 1} entries. */
    public int codebookSize() {
        return k;
    }

    /** The weights this prior was built from. */
    public PriorWeights weights() {
        return weights;
    }

    @Override
    public String toString() {
        return "PixelCnnPrior[" + weights + "]";
    }

    /** Offsets (dy, dx) of the unmasked taps of a size×size kernel, in raster order. */
    private static int[][] taps(int size, boolean maskB) {
        int r = size / 2;
        int n = 0;
        int[] dy = new int[size * size];
        int[] dx = new int[size * size];
        for (int ky = 0; ky < size; ky++) {
            for (int kx = 0; kx < size; kx++) {
                if (PriorWeights.tapUsed(ky, kx, size, maskB)) {
                    dy[n] = ky - r;
                    dx[n] = kx - r;
                    n++;
                }
            }
        }
        return new int[][] {java.util.Arrays.copyOf(dy, n), java.util.Arrays.copyOf(dx, n)};
    }
}
