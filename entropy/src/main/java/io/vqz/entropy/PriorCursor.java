package io.vqz.entropy;

/**
 * Raster-order evaluation of a {@link PixelCnnPrior} over one tile: {@link #cdf()} and {@link #logits()}
 * describe the code at ({@link #x()}, {@link #y()}) given the codes passed to {@link #advance(int)} so far.
 * <p>
 * Encoder and decoder run the same cursor: the encoder asks for the cost of codes ({@link #bits(int)}), chooses
 * one and {@link #write}s it, which advances; the decoder {@link #read}s a code, which advances. A code is one
 * symbol of {@link #cdf()}, or, for a prior with a two-level alphabet, a group and a member (FORMAT.md 9.7). The
 * network is evaluated for a position at most once, when first needed; a two-level prior's member rows only for
 * the groups asked about.
 * <p>
 * The arrays returned by {@link #cdf()} and {@link #logits()} belong to the cursor: they are valid until the
 * next {@link #advance(int)} and must not be modified.
 * <p>
 * Not thread-safe: one cursor per tile and thread. Memory: about {@code 2 · (KB/2 + 1) · L · width · C} ints and
 * floats, plus the {@code width · height} codes.
 *
 * @since 0.1
 */
public final class PriorCursor {
    private final PixelCnnPrior p;
    private final int width;
    private final int height;
    private final int[] codes;
    private final int rows;
    /**
     * Per layer, for the last KB/2 + 1 rows: the inputs relu(h) of each position as a list of its nonzero
     * channels (ascending) and their values, so later positions gather them without scanning zeros.
     */
    private final int[][] nzCount;
    private final int[][] nzIdx;
    private final float[][] nzVal;
    private final float[] h;
    private final float[] t;
    private final float[] logits;
    private final int[] cdf;
    private final long[] scratch;
    private final int[] rowList;
    private final float[] val;
    /** Two-level alphabet: the group table, and member tables of the groups computed at this position. */
    private final int[] groupCdf;
    private final int[][] memberCdf;
    private final int[] memberStamp;
    private final float[] groupLogits;
    private final float[] memberLogits;
    private boolean groupDone;
    private int stamp;
    private int inputs;
    private int x;
    private int y;
    private boolean trunkDone;
    private boolean tableDone;
    /** The coarse branch's outputs at every position ([0]: after mask A, [1]: before the output), or null. */
    private final float[][] coarseA;
    private final float[][] coarseOut;
    /**
     * The native kernel's state of this cursor (PriorKernel), held so its address stays valid, and given back when
     * the last position is advanced over; null and 0: the Java path.
     */
    private java.nio.ByteBuffer kernelState;
    private long kernel;
    private final java.nio.IntBuffer kernelCodes;

    /** {@code context}: a refinement prior's coarse context (PixelCnnPrior.cursor checks it), else null. */
    PriorCursor(PixelCnnPrior prior, int width, int height, float[] context) {
        if (width < 0 || height < 0 || (long) width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad tile size " + width + "x" + height);
        }
        p = prior;
        this.width = width;
        this.height = height;
        codes = new int[width * height];
        rows = p.radiusB + 1;
        int c = p.c;
        kernelState = p.kernel == 0 ? null : PriorKernel.cursor(p, width, height);
        kernel = kernelState == null ? 0 : PriorKernel.address(kernelState);
        boolean coarseDone = false;
        if (kernel != 0 && context != null) {
            coarseDone = PriorKernel.coarse(p.kernel, kernel, context);
            if (!coarseDone) {
                PriorKernel.release(kernelState);
                kernelState = null;
                kernel = 0;
            }
        }
        kernelCodes = kernelState == null ? null : kernelState.asIntBuffer();
        // the kernel keeps its row caches in its own buffer
        int cache = kernel == 0 ? rows * width : 0;
        nzCount = new int[p.layers][cache];
        nzIdx = new int[p.layers][cache * c];
        nzVal = new float[p.layers][cache * c];
        h = new float[c];
        t = new float[c];
        logits = new float[p.k];
        cdf = new int[p.k + 1];
        scratch = new long[p.k];
        groupCdf = new int[p.groups + 1];
        memberCdf = new int[p.groups][p.members + 1];
        memberStamp = new int[p.groups];
        groupLogits = new float[p.groups];
        memberLogits = new float[p.members];
        int n = Math.max(Math.max(p.dyB.length * c, c), p.dyA.length);
        rowList = new int[n + 1];
        val = new float[n + 1];
        float[][][] coarse = null;
        if (context != null && !coarseDone) {
            coarse = p.coarse.evaluate(context, width, height);
        }
        coarseA = coarse == null ? null : coarse[0];
        coarseOut = coarse == null ? null : coarse[1];
    }

