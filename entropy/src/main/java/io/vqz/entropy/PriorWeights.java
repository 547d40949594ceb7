package io.vqz.entropy;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The weights of the PixelCNN prior, in the {@code prior.bin} layout of {@code docs/FORMAT.md} appendix A: version
 * 1 for the base layer's prior, version 2 for a refinement layer's prior, which adds a coarse branch over the
 * summed codewords of the coarser layers ({@code D} channels, see {@link #coarseWidth()}); versions 3 and 4 are 1
 * and 2 with a two-level alphabet (since 0.8, {@link #groups()}).
 * <p>
 * Reading checks the sizes before allocating (see the {@code MAX_*} constants and {@link #MAX_FLOATS}), that
 * the masked taps are zero and that every weight is finite, so a {@link PixelCnnPrior} can be built from any
 * instance that {@link #read(InputStream)} returns.
 * <p>
 * Immutable and thread-safe (the arrays never leave this package).
 *
 * @since 0.1
 */
public final class PriorWeights {
    /** Leading bytes of {@code prior.bin}. */
    public static final String MAGIC = "VQZPRIOR";
    /**
     * The newest layout version this class reads and writes (1: no coarse branch, 2: with one; 3 and 4: 1 and 2
     * with a two-level alphabet).
     */
    public static final int VERSION = 4;
    /** Largest codebook size. */
    public static final int MAX_CODEBOOK = Cdf.MAX_SYMBOLS;
    /** Largest embedding width and hidden channel count. */
    public static final int MAX_WIDTH = 1024;
    /** Largest number of mask-B layers. */
    public static final int MAX_LAYERS = 64;
    /** Largest kernel size. */
    public static final int MAX_KERNEL = 15;
    /**
     * Largest number of floats the weights and the prior's precomputed tables may hold together (256 MiB);
     * guards against a header that asks for gigabytes.
     */
    public static final long MAX_FLOATS = 1L << 26;

    final int k;
    final int e;
    final int c;
    final int layers;
    final int ka;
    final int kb;
    final float[] embedding; // [K][E]
    final float[] convA; // [C][E][KA][KA]
    final float[] biasA; // [C]
    final float[][] convB; // L x [C][C][KB][KB]
    final float[][] biasB; // L x [C]
    final float[] out; // [K][C]
    final float[] biasOut; // [K]
    /** Coarse branch (version 2; d = 0 and empty arrays without it). */
    final int d;
    final float[] coarseIn; // [C][D][3][3]
    final float[] biasCoarseIn; // [C]
    final float[] coarseMid; // [C][C]
    final float[] biasCoarseMid; // [C]
    final float[] coarseOut; // [C][C]
    final float[] biasCoarseOut; // [C]
    /** The two-level alphabet, or null: one K-symbol table per position. */
    final GroupHead groups;

    private PriorWeights(PriorWeights w, GroupHead groups) {
        k = w.k;
        e = w.e;
        c = w.c;
        layers = w.layers;
        ka = w.ka;
        kb = w.kb;
        embedding = w.embedding;
        convA = w.convA;
        biasA = w.biasA;
        convB = w.convB;
        biasB = w.biasB;
        out = w.out;
        biasOut = w.biasOut;
        d = w.d;
        coarseIn = w.coarseIn;
        biasCoarseIn = w.biasCoarseIn;
        coarseMid = w.coarseMid;
        biasCoarseMid = w.biasCoarseMid;
        coarseOut = w.coarseOut;
        biasCoarseOut = w.biasCoarseOut;
        this.groups = groups;
    }

    private PriorWeights(int k, int e, int c, int layers, int ka, int kb, int d) {
        groups = null;
        this.k = k;
        this.e = e;
        this.c = c;
        this.layers = layers;
        this.ka = ka;
        this.kb = kb;
        embedding = new float[k * e];
        convA = new float[c * e * ka * ka];
        biasA = new float[c];
        convB = new float[layers][c * c * kb * kb];
        biasB = new float[layers][c];
        out = new float[k * c];
        biasOut = new float[k];
        this.d = d;
        int cc = d == 0 ? 0 : c;
        coarseIn = new float[cc * d * COARSE_KERNEL * COARSE_KERNEL];
        biasCoarseIn = new float[cc];
        coarseMid = new float[cc * cc];
        biasCoarseMid = new float[cc];
        coarseOut = new float[cc * cc];
        biasCoarseOut = new float[cc];
    }

    /** Kernel size of the coarse branch's first convolution. */
    static final int COARSE_KERNEL = 3;

    /**
     * Reads {@code prior.bin} from {@code in} (not closed; nothing after the weights is read).
     *
     * @param in the stream, positioned at the magic
     * @return the weights
     * @throws IOException on a read error, a truncated stream ({@link EOFException}), a wrong magic or
     *                     version, sizes out of range, a nonzero masked tap or a non-finite weight
     */
    public static PriorWeights read(InputStream in) throws IOException {
        ByteBuffer head = ByteBuffer.wrap(readFully(in, 12)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        head.get(magic);
        if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
            throw new IOException("not a prior.bin: bad magic");
        }
        int version = head.getInt();
        if (version < 1 || version > VERSION) {
            throw new IOException("unsupported prior.bin version " + Integer.toUnsignedString(version));
        }
        boolean refinement = version % 2 == 0;
        int fields = refinement ? 7 : 6;
        ByteBuffer rest = ByteBuffer.wrap(readFully(in, 4 * fields)).order(ByteOrder.LITTLE_ENDIAN);
        int[] f = new int[7];
        for (int i = 0; i < fields; i++) {
            f[i] = rest.getInt();
        }
        if (refinement) {
            check(f[6], 1, MAX_WIDTH, "D");
        }
        check(f[0], 1, MAX_CODEBOOK, "K");
        check(f[1], 1, MAX_WIDTH, "E");
        check(f[2], 1, MAX_WIDTH, "C");
        check(f[3], 0, MAX_LAYERS, "L");
        check(f[4], 1, MAX_KERNEL, "KA");
        check(f[5], 1, MAX_KERNEL, "KB");
        if (f[4] % 2 == 0 || f[5] % 2 == 0) {
            throw new IOException("prior.bin kernel sizes must be odd: " + f[4] + ", " + f[5]);
        }
        long floats = totalFloats(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        if (floats > MAX_FLOATS) {
            throw new IOException("prior.bin too large: " + floats + " floats, limit " + MAX_FLOATS);
        }
        PriorWeights w = new PriorWeights(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        readFloats(in, w.embedding);
        readFloats(in, w.convA);
        readFloats(in, w.biasA);
        for (int l = 0; l < w.layers; l++) {
            readFloats(in, w.convB[l]);
            readFloats(in, w.biasB[l]);
        }
        readFloats(in, w.out);
        readFloats(in, w.biasOut);
        for (float[] a : w.coarseArrays()) {
            readFloats(in, a);
        }
        w.validate();
        if (version <= 2) {
            return w;
        }
        GroupHead g = GroupHead.read(in, w.k, w.c);
        if (floats + g.floats(w.k, w.c) > MAX_FLOATS) {
            throw new IOException("prior.bin too large with its groups, limit " + MAX_FLOATS + " floats");
        }
        return new PriorWeights(w, g);
    }

    /**
     * These weights with a seeded random two-level alphabet of {@code groups} groups, for tests and benchmarks.
     *
     * @param groups the group count G, dividing K, 2 … K
     * @param seed   the seed
     * @return new weights sharing this instance's arrays
     * @throws IllegalArgumentException if {@code groups} does not divide K
     * @since 0.8
     */
    public PriorWeights withRandomGroups(int groups, long seed) {
        return new PriorWeights(this, GroupHead.random(k, c, groups, seed));
    }

    /**
     * The number of groups G of the two-level alphabet ({@code docs/FORMAT.md} 9.7): each code is coded as its
     * group and its member among {@code K / G}; 0 when codes are coded as one K-symbol table.
     *
     * @since 0.8
     */
    public int groups() {
        return groups == null ? 0 : groups.groups;
    }

    private float[][] coarseArrays() {
        return new float[][] {coarseIn, biasCoarseIn, coarseMid, biasCoarseMid, coarseOut, biasCoarseOut};
    }

    /**
     * Seeded random weights of the given shape, for tests and benchmarks: the same arguments give the same
     * weights on every platform. Scaled like PyTorch's default initialisation, with unit-variance embeddings.
     *
     * @param k      codebook size
     * @param e      embedding width
     * @param c      hidden channels
     * @param layers number of mask-B layers
     * @param ka     mask-A kernel size (odd)
     * @param kb     mask-B kernel size (odd)
     * @param seed   the seed
     * @return the weights
     */
    public static PriorWeights random(int k, int e, int c, int layers, int ka, int kb, long seed) {
        return random(k, e, c, layers, ka, kb, 0, seed);
    }

    /**
     * Seeded random weights as {@link #random(int, int, int, int, int, int, long)}, with a coarse branch over
     * {@code d} channels when {@code d > 0} (a refinement layer's prior).
     *
     * @param d    width of the coarse context (the codewords), 0 for none
     * @param seed the seed
     * @return the weights
     * @since 0.3
     */
    public static PriorWeights random(int k, int e, int c, int layers, int ka, int kb, int d, long seed) {
        if (d < 0 || d > MAX_WIDTH) {
            throw new IllegalArgumentException("D out of range: " + d);
        }
        int[] f = {k, e, c, layers, ka, kb};
        String[] names = {"K", "E", "C", "L", "KA", "KB"};
        int[] max = {MAX_CODEBOOK, MAX_WIDTH, MAX_WIDTH, MAX_LAYERS, MAX_KERNEL, MAX_KERNEL};
        for (int i = 0; i < 6; i++) {
            if (f[i] < (i == 3 ? 0 : 1) || f[i] > max[i]) {
                throw new IllegalArgumentException(names[i] + " out of range: " + f[i]);
            }
        }
        if (ka % 2 == 0 || kb % 2 == 0 || totalFloats(k, e, c, layers, ka, kb, d) > MAX_FLOATS) {
            throw new IllegalArgumentException("bad kernel sizes or too large");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        PriorWeights w = new PriorWeights(k, e, c, layers, ka, kb, d);
        fill(rnd, w.embedding, StrictMath.sqrt(3.0));
        double bA = 1.0 / StrictMath.sqrt(e * ka * ka);
        fill(rnd, w.convA, bA);
        fill(rnd, w.biasA, bA);
        mask(w.convA, c * e, ka, false);
        double bB = 1.0 / StrictMath.sqrt(c * kb * kb);
        for (int l = 0; l < layers; l++) {
            fill(rnd, w.convB[l], bB);
            fill(rnd, w.biasB[l], bB);
            mask(w.convB[l], c * c, kb, true);
        }
        double bO = 1.0 / StrictMath.sqrt(c);
        fill(rnd, w.out, bO);
        fill(rnd, w.biasOut, bO);
        if (d > 0) {
            double bIn = 1.0 / StrictMath.sqrt(d * COARSE_KERNEL * COARSE_KERNEL);
            fill(rnd, w.coarseIn, bIn);
            fill(rnd, w.biasCoarseIn, bIn);
            fill(rnd, w.coarseMid, bO);
            fill(rnd, w.biasCoarseMid, bO);
            fill(rnd, w.coarseOut, bO);
            fill(rnd, w.biasCoarseOut, bO);
        }
        return w;
    }

    /**
     * Writes these weights in the {@code prior.bin} layout; {@link #read(InputStream)} gives them back.
     *
     * @param out the stream (not closed)
     * @throws IOException on a write error
     */
    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(MAGIC.getBytes(StandardCharsets.ISO_8859_1));
        int version = (this.d == 0 ? 1 : 2) + (groups == null ? 0 : 2);
        int[] head = this.d == 0 ? new int[] {version, k, e, c, layers, ka, kb}
                : new int[] {version, k, e, c, layers, ka, kb, this.d};
        for (int v : head) {
            d.writeInt(Integer.reverseBytes(v));
        }
        writeFloats(d, embedding);
        writeFloats(d, convA);
        writeFloats(d, biasA);
        for (int l = 0; l < layers; l++) {
            writeFloats(d, convB[l]);
            writeFloats(d, biasB[l]);
        }
        writeFloats(d, this.out);
        writeFloats(d, biasOut);
        for (float[] a : coarseArrays()) {
            writeFloats(d, a);
        }
        if (groups != null) {
            groups.write(d);
        }
        d.flush();
    }

    /** Codebook size K: the number of symbols of every table. */
    public int codebookSize() {
        return k;
    }

    /** Embedding width E. */
    public int embeddingWidth() {
        return e;
    }

    /** Hidden channels C. */
    public int channels() {
        return c;
    }

    /** Number of residual mask-B layers L. */
    public int layers() {
        return layers;
    }

    /** Mask-A kernel size KA. */
    public int kernelA() {
        return ka;
    }

    /** Mask-B kernel size KB. */
    public int kernelB() {
        return kb;
    }

    /**
     * Width D of the coarse context a refinement prior takes at every position (the summed codewords of the
     * coarser layers), or 0 for a base-layer prior, which has no coarse branch.
     *
     * @since 0.3
     */
    public int coarseWidth() {
        return d;
    }

    @Override
    public String toString() {
        return "PriorWeights[K=" + k + ", E=" + e + ", C=" + c + ", L=" + layers + ", KA=" + ka + ", KB=" + kb
                + (d == 0 ? "" : ", D=" + d) + (groups == null ? "" : ", G=" + groups.groups) + "]";
    }

    /** Weights plus the prior's precomputed mask-A table ([taps][K][C]). */
    static long totalFloats(int k, int e, int c, int layers, int ka, int kb, int d) {
        long taps = (long) (ka / 2) * ka + ka / 2;
        long coarse = d == 0 ? 0 : (long) c * d * COARSE_KERNEL * COARSE_KERNEL + 2L * c * c + 3L * c;
        return (long) k * e + (long) c * e * ka * ka + c + (long) layers * ((long) c * c * kb * kb + c)
                + 2L * k * c + k + taps * k * c + coarse;
    }

    /** Whether tap (ky, kx) of a k×k kernel is used; mask B also keeps the centre. */
    static boolean tapUsed(int ky, int kx, int size, boolean maskB) {
        int r = size / 2;
        return ky < r || (ky == r && (kx < r || (maskB && kx == r)));
    }

    private void validate() throws IOException {
        checkMask(convA, c * e, ka, false, "convA");
        for (int l = 0; l < layers; l++) {
            checkMask(convB[l], c * c, kb, true, "convB[" + l + "]");
            finite(convB[l], "convB");
            finite(biasB[l], "convB bias");
        }
        finite(embedding, "embedding");
        finite(convA, "convA");
        finite(biasA, "convA bias");
        finite(out, "out");
        finite(biasOut, "out bias");
        for (float[] a : coarseArrays()) {
            finite(a, "coarse branch");
        }
    }

    private static void checkMask(float[] w, int planes, int size, boolean maskB, String name) throws IOException {
        for (int p = 0; p < planes; p++) {
            for (int ky = 0; ky < size; ky++) {
                for (int kx = 0; kx < size; kx++) {
                    if (!tapUsed(ky, kx, size, maskB) && w[(p * size + ky) * size + kx] != 0f) {
                        throw new IOException("prior.bin " + name + " has a nonzero masked tap");
                    }
                }
            }
        }
    }

    private static void mask(float[] w, int planes, int size, boolean maskB) {
        for (int p = 0; p < planes; p++) {
            for (int ky = 0; ky < size; ky++) {
                for (int kx = 0; kx < size; kx++) {
                    if (!tapUsed(ky, kx, size, maskB)) {
                        w[(p * size + ky) * size + kx] = 0f;
                    }
                }
            }
        }
    }

    static void finite(float[] w, String name) throws IOException {
        for (float v : w) {
            if (!Float.isFinite(v)) {
                throw new IOException("prior.bin " + name + " has a non-finite weight");
            }
        }
    }

    private static void fill(SplittableRandom rnd, float[] w, double bound) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
    }

    private static void check(int v, int min, int max, String name) throws IOException {
        if (v < min || v > max) {
            throw new IOException("prior.bin " + name + " out of range " + min + ".." + max + ": "
                    + Integer.toUnsignedString(v));
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("prior.bin truncated");
        }
        return b;
    }

    static int[] readInts(InputStream in, int n) throws IOException {
        int[] v = new int[n];
        ByteBuffer.wrap(readFully(in, n * 4)).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    static void readFloats(InputStream in, float[] dst) throws IOException {
        int chunk = 1 << 14;
        for (int off = 0; off < dst.length; off += chunk) {
            int n = Math.min(chunk, dst.length - off);
            ByteBuffer.wrap(readFully(in, n * 4)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off, n);
        }
    }

    static void writeFloats(DataOutputStream d, float[] src) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(src.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(src);
        d.write(b.array());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PriorWeights)) {
            return false;
        }
        PriorWeights w = (PriorWeights) o;
        return k == w.k && e == w.e && c == w.c && layers == w.layers && ka == w.ka && kb == w.kb && d == w.d
                && Arrays.deepEquals(coarseArrays(), w.coarseArrays())
                && Arrays.equals(embedding, w.embedding) && Arrays.equals(convA, w.convA)
                && Arrays.equals(biasA, w.biasA) && Arrays.deepEquals(convB, w.convB)
                && Arrays.deepEquals(biasB, w.biasB) && Arrays.equals(out, w.out)
                && Arrays.equals(biasOut, w.biasOut) && groupsEqual(groups, w.groups);
    }

    private static boolean groupsEqual(GroupHead a, GroupHead b) {
        return a == b || (a != null && b != null && Arrays.equals(a.order, b.order)
                && Arrays.equals(a.weight, b.weight) && Arrays.equals(a.bias, b.bias));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {k, e, c, layers, ka, kb}) * 31 + Arrays.hashCode(out);
    }
}
