package io.vqz.codec;

import io.vqz.entropy.NativeLibrary;

/**
 * The fastest level's codebook search ({@link Order0Choice}): each latent's nearest codeword, and its choice among
 * its nearest under a rate term (a second pass, only where another codeword is within reach), by the squared
 * distance less the latent's own squared norm, {@code |w|² − 2 z·w} (the same order and differences; a multiply and
 * an add per term where the distance takes three operations). Two
 * paths with the same results: the plain-Java reference here, and a native kernel ({@code src/main/c/vqz_codebook.c},
 * the same float operations in the same order, four latents per pass over the codebook with their sums in
 * registers, where Java passes over memory once per dimension); CodebookKernelTest compares them. Shipped for Linux
 * on x86-64; elsewhere, where the library cannot be loaded, or with {@code -Dvqz.codebook.native=false}, the Java
 * path runs, silently.
 * <p>
 * Stateless and thread-safe.
 */
final class CodebookKernel {
    /** Whether the native kernel is loaded and used. */
    static final boolean LOADED = NativeLibrary.load(CodebookKernel.class, "libvqzcodebook.so",
            "vqz.codebook.native");

    private CodebookKernel() {
    }

    /** Each latent's nearest codeword and what a choice around it needs. */
    static final class Nearest {
        /** The nearest codeword (the first on a tie). */
        final int[] code;
        /** Its squared distance less the latent's squared norm. */
        final float[] dist;
        /** The least such distance of the other codewords (equal to {@link #dist} on a tie). */
        final float[] second;

        Nearest(int n) {
            code = new int[n];
            dist = new float[n];
            second = new float[n];
        }
    }

