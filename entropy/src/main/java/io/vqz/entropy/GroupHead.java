package io.vqz.entropy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * The two-level alphabet of a prior ({@code docs/FORMAT.md} 9.7): the K codes split into G groups of
 * M = K / G, each code sent as its group and then its member. The group's probability comes from this head
 * (G output rows over the features the prior's output layer reads); the member's from the prior's own output
 * rows of that group's codes. A decoder so evaluates G + M rows and two small CDFs per position instead of K
 * rows and a K-symbol CDF.
 * <p>
 * Immutable once read; thread-safe.
 *
 * @since 0.8
 */
final class GroupHead {
    /** Group count G; M = K / G. */
    final int groups;
    final int members;
    /** The codes group by group: group g's member m is {@code order[g·M + m]}. */
    final int[] order;
    /** [G][C] row-major. */
    final float[] weight;
    final float[] bias;

    private GroupHead(int groups, int members, int[] order, float[] weight, float[] bias) {
        this.groups = groups;
        this.members = members;
        this.order = order;
        this.weight = weight;
        this.bias = bias;
    }

    /** Reads the section that follows a prior's other weights (versions 3 and 4 of {@code prior.bin}). */
    static GroupHead read(InputStream in, int k, int c) throws IOException {
        int g = PriorWeights.readInts(in, 1)[0];
        if (g < 2 || g > k || k % g != 0) {
            throw new IOException("prior.bin group count " + Integer.toUnsignedString(g) + " does not divide K = "
                    + k + " into groups of at least one code");
        }
        int[] order = PriorWeights.readInts(in, k);
        boolean[] seen = new boolean[k];
        for (int code : order) {
            if (code < 0 || code >= k || seen[code]) {
                throw new IOException("prior.bin group order is not a permutation of the " + k + " codes");
            }
            seen[code] = true;
        }
        float[] weight = new float[g * c];
        float[] bias = new float[g];
        PriorWeights.readFloats(in, weight);
        PriorWeights.readFloats(in, bias);
        PriorWeights.finite(weight, "group weight");
        PriorWeights.finite(bias, "group bias");
        return new GroupHead(g, k / g, order, weight, bias);
    }

    void write(DataOutputStream d) throws IOException {
        d.writeInt(Integer.reverseBytes(groups));
        for (int code : order) {
            d.writeInt(Integer.reverseBytes(code));
        }
        PriorWeights.writeFloats(d, weight);
        PriorWeights.writeFloats(d, bias);
    }

    /** A seeded random head: a shuffled order and weights of the output layer's scale. */
    static GroupHead random(int k, int c, int groups, long seed) {
        if (groups < 2 || groups > k || k % groups != 0) {
            throw new IllegalArgumentException(groups + " groups do not divide K = " + k);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        for (int i = k - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] weight = new float[groups * c];
        float[] bias = new float[groups];
        double bound = 1.0 / StrictMath.sqrt(c);
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        for (int i = 0; i < groups; i++) {
            bias[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return new GroupHead(groups, k / groups, order, weight, bias);
    }

    /** Floats held: the head and the prior's output rows regrouped by {@link PixelCnnPrior}. */
    long floats(int k, int c) {
        return (long) groups * (c + 1) + (long) k * (c + 1);
    }
}