    /** Whether a position remains: false once every position was advanced over (at once for empty tiles). */
    public boolean hasNext() {
        return y < height && width > 0;
    }

    /** Column of the current position. */
    public int x() {
        return x;
    }

    /** Row of the current position; equals {@link #height()} at the end. */
    public int y() {
        return y;
    }

    /** Tile width. */
    public int width() {
        return width;
    }

    /** Tile height. */
    public int height() {
        return height;
    }

    /**
     * The logits of the K codes at the current position.
     *
     * @return K floats, owned by the cursor
     * @throws IllegalStateException if no position remains
     */
    public float[] logits() {
        ensureTable();
        return logits;
    }

    /**
     * The integer CDF (total {@link Cdf#TOTAL}) of the code at the current position, built from
     * {@link #logits()} by {@link Cdf#fromLogits(float[])}: the table a prior without groups codes it with.
     *
     * @return K + 1 entries, owned by the cursor
     * @throws IllegalStateException if no position remains, or the prior codes a group and a member
     */
    public int[] cdf() {
        if (p.groups > 0) {
            throw new IllegalStateException("a two-level prior codes a group and a member: use read, write, bits");
        }
        ensureTable();
        return cdf;
    }

    /**
     * The ideal code length of {@code code} at the current position under the tables the range coder uses:
     * {@code -log2(freq / 2^16)}, summed over the group and the member for a two-level prior.
     *
     * @param code a code in {@code [0, K)}
     * @return bits
     */
    public double bits(int code) {
        checkCode(code);
        if (p.groups == 0) {
            int[] t = cdf();
            return Cdf.cost(t[code + 1] - t[code]);
        }
        int g = p.groupOf[code];
        int m = p.memberOf[code];
        int[] gt = groupCdf();
        int[] mt = memberCdf(g);
        return Cdf.cost(gt[g + 1] - gt[g]) + Cdf.cost(mt[m + 1] - mt[m]);
    }

    /**
     * A lower bound of {@link #bits(int)} that needs only the group table: the group's code length for a two-level
     * prior (the member's is not negative), 0 for a prior without groups. An encoder's choice among many codes can
     * rank them by it before it computes the member tables of a few.
     *
     * @param code a code in {@code [0, K)}
     * @return bits
     * @since 0.9
     */
    public double groupBits(int code) {
        checkCode(code);
        if (p.groups == 0) {
            return 0;
        }
        int g = p.groupOf[code];
        int[] gt = groupCdf();
        return Cdf.cost(gt[g + 1] - gt[g]);
    }

    /**
     * Range-codes {@code code} at the current position and moves to the next one, as {@link #read} decodes it.
     *
     * @param enc  the tile's encoder
     * @param code the code, in {@code [0, K)}
     * @throws IllegalStateException if no position remains
     * @since 0.8
     */
    public void write(RangeEncoder enc, int code) {
        checkCode(code);
        if (p.groups == 0) {
            int[] t = cdf();
            enc.encode(t[code], t[code + 1] - t[code]);
        } else {
            int g = p.groupOf[code];
            int m = p.memberOf[code];
            int[] gt = groupCdf();
            enc.encode(gt[g], gt[g + 1] - gt[g]);
            int[] mt = memberCdf(g);
            enc.encode(mt[m], mt[m + 1] - mt[m]);
        }
        advance(code);
    }

    /**
     * Range-codes every position of a fresh cursor's tile, as {@link #write} would one after another: where the
     * native kernel runs, in one call for the whole tile, as a coder whose codes are chosen before it (no choice
     * asks the prior between positions) can.
     *
     * @param codes the tile's {@code width · height} codes, each checked to be in {@code [0, K)}
     * @throws IllegalStateException if a position was advanced over already
     */
    void writeAll(RangeEncoder enc, int[] codes) {
        if (x != 0 || y != 0 || trunkDone) {
            throw new IllegalStateException("the cursor has moved");
        }
        for (int code : codes) {
            checkCode(code);
        }
        int n = width * height;
        if (kernel != 0 && n > 0) {
            int per = p.groups == 0 ? 1 : 2;
            int[] symbols = new int[per * n];
            for (int i = 0; i < n; i++) {
                if (per == 1) {
                    symbols[i] = codes[i];
                } else {
                    symbols[2 * i] = p.groupOf[codes[i]];
                    symbols[2 * i + 1] = p.memberOf[codes[i]];
                }
            }
            int[] intervals = new int[2 * symbols.length];
            if (PriorKernel.intervals(p.kernel, kernel, codes, symbols, intervals)) {
                for (int i = 0; i < intervals.length; i += 2) {
                    enc.encode(intervals[i], intervals[i + 1]);
                }
                System.arraycopy(codes, 0, this.codes, 0, n);
                x = 0;
                y = height;
                PriorKernel.release(kernelState);
                kernelState = null;
                kernel = 0;
                return;
            }
        }
        for (int code : codes) {
            write(enc, code);
        }
    }