    /** The nearest codeword of each of the {@code n} latents {@code z} (D floats each). */
    static Nearest nearest(Codebook book, float[] z, int n, boolean useNative) {
        Nearest out = new Nearest(n);
        float[] rows = book.searchRows();
        float[] norms = book.norms();
        int size = book.size;
        int dim = book.dimension;
        if (useNative && LOADED && moderate(z, n * dim)) {
            nearest(z, n, dim, rows, norms, size, new float[4 * size], out.code, out.dist, out.second);
            return out;
        }
        float[] dist = new float[size];
        for (int p = 0; p < n; p++) {
            distances(z, p, dim, rows, norms, size, dist);
            int best = 0;
            for (int k = 1; k < size; k++) {
                best = dist[k] < dist[best] ? k : best;
            }
            float second = Float.POSITIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                second = k != best && dist[k] < second ? dist[k] : second;
            }
            out.code[p] = best;
            out.dist[p] = dist[best];
            out.second[p] = second;
        }
        return out;
    }

    /**
     * The code of each of the {@code n} latents {@code z} whose nearest codewords are {@code near}: among its
     * {@code keep} nearest codewords (by distance, then index) the one of the lowest
     * {@code dist · scale + weight · bits[code]}, then the lower distance, then the lower code, dist being the
     * squared distance less {@code |z|²}. Only the codewords within {@code weight · (bits[nearest] − min(bits)) /
     * scale} of the nearest can beat it: a position with no other codeword that near keeps its nearest, and only the
     * others pass over the codebook again.
     *
     * @param wide false: the native kernel without its AVX-512 step (for tests)
     */
    static int[] choose(Codebook book, float[] z, int n, Nearest near, double[] bits, double scale, double weight,
                        int keep, boolean useNative, boolean wide) {
        double fewest = Double.POSITIVE_INFINITY;
        for (double b : bits) {
            fewest = Math.min(fewest, b);
        }
        int dim = book.dimension;
        int[] codes = new int[n];
        int[] open = new int[n];
        int opened = 0;
        for (int p = 0; p < n; p++) {
            codes[p] = near.code[p];
            if (near.second[p] <= limit(near.dist[p], bits[near.code[p]], fewest, scale, weight)) {
                open[opened++] = p;
            }
        }
        if (opened == 0) {
            return codes;
        }
        float[] rest = new float[opened * dim];
        int[] best = new int[opened];
        float[] min = new float[opened];
        for (int i = 0; i < opened; i++) {
            System.arraycopy(z, open[i] * dim, rest, i * dim, dim);
            best[i] = near.code[open[i]];
            min[i] = near.dist[open[i]];
        }
        int[] chosen = new int[opened];
        float[] rows = book.searchRows();
        float[] norms = book.norms();
        int size = book.size;
        if (useNative && LOADED && moderate(rest, opened * dim)) {
            choose(rest, opened, dim, rows, norms, size, bits, scale, weight, fewest, keep, best, min,
                    new float[4 * size], new int[size + 16], wide, new int[keep], new float[keep], chosen);
        } else {
            float[] dist = new float[size];
            int[] cand = new int[size];
            for (int i = 0; i < opened; i++) {
                distances(rest, i, dim, rows, norms, size, dist);
                chosen[i] = cheapest(dist, cand, best[i], min[i], bits, scale, weight, fewest, keep);
            }
        }
        for (int i = 0; i < opened; i++) {
            codes[open[i]] = chosen[i];
        }
        return codes;
    }

    /** How far (in distance less |z|²) a codeword may be and still beat the nearest, whose distance is min. */
    private static float limit(float min, double nearestBits, double fewest, double scale, double weight) {
        return Math.nextUp((float) (min + weight * (nearestBits - fewest) / scale));
    }

    /** {@link #choose}'s choice at one position whose distances are {@code dist}, its nearest best at min. */
    private static int cheapest(float[] dist, int[] cand, int best, float min, double[] bits, double scale,
                                double weight, double fewest, int keep) {
        float limit = limit(min, bits[best], fewest, scale, weight);
        int m = 0;
        for (int k = 0; k < dist.length; k++) {
            if (dist[k] <= limit) {
                cand[m++] = k;
            }
        }
        for (int i = 0; i < Math.min(m, keep); i++) { // the keep nearest first (a selection: few are beyond)
            int at = i;
            for (int j = i + 1; j < m; j++) {
                boolean before = dist[cand[j]] < dist[cand[at]]
                        || dist[cand[j]] == dist[cand[at]] && cand[j] < cand[at];
                at = before ? j : at;
            }
            int t = cand[i];
            cand[i] = cand[at];
            cand[at] = t;
        }
        int code = best;
        double lowest = min * scale + weight * bits[best];
        float nearest = min;
        for (int j = 0; j < Math.min(m, keep); j++) {
            int k = cand[j];
            float v = dist[k];
            double cost = v * scale + weight * bits[k];
            if (cost < lowest || cost == lowest && (v < nearest || v == nearest && k < code)) {
                lowest = cost;
                nearest = v;
                code = k;
            }
        }
        return code;
    }

    /** Position p's {@code |w|² − 2 z·w} for every codeword, in the order the native kernel sums them. */
    private static void distances(float[] z, int p, int dim, float[] rows, float[] norms, int size, float[] dist) {
        System.arraycopy(norms, 0, dist, 0, size);
        for (int d = 0; d < dim; d++) {
            float zd = z[p * dim + d];
            int row = d * size;
            for (int k = 0; k < size; k++) {
                dist[k] = dist[k] + zd * rows[row + k];
            }
        }
    }

    /**
     * Whether every latent is finite and moderate, so every distance is finite, which the native kernel's search
     * by blocks assumes (the Java path takes NaN and infinities as they come).
     */
    private static boolean moderate(float[] z, int n) {
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(z[i]) < 1e15f)) {
                return false;
            }
        }
        return true;
    }

    private static native void choose(float[] z, int n, int d, float[] rows, float[] norms, int k, double[] bits,
                                      double scale, double weight, double fewest, int keep, int[] best, float[] min,
                                      float[] dist, int[] within, boolean wide, int[] cand, float[] candDist,
                                      int[] codes);

    private static native void nearest(float[] z, int n, int d, float[] rows, float[] norms, int k, float[] dist,
                                       int[] best, float[] min, float[] second);
}
