package io.vqz.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fastest level's codebook search ({@link Order0Choice}): each latent's nearest codeword, and its choice among
 * its nearest under a rate term, by the squared distance less the latent's own squared norm, {@code |w|² − 2 z·w}
 * (the same order and differences; a multiply and an add per term where the distance takes three operations). Two
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
    static final boolean LOADED = load();

    private CodebookKernel() {
    }

    /** One search's results, arrays sized for {@code n} positions of {@code keep} candidates. */
    static final class Found {
        final int[] nearest;
        /** Position p's candidates are {@code codes[p · keep .. p · keep + count[p])}, in no particular order. */
        final int[] count;
        final int[] codes;
        final float[] dist;
        final int keep;

        Found(int n, int keep) {
            this.keep = keep;
            nearest = new int[n];
            count = new int[n];
            codes = new int[n * keep];
            dist = new float[n * keep];
        }
    }

    /**
     * The nearest codeword of each of the {@code n} latents {@code z} (D floats each; the first on a tie), and the
     * {@code keep} nearest (the lower index first on a tie) of the codewords whose distance is at most the nearest's
     * plus {@code spread}, in no particular order; {@link Found#dist} holds their squared distances less
     * {@code |z|²}.
     */
    static Found search(Codebook book, float[] z, int n, double spread, int keep, boolean useNative) {
        return search(book, z, n, spread, keep, useNative, true);
    }

    /** As above; {@code wide} false: the native kernel without its AVX-512 step (its plain form, for tests). */
    static Found search(Codebook book, float[] z, int n, double spread, int keep, boolean useNative, boolean wide) {
        Found f = new Found(n, keep);
        float[] dist = new float[book.size];
        float[] rows = book.searchRows();
        float[] norms = book.norms();
        int size = book.size;
        int dim = book.dimension;
        if (useNative && LOADED && moderate(z, n * dim)) {
            int blocks = (size + 31) / 32;
            search(z, n, dim, rows, norms, size, spread, keep, new float[4 * size], new float[4 * blocks],
                    new int[size + 16], wide, f.nearest, f.count, f.codes, f.dist);
            return f;
        }
        for (int p = 0; p < n; p++) {
            distances(z, p, dim, rows, norms, size, dist);
            int best = 0;
            float min = dist[0];
            for (int k = 1; k < book.size; k++) {
                if (dist[k] < min) {
                    min = dist[k];
                    best = k;
                }
            }
            f.nearest[p] = best;
            float limit = (float) (min + spread);
            int at = p * keep;
            int m = 0;
            for (int k = 0; k < book.size; k++) {
                float d = dist[k];
                if (d <= limit && (m < keep || d < f.dist[at + keep - 1])) { // a few dozen pass in practice
                    int i = Math.min(m, keep - 1);
                    while (i > 0 && f.dist[at + i - 1] > d) {
                        f.codes[at + i] = f.codes[at + i - 1];
                        f.dist[at + i] = f.dist[at + i - 1];
                        i--;
                    }
                    f.codes[at + i] = k;
                    f.dist[at + i] = d;
                    m = Math.min(m + 1, keep);
                }
            }
            f.count[p] = m;
        }
        return f;
    }

    /**
     * The code of each of the {@code n} latents {@code z}: among its {@code keep} nearest codewords (by distance,
     * then index) the one of the lowest {@code dist · scale + weight · bits[code]}, then the lower distance, then the
     * lower code, dist being the squared distance less {@code |z|²}. Only the codewords within
     * {@code weight · (bits[nearest] − min(bits)) / scale} of the nearest can beat it, and only those are weighed.
     *
     * @param wide false: the native kernel without its AVX-512 step (for tests)
     */
    static int[] choose(Codebook book, float[] z, int n, double[] bits, double scale, double weight, int keep,
                        boolean useNative, boolean wide) {
        float[] rows = book.searchRows();
        float[] norms = book.norms();
        int size = book.size;
        int dim = book.dimension;
        double fewest = Double.POSITIVE_INFINITY;
        for (double b : bits) {
            fewest = Math.min(fewest, b);
        }
        int[] codes = new int[n];
        if (useNative && LOADED && moderate(z, n * dim)) {
            int blocks = (size + 31) / 32;
            choose(z, n, dim, rows, norms, size, bits, scale, weight, fewest, keep, new float[4 * size],
                    new float[4 * blocks], new int[size + 16], wide, new int[keep], new float[keep], codes);
            return codes;
        }
        float[] dist = new float[size];
        int[] cand = new int[size];
        for (int p = 0; p < n; p++) {
            distances(z, p, dim, rows, norms, size, dist);
            int best = 0;
            float min = dist[0];
            for (int k = 1; k < size; k++) {
                if (dist[k] < min) {
                    min = dist[k];
                    best = k;
                }
            }
            float limit = Math.nextUp((float) (min + weight * (bits[best] - fewest) / scale));
            int m = 0;
            for (int k = 0; k < size; k++) {
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
            codes[p] = code;
        }
        return codes;
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
                                      double scale, double weight, double fewest, int keep, float[] dist,
                                      float[] blockMin, int[] within, boolean wide, int[] cand, float[] candDist,
                                      int[] codes);

    private static native void search(float[] z, int n, int d, float[] rows, float[] norms, int k, double spread,
                                      int keep, float[] dist, float[] blockMin, int[] within, boolean wide,
                                      int[] nearest, int[] count, int[] codes, float[] candDist);

    private static boolean load() {
        if ("false".equals(System.getProperty("vqz.codebook.native"))) {
            return false;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))
                || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return false;
        }
        try (InputStream in = CodebookKernel.class.getResourceAsStream("native/linux-x64/libvqzcodebook.so")) {
            if (in == null) {
                return false;
            }
            Path file = Files.createTempFile("vqz-codebook", ".so");
            try {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file); // the loaded library stays mapped
            }
            return true;
        } catch (IOException | LinkageError | SecurityException e) {
            Logger.getLogger(CodebookKernel.class.getName()).log(Level.FINE,
                    "native codebook search not loaded; the Java path runs", e);
            return false;
        }
    }
}