    /**
     * Decodes the code at the current position and moves to the next one.
     *
     * @param dec the tile's decoder
     * @return the code, in {@code [0, K)}
     * @throws EntropyDecodingException if the payload ended early or is not a valid stream
     * @throws IllegalStateException    if no position remains
     * @since 0.8
     */
    public int read(RangeDecoder dec) throws EntropyDecodingException {
        int code;
        if (p.groups == 0) {
            code = dec.decode(cdf());
        } else {
            int g = dec.decode(groupCdf());
            code = p.order[g * p.members + dec.decode(memberCdf(g))];
        }
        advance(code);
        return code;
    }

    /** FORMAT.md 9.7: the group's table from the group head's rows over the output layer's inputs. */
    private int[] groupCdf() {
        if (!groupDone) {
            ensureTrunk();
            table(PriorKernel.GROUPS_OUT, 0, p.biasGroup, p.wGroup, p.groups, groupLogits, groupCdf);
            stamp++;
            groupDone = true;
        }
        return groupCdf;
    }

    /** FORMAT.md 9.7: the member's table from the output rows of group g's codes; call after groupCdf(). */
    private int[] memberCdf(int g) {
        int[] t = memberCdf[g];
        if (memberStamp[g] != stamp) {
            table(PriorKernel.MEMBERS_OUT, g, p.biasMember[g], p.wMember[g], p.members, memberLogits, t);
            memberStamp[g] = stamp;
        }
        return t;
    }

    /**
     * Fixes the code at the current position and moves to the next one in raster order.
     *
     * @param code the code, in {@code [0, K)}
     * @throws IllegalStateException if no position remains
     */
    public void advance(int code) {
        checkCode(code);
        ensureTrunk();
        codes[y * width + x] = code;
        if (kernel != 0) {
            kernelCodes.put(kernelCodes.get(PriorKernel.CODES) + y * width + x, code);
        }
        trunkDone = false;
        tableDone = false;
        groupDone = false;
        if (++x == width) {
            x = 0;
            y++;
            if (y == height && kernel != 0) {
                PriorKernel.release(kernelState);
                kernelState = null;
                kernel = 0;
            }
        }
    }

    private void checkCode(int code) {
        if (code < 0 || code >= p.k) {
            throw new IllegalArgumentException("code " + code + " outside 0.." + (p.k - 1));
        }
    }

    /** FORMAT.md 9.3 and 9.4: the output layer's logits at the current position and their table. */
    private void ensureTable() {
        if (tableDone) {
            return;
        }
        ensureTrunk();
        table(PriorKernel.CODES_OUT, 0, p.biasOut, p.wOut, p.k, logits, cdf);
        tableDone = true;
    }

    /**
     * FORMAT.md 9.3 and 9.4: an output layer's n logits, {@code bias + w · relu(h)} over the inputs gathered, and
     * their table. The one home of this step for the three kinds of table (codes, groups, members): the JIT compiles
     * it once, where each caller held its own inlined copy of the sums and the table rule (0.1 s of a cold decode's
     * compiler time).
     */
    private void table(int which, int g, float[] bias, float[][] w, int n, float[] out, int[] into) {
        if (kernel != 0) {
            PriorKernel.output(p.kernel, kernel, which, g, out, into);
            return;
        }
        if (which != PriorKernel.MEMBERS_OUT) {
            inputs = gather(h, 0, 0, 0);
        }
        System.arraycopy(bias, 0, out, 0, n);
        Axpy.accumulate(out, n, w, rowList, val, inputs);
        Cdf.fromLogits(out, n, into, scratch);
    }

