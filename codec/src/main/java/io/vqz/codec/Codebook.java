package io.vqz.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A VQ codebook: K codewords of D floats, from {@code codebook.bin} (one layer) or one layer of
 * {@code codebooks.bin} (layered models). The encoder's rate–distortion optimised index choice measures
 * against it, and a layered model's decoder input is the sum of the codewords each layer chose
 * ({@link #accumulate}). Immutable and thread-safe.
 */
final class Codebook {
    final int size;
    final int dimension;
    /** Row-major [K][D]. */
    final float[] words;
    /** {@link #spacing()} once computed, else 0 (a computed spacing is at least 1e-12). */
    private volatile double spacing;
    /** {@code byDimension[d][k]}: dimension d of every codeword, the layout a distance scan vectorises over. */
    private final float[][] byDimension;
    /** For {@link CodebookKernel}: {@code −2·w} by dimension, {@code [d · K + k]}, and each codeword's squared norm. */
    private final float[] searchRows;
    private final float[] norms;

    private Codebook(int size, int dimension, float[] words) {
        this.size = size;
        this.dimension = dimension;
        this.words = words;
        this.byDimension = new float[dimension][size];
        this.searchRows = new float[dimension * size];
        this.norms = new float[size];
        for (int k = 0; k < size; k++) {
            for (int d = 0; d < dimension; d++) {
                float w = words[k * dimension + d];
                byDimension[d][k] = w;
                searchRows[d * size + k] = -2 * w;
                norms[k] = norms[k] + w * w;
            }
        }
    }

    /**
     * Mean squared distance of a codeword to its nearest other codeword: the unit of distortion in the RDO.
     * Only encoders need it, and it costs K² distances (50 ms of a cold decode for six layers), so it is computed
     * on first use; threads racing to it compute the same value.
     */
    double spacing() {
        double s = spacing;
        if (s == 0) {
            double sum = 0;
            for (int k = 0; k < size; k++) {
                double nearest = Double.POSITIVE_INFINITY;
                for (int j = 0; j < size; j++) {
                    if (j != k) {
                        double t = 0;
                        for (int d = 0; d < dimension; d++) {
                            double v = words[k * dimension + d] - words[j * dimension + d];
                            t += v * v;
                        }
                        nearest = Math.min(nearest, t);
                    }
                }
                sum += size > 1 ? nearest : 1;
            }
            s = Math.max(1e-12, sum / size);
            spacing = s;
        }
        return s;
    }

    /**
     * Fills {@code out[k]} with the squared distance of every codeword k to {@code z[off .. off + D)}:
     * {@code (…((0 + v₀²) + v₁²) + …) + v_{D−1}²} in float, the same bits in every encoder. Two dimensions per pass
     * over a small {@code out} (which stays in the cache), as the terms' order allows; the first term stands alone,
     * {@code 0 + v²} being {@code v²}.
     */
    void distances(float[] z, int off, float[] out) {
        float z0 = z[off];
        float[] r0 = byDimension[0];
        for (int k = 0; k < size; k++) {
            float v = z0 - r0[k];
            out[k] = v * v;
        }
        int d = 1;
        for (; d + 1 < dimension; d += 2) {
            float za = z[off + d];
            float zb = z[off + d + 1];
            float[] ra = byDimension[d];
            float[] rb = byDimension[d + 1];
            for (int k = 0; k < size; k++) {
                float a = za - ra[k];
                float b = zb - rb[k];
                out[k] = out[k] + a * a + b * b;
            }
        }
        for (; d < dimension; d++) {
            float zd = z[off + d];
            float[] row = byDimension[d];
            for (int k = 0; k < size; k++) {
                float v = zd - row[k];
                out[k] = out[k] + v * v;
            }
        }
    }

    float[] searchRows() {
        return searchRows;
    }

    float[] norms() {
        return norms;
    }

    /** The codeword nearest to {@code z[off .. off + D)} (squared distance; the first on a tie). */
    int nearest(float[] z, int off, float[] scratch) {
        distances(z, off, scratch);
        int best = 0;
        for (int k = 1; k < size; k++) {
            if (scratch[k] < scratch[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Adds this layer's chosen codewords to the coarser layers' sum, the one definition shared by encoder and
     * decoder (docs/FORMAT.md, 9.5): for every position {@code p} and dimension {@code d} in order,
     * {@code sum[p·D + d] = sum[p·D + d] + word[codes[p]][d]} in float; a null {@code sum} stands for zeros and
     * gives the codewords themselves.
     *
     * @param sum   {@code codes.length · D} floats, or null for the base layer
     * @param codes one code per position
     * @return {@code sum}, updated, or a new array when it was null
     */
    float[] accumulate(float[] sum, int[] codes) {
        float[] out = sum == null ? new float[codes.length * dimension] : sum;
        for (int p = 0; p < codes.length; p++) {
            int from = codes[p] * dimension;
            int to = p * dimension;
            for (int d = 0; d < dimension; d++) {
                out[to + d] = sum == null ? words[from + d] : out[to + d] + words[from + d];
            }
        }
        return out;
    }

    /**
     * The codebooks of a layered model ({@code codebooks.bin}: {@code "VQZCODE2"}, u32 S, K, D little-endian,
     * then S·K·D floats).
     */
    static Codebook[] parseLayers(byte[] bytes, int expectedLayers, int expectedK, int expectedD) throws IOException {
        if (bytes.length < 20 || !new String(bytes, 0, 8, StandardCharsets.US_ASCII).equals("VQZCODE2")) {
            throw new IOException("codebooks.bin: bad signature");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int layers = b.getInt();
        int k = b.getInt();
        int d = b.getInt();
        if (layers != expectedLayers || k != expectedK || d != expectedD) {
            throw new IOException("codebooks.bin: S=" + layers + ", K=" + k + ", D=" + d + " but the manifest says S="
                    + expectedLayers + ", K=" + expectedK + ", D=" + expectedD);
        }
        if (bytes.length != 20 + 4L * layers * k * d) {
            throw new IOException("codebooks.bin: expected " + (20 + 4L * layers * k * d) + " bytes, found "
                    + bytes.length);
        }
        Codebook[] books = new Codebook[layers];
        for (int l = 0; l < layers; l++) {
            float[] words = new float[k * d];
            b.asFloatBuffer().get(words);
            b.position(b.position() + 4 * k * d);
            books[l] = new Codebook(k, d, words);
        }
        return books;
    }

    static Codebook parse(byte[] bytes, int expectedK, int expectedD) throws IOException {
        if (bytes.length < 16 || !new String(bytes, 0, 8, StandardCharsets.US_ASCII).equals("VQZCODE1")) {
            throw new IOException("codebook.bin: bad signature");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int k = b.getInt();
        int d = b.getInt();
        if (k != expectedK || d != expectedD) {
            throw new IOException("codebook.bin: K=" + k + ", D=" + d + " but the manifest says K=" + expectedK
                    + ", D=" + expectedD);
        }
        if (bytes.length != 16 + 4L * k * d) {
            throw new IOException("codebook.bin: expected " + (16 + 4L * k * d) + " bytes, found " + bytes.length);
        }
        float[] words = new float[k * d];
        b.asFloatBuffer().get(words);
        return new Codebook(k, d, words);
    }
}