    /**
     * FORMAT.md 9.3: runs mask A and the mask-B layers at the current position; leaves relu(h) in h. Its loops are
     * methods of their own: the JIT then compiles each small one early and this one once, where loops inside it
     * made it compile again from every loop it entered hot (five times at the start of a Kodak decode, 0.4 s of the
     * compiler's time); the arithmetic and its order are the same.
     */
    private void ensureTrunk() {
        if (trunkDone) {
            return;
        }
        if (!hasNext()) {
            throw new IllegalStateException("no position left");
        }
        if (kernel != 0) {
            PriorKernel.trunk(p.kernel, kernel, x, y);
            trunkDone = true;
            return;
        }
        int c = p.c;
        float[] hh = h;
        System.arraycopy(p.biasA, 0, hh, 0, c);
        Axpy.add(hh, c, p.tableA, rowList, maskARows());
        if (coarseA != null) {
            addTo(hh, coarseA[y * width + x], c);
        }
        for (int l = 0; l < p.layers; l++) {
            int here = (y % rows) * width + x;
            nzCount[l][here] = nonzeroRelu(hh, c, nzIdx[l], nzVal[l], here * c);
            int n = maskBInputs(l, c);
            System.arraycopy(p.biasB[l], 0, t, 0, c);
            Axpy.accumulate(t, c, p.wB[l], rowList, val, n);
            addTo(hh, t, c);
        }
        if (coarseOut != null) {
            addTo(hh, coarseOut[y * width + x], c);
        }
        relu(hh, c);
        trunkDone = true;
    }

    /** Lists the rows of mask A's table that the decoded neighbours select: {@code rowList[0..m)}; returns m. */
    private int maskARows() {
        int m = 0;
        for (int i = 0; i < p.dyA.length; i++) {
            int yy = y + p.dyA[i];
            int xx = x + p.dxA[i];
            if (yy >= 0 && xx >= 0 && xx < width) {
                rowList[m++] = i * p.k + codes[yy * width + xx];
            }
        }
        return m;
    }

    /**
     * Stores the nonzero entries of relu(h) as indices and values from {@code base}; returns how many. Branch-free:
     * about half the inputs are zero after relu, in no predictable pattern.
     */
    private static int nonzeroRelu(float[] h, int c, int[] idx, float[] vals, int base) {
        int nz = 0;
        for (int o = 0; o < c; o++) {
            float v = h[o];
            v = v > 0f ? v : 0f;
            idx[base + nz] = o;
            vals[base + nz] = v;
            nz += v != 0f ? 1 : 0;
        }
        return nz;
    }

    /** Lists mask-B layer l's inputs at the current position, its neighbours' nonzero ones; returns how many. */
    private int maskBInputs(int l, int c) {
        int[] count = nzCount[l];
        int[] idx = nzIdx[l];
        float[] vals = nzVal[l];
        int n = 0;
        for (int i = 0; i < p.dyB.length; i++) {
            int yy = y + p.dyB[i];
            int xx = x + p.dxB[i];
            if (yy >= 0 && xx >= 0 && xx < width) {
                int at = (yy % rows) * width + xx;
                int cnt = count[at];
                listRows(idx, at * c, i * c, cnt, n);
                System.arraycopy(vals, at * c, val, n, cnt);
                n += cnt;
            }
        }
        return n;
    }

    /** {@code rowList[n + j] = rowBase + idx[from + j]} for j in 0..cnt-1. */
    private void listRows(int[] idx, int from, int rowBase, int cnt, int n) {
        int[] list = rowList;
        for (int j = 0; j < cnt; j++) {
            list[n + j] = rowBase + idx[from + j];
        }
    }

    /** {@code h[o] = h[o] + g[o]} for o in 0..c-1. */
    private static void addTo(float[] h, float[] g, int c) {
        for (int o = 0; o < c; o++) {
            h[o] = h[o] + g[o];
        }
    }

    private static void relu(float[] h, int c) {
        for (int o = 0; o < c; o++) {
            float v = h[o];
            h[o] = v > 0f ? v : 0f;
        }
    }

    /** Appends the nonzero inputs {@code src[from + i]} with the indices {@code rowBase + i} of their weight rows. */
    // used for the output layer, whose input is read once
    private int gather(float[] src, int from, int rowBase, int n) {
        for (int i = 0; i < p.c; i++) {
            float v = src[from + i];
            // branch-free: about half the inputs are zero after relu, in no predictable pattern
            rowList[n] = rowBase + i;
            val[n] = v;
            n += v != 0f ? 1 : 0;
        }
        return n;
    }
}
